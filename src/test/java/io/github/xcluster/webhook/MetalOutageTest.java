package io.github.xcluster.webhook;

import static io.github.xcluster.webhook.SimulatedMetal.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.xcluster.api.XCluster;
import io.javaoperatorsdk.webhook.admission.NotAllowedException;
import io.javaoperatorsdk.webhook.admission.Operation;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetalOutageTest {
    private final SimulatedMetal metal = SimulatedMetal.start();
    private final SpecConstraints constraints = new SpecConstraints();
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final AdmissionRules rules =
            new AdmissionRules(FirewallDefaults.none(), metal.lookups(), constraints, CLOCK);

    @AfterEach
    void stop() {
        workers.shutdownNow();
        constraints.close();
        metal.close();
    }

    private AdmissionRunner runner(boolean failOpen, Duration deadline) {
        return new AdmissionRunner(workers, deadline, new MetalOutagePolicy(failOpen, deadline));
    }

    private Verdict validate(AdmissionRunner runner) throws Exception {
        return runner.validate(() -> rules.clusterValidator.validate(Resources.cluster(), null, Operation.CREATE))
                .get();
    }

    @Test
    void unreachableMetalApiDeniesByDefault() throws Exception {
        metal.simulator.faults().outage(true);

        Verdict verdict = validate(runner(false, Duration.ofSeconds(30)));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).startsWith("metal-api unreachable: ");
    }

    @Test
    void unreachableMetalApiAdmitsWithWarningWhenFailingOpen() throws Exception {
        metal.simulator.faults().outage(true);

        Verdict verdict = validate(runner(true, Duration.ofSeconds(30)));

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.warnings())
                .singleElement()
                .asString()
                .startsWith("metal-api unreachable: ")
                .endsWith("; admitted without metal-api checks (the webhook fails open)");
    }

    @Test
    void metalApiThatDoesNotAnswerWithinTheDeadlineCountsAsUnreachable() throws Exception {
        metal.simulator.faults().timeouts(true);

        Verdict verdict = validate(runner(false, Duration.ofMillis(300)));

        assertThat(verdict.message()).isEqualTo("metal-api unreachable: no answer within 300ms");
    }

    @Test
    void staticViolationsAreDeniedEvenWhenFailingOpen() throws Exception {
        metal.simulator.faults().outage(true);
        XCluster cluster = Resources.cluster();
        cluster.getSpec().setProjectID("abc");

        Verdict verdict = runner(true, Duration.ofSeconds(30))
                .validate(() -> rules.clusterValidator.validate(cluster, null, Operation.CREATE))
                .get();

        assertThat(verdict.message())
                .isEqualTo("spec.projectID: must be a UUID such as 00000000-0000-0000-0000-000000000000, was \"abc\"");
    }

    @Test
    void defaultingDeniesWhenMetalApiIsUnreachableAndFailingClosed() {
        metal.simulator.faults().outage(true);
        XCluster cluster = Resources.cluster();
        Resources.firewallSpec(cluster).setImage(null);

        assertThatThrownBy(() -> runner(false, Duration.ofSeconds(30))
                        .mutate(() -> rules.clusterDefaulter.mutate(cluster, Operation.CREATE), cluster)
                        .get())
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(NotAllowedException.class)
                .satisfies(e -> assertThat(((NotAllowedException) e).getStatus().getMessage())
                        .startsWith("metal-api unreachable: "));
    }

    @Test
    void defaultingLeavesTheObjectUnchangedWhenMetalApiIsUnreachableAndFailingOpen() throws Exception {
        metal.simulator.faults().outage(true);
        XCluster cluster = Resources.cluster();
        XCluster working = Resources.copy(cluster);
        Resources.firewallSpec(working).setImage(null);

        XCluster answer = runner(true, Duration.ofSeconds(30))
                .mutate(() -> rules.clusterDefaulter.mutate(working, Operation.CREATE), cluster)
                .get();

        assertThat(answer).isSameAs(cluster);
    }
}
