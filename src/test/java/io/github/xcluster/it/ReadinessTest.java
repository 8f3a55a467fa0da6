package io.github.xcluster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.xcluster.dev.CrdInstaller;
import io.github.xcluster.dev.LocalWorld;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /readyz} on the real API server follows the controllers' watches. This test deletes a CRD
 * under the operator, so it has a world of its own rather than the shared one.
 */
class ReadinessTest {
    private static final Path CRDS = Path.of("config/crd/bases");
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static LocalWorld world;

    @BeforeAll
    static void startWorld() {
        world = LocalWorld.start(LocalWorld.Options.forTests(Path.of("target/readiness-world")), System.getenv());
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    @Test
    void readinessIsLostWithTheXFirewallWatchAndComesBackWithIt() {
        awaitReadyz(200, "ok");

        world.client()
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("xfirewalls.cluster.www.x-cellent.com")
                .delete();
        awaitReadyz(503, "not ready: unhealthy event sources: xcluster/xfirewalls, xfirewall/.+");

        CrdInstaller.install(world.client(), CRDS);
        awaitReadyz(200, "ok");
    }

    private static void awaitReadyz(int status, String body) {
        HttpRequest readyz = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + world.operator().healthPort() + "/readyz"))
                .timeout(Duration.ofSeconds(5))
                .build();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            HttpResponse<String> answer = HTTP.send(readyz, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
            assertThat(answer.body()).matches(body);
        });
    }
}
