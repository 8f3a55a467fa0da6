package io.github.xcluster.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real etcd and kube-apiserver whose etcd dies under them, as one did in CI during a start. */
class LocalApiServerTest {
    @TempDir
    Path workDir;

    @Test
    void whenEtcdDiesKubeApiTestCleansUpAndClosingAfterwardsDoesNotFail() {
        Set<Long> etcdsBefore = etcds().stream().map(ProcessHandle::pid).collect(Collectors.toSet());
        LocalApiServer server = LocalApiServer.start(workDir, System.getenv());
        ProcessHandle etcd = etcds().stream()
                .filter(process -> !etcdsBefore.contains(process.pid()))
                .findFirst()
                .orElseThrow();
        Path dataDir = dataDirOf(etcd);
        assertThat(dataDir).isDirectory();

        etcd.destroyForcibly();

        assertThat(Eventually.holds(Duration.ofSeconds(30), () -> !Files.exists(dataDir)))
                .as("kube-api-test deletes the data of an etcd that stopped unexpectedly")
                .isTrue();
        assertThatCode(server::close).doesNotThrowAnyException();
    }

    private static List<ProcessHandle> etcds() {
        return ProcessHandle.current()
                .descendants()
                .filter(process -> process.info().command().orElse("").endsWith("/etcd"))
                .toList();
    }

    private static Path dataDirOf(ProcessHandle etcd) {
        List<String> arguments = List.of(etcd.info().arguments().orElseThrow());
        return Path.of(arguments.get(arguments.indexOf("-data-dir") + 1));
    }
}
