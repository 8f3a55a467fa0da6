package io.github.xcluster.webhook;

import static io.github.xcluster.webhook.AdmissionReviews.read;
import static io.github.xcluster.webhook.DefaultingTest.patchOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.github.xcluster.api.capi.MetalStackMachine;
import io.github.xcluster.api.capi.MetalStackMachineTemplate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Machine image shorthands pinned through the admission path, down to the JSON patch the apiserver applies. */
class MachineDefaultingTest {
    static SimulatedMetal metal;
    static ExecutorService workers;
    static AdmissionControl control;
    final AdmissionReviewCodec codec = new AdmissionReviewCodec();

    @BeforeAll
    static void start() {
        metal = SimulatedMetal.start();
        workers = Executors.newFixedThreadPool(2);
        control = new AdmissionControl(
                workers, Duration.ofSeconds(5), false, new AdmissionOutcomes(new SimpleMeterRegistry()));
    }

    @AfterAll
    static void stop() {
        workers.shutdownNow();
        metal.close();
    }

    private AdmissionResponse mutate(String operation, MetalStackMachine machine) throws Exception {
        String body = AdmissionReviews.review(operation, Resources.json(machine), Resources.json(machine));
        return control.defaulting(
                        MetalStackMachine.class,
                        new MetalStackMachineDefaulter(metal.rules().machineDefaulter()))
                .answer(codec.read(body, MetalStackMachine.class))
                .toCompletableFuture()
                .get()
                .getResponse();
    }

    private AdmissionResponse mutate(MetalStackMachineTemplate template) throws Exception {
        String body = AdmissionReviews.review("CREATE", Resources.json(template), null);
        return control.defaulting(
                        MetalStackMachineTemplate.class,
                        new MetalStackMachineTemplateDefaulter(metal.rules().machineDefaulter()))
                .answer(codec.read(body, MetalStackMachineTemplate.class))
                .toCompletableFuture()
                .get()
                .getResponse();
    }

    @Test
    void imageShorthandOfANewMachineIsPinnedToItsNewestVersion() throws Exception {
        MetalStackMachine machine = CapiResources.machine();
        machine.getSpec().setImage("ubuntu-20.04");

        AdmissionResponse response = mutate("CREATE", machine);

        assertThat(response.getAllowed()).isTrue();
        assertThat(patchOf(response))
                .isEqualTo(read("[{'op': 'replace', 'path': '/spec/image', 'value': 'ubuntu-20.04.20201026'}]"));
    }

    @Test
    void exactImageIdUnknownImageAndUpdatesAreLeftAsWritten() throws Exception {
        MetalStackMachine exact = CapiResources.machine();
        MetalStackMachine unknown = CapiResources.machine();
        unknown.getSpec().setImage("debian-9.9");
        MetalStackMachine updated = CapiResources.machine();
        updated.getSpec().setImage("ubuntu-20.04");

        assertThat(patchOf(mutate("CREATE", exact))).isEqualTo(read("[]"));
        assertThat(patchOf(mutate("CREATE", unknown))).isEqualTo(read("[]"));
        assertThat(patchOf(mutate("UPDATE", updated))).isEqualTo(read("[]"));
    }

    @Test
    void templateImageShorthandIsPinnedSoEveryCloneGetsTheSameImage() throws Exception {
        MetalStackMachineTemplate template = CapiResources.machineTemplate();
        template.getSpec().getTemplate().getSpec().setImage("ubuntu-20.04");

        JsonNode patch = patchOf(mutate(template));

        assertThat(patch)
                .isEqualTo(read("[{'op': 'replace', 'path': '/spec/template/spec/image', 'value':"
                        + " 'ubuntu-20.04.20201026'}]"));
    }
}
