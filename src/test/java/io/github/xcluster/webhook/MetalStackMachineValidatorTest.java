package io.github.xcluster.webhook;

import static io.github.xcluster.webhook.SimulatedMetal.LARGE;
import static io.github.xcluster.webhook.SimulatedMetal.MACHINE_1;
import static io.github.xcluster.webhook.SimulatedMetal.MACHINE_2;
import static io.github.xcluster.webhook.SimulatedMetal.OTHER_PROJECT;
import static io.github.xcluster.webhook.SimulatedMetal.PROJECT;
import static io.github.xcluster.webhook.SimulatedMetal.SMALL;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.xcluster.api.capi.MetalStackMachine;
import io.github.xcluster.api.capi.MetalStackMachineSpec;
import io.github.xcluster.api.capi.MetalStackMachineTemplate;
import io.github.xcluster.metal.MachineAllocationRequest;
import io.github.xcluster.metal.NetworkAllocationRequest;
import io.github.xcluster.rules.Denial;
import io.github.xcluster.rules.Verdict;
import io.javaoperatorsdk.webhook.admission.Operation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MetalStackMachineValidatorTest {
    static final String MACHINE_IMAGES = "valid machine images: ubuntu-20.04.20201026, ubuntu-cloud-init-20.04";
    /** The cluster the machines' label names, as the Kubernetes API would answer. */
    static final MetalStackClusters ONE_CLUSTER = (namespace, name) ->
            CapiResources.CLUSTER_NAME.equals(name) ? Optional.of(CapiResources.cluster()) : Optional.empty();

    static SimulatedMetal metal;
    static String otherProjectsMachine;

    @BeforeAll
    static void start() {
        metal = SimulatedMetal.startWithMachinesPerSize(3);
        allocate(PROJECT, MACHINE_2);
        otherProjectsMachine = machineOf("vagrant", SMALL, 2);
        allocate(OTHER_PROJECT, otherProjectsMachine);
    }

    @AfterAll
    static void stop() {
        metal.close();
    }

    private static void allocate(String project, String machineId) {
        String network = metal.metalApi
                .allocateNetwork(new NetworkAllocationRequest(project, "vagrant", "nodes", "nodes", Map.of()))
                .id();
        metal.metalApi.allocateMachine(new MachineAllocationRequest(
                "worker",
                "worker",
                null,
                project,
                "vagrant",
                SMALL,
                CapiResources.MACHINE_IMAGE,
                machineId,
                List.of(network),
                List.of(),
                List.of(),
                null,
                List.of(),
                List.of()));
    }

    static String machineOf(String partition, String size, int index) {
        return UUID.nameUUIDFromBytes((partition + "/" + size + "/" + index).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private Verdict create(MetalStackMachine machine) {
        return new MetalStackMachineValidator(metal.rules(), ONE_CLUSTER).validate(machine, null, Operation.CREATE);
    }

    private Verdict update(MetalStackMachine old, MetalStackMachine machine) {
        return new MetalStackMachineValidator(metal.rules(), ONE_CLUSTER).validate(machine, old, Operation.UPDATE);
    }

    private static MetalStackMachine withProviderId(String providerId) {
        MetalStackMachine machine = CapiResources.machine();
        machine.getSpec().setProviderID(providerId);
        return machine;
    }

    @Test
    void aCloneOfAnAdmittedTemplateIsAdmitted() {
        MetalStackMachineTemplate template = CapiResources.machineTemplate();
        MetalStackMachine clone = CapiResources.machine();
        clone.getMetadata()
                .setAnnotations(Map.of(
                        "cluster.x-k8s.io/cloned-from-name",
                        template.getMetadata().getName(),
                        "cluster.x-k8s.io/cloned-from-groupkind",
                        "MetalStackMachineTemplate.infrastructure.cluster.x-k8s.io"));
        clone.setSpec(Resources.copy(template.getSpec().getTemplate().getSpec()));

        assertThat(TemplateValidator.ofMachines(metal.rules()).validate(template, null, Operation.CREATE))
                .isEqualTo(Verdict.allow());
        assertThat(create(clone)).isEqualTo(Verdict.allow());
    }

    @Test
    void firewallImageIsDeniedAsMachineImage() {
        MetalStackMachine machine = CapiResources.machine();
        machine.getSpec().setImage("firewall-ubuntu-3.0.20240503");

        assertThat(create(machine).message())
                .isEqualTo("spec.image: image \"firewall-ubuntu-3.0.20240503\" is not a machine image (features:"
                        + " firewall); " + MACHINE_IMAGES);
    }

    @Test
    void unknownImageAndSizeAreDeniedNamingTheValidOnes() {
        MetalStackMachine machine = CapiResources.machine();
        machine.getSpec().setImage("debian-9.9");
        machine.getSpec().setSize("v9-huge");

        assertThat(create(machine).denials())
                .extracting(Denial::toString)
                .containsExactly(
                        "spec.image: image \"debian-9.9\" does not exist; " + MACHINE_IMAGES,
                        "spec.size: size \"v9-huge\" does not exist; valid sizes: c1-xlarge-x86, v1-small-x86");
    }

    @Test
    void freeMachineOfTheClustersPartitionAndSizeIsAdmitted() {
        assertThat(create(withProviderId("metal://vagrant/" + MACHINE_1))).isEqualTo(Verdict.allow());
        assertThat(create(withProviderId("metalstack://" + MACHINE_1))).isEqualTo(Verdict.allow());
    }

    @Test
    void machineAllocatedInAnotherProjectIsDeniedWithoutSayingWhoseItIs() {
        assertThat(create(withProviderId("metalstack://" + otherProjectsMachine))
                        .message())
                .isEqualTo("spec.providerID: machine \"" + otherProjectsMachine + "\" is not free: it is allocated"
                        + " in another project, not in \"" + PROJECT + "\"")
                .doesNotContain(OTHER_PROJECT);
    }

    @Test
    void aMovedMachineOfTheClustersProjectIsAdmittedButWithoutItsClusterOnlyAFreeOne() {
        MetalStackMachine moved = withProviderId("metal://vagrant/" + MACHINE_2);
        MetalStackMachine early = withProviderId("metal://vagrant/" + MACHINE_2);
        early.getMetadata().setLabels(Map.of());

        assertThat(create(moved)).isEqualTo(Verdict.allow());
        assertThat(create(early).message())
                .isEqualTo("spec.providerID: machine \"" + MACHINE_2 + "\" is not free: it is allocated already");
    }

    @Test
    void machineOfAnotherSizeOrPartitionOrUnknownIsDenied() {
        String miniLab = machineOf("mini-lab", SMALL, 0);
        String large = machineOf("vagrant", LARGE, 0);

        assertThat(create(withProviderId("metalstack://" + miniLab)).message())
                .isEqualTo("spec.providerID: machine \"" + miniLab + "\" is in partition \"mini-lab\", not in"
                        + " \"vagrant\"");
        assertThat(create(withProviderId("metalstack://" + large)).message())
                .isEqualTo("spec.providerID: machine \"" + large + "\" has size \"c1-xlarge-x86\", not"
                        + " \"v1-small-x86\"");
        assertThat(create(withProviderId("metalstack://no-such-machine")).message())
                .isEqualTo("spec.providerID: machine \"no-such-machine\" does not exist");
    }

    @Test
    void providerIdNamingAnotherPartitionThanTheClustersIsDenied() {
        assertThat(create(withProviderId("metal://mini-lab/" + MACHINE_1)).message())
                .isEqualTo("spec.providerID: names partition \"mini-lab\", but the cluster's machines are in"
                        + " partition \"vagrant\"");
    }

    @Test
    void withoutItsClusterAMachineIsCheckedInThePartitionItsProviderIdNames() {
        String miniLab = machineOf("mini-lab", SMALL, 0);
        MetalStackMachine early = withProviderId("metal://mini-lab/" + miniLab);
        early.getMetadata().setLabels(Map.of());
        MetalStackMachine elsewhere = withProviderId("metal://vagrant/" + miniLab);
        elsewhere.getMetadata().setLabels(Map.of());

        assertThat(create(early)).isEqualTo(Verdict.allow());
        assertThat(create(elsewhere).message())
                .isEqualTo("spec.providerID: machine \"" + miniLab + "\" is in partition \"mini-lab\", not in"
                        + " \"vagrant\"");
    }

    @Test
    void theOperatorSettingProviderIdToTheMachineItAllocatedIsAdmitted() {
        MetalStackMachine old = CapiResources.machine();
        MetalStackMachine allocated = withProviderId("metal://vagrant/" + MACHINE_2);
        MetalStackMachine foreign = withProviderId("metal://vagrant/" + otherProjectsMachine);

        assertThat(update(old, allocated)).isEqualTo(Verdict.allow());
        assertThat(update(old, foreign).message())
                .isEqualTo("spec.providerID: machine \"" + otherProjectsMachine + "\" is not free: it is allocated"
                        + " in another project, not in \"" + PROJECT + "\"")
                .doesNotContain(OTHER_PROJECT);
    }

    @Test
    void changedImageAndProviderIdAreDeniedInTheWordsOfTheSchema() {
        MetalStackMachine old = withProviderId("metal://vagrant/" + MACHINE_2);
        MetalStackMachine changed = Resources.copy(old);
        changed.getSpec().setImage("ubuntu-cloud-init-20.04");
        changed.getSpec().setProviderID("metal://vagrant/" + MACHINE_1);

        assertThat(update(old, changed).denials())
                .extracting(Denial::toString)
                .containsExactly(
                        "spec.image: is immutable (was \"ubuntu-20.04.20201026\", now \"ubuntu-cloud-init-20.04\"); "
                                + MetalStackMachineSpec.WHY_IMAGE_IMMUTABLE,
                        "spec.providerID: is immutable (was \"metal://vagrant/" + MACHINE_2 + "\", now"
                                + " \"metal://vagrant/" + MACHINE_1 + "\"); "
                                + MetalStackMachineSpec.WHY_PROVIDER_ID_IMMUTABLE);
    }

    @Test
    void malformedProviderIdIsDeniedBeforeMetalApiIsAsked() {
        assertThat(create(withProviderId("aws:///eu-central-1a/i-0123")).message())
                .isEqualTo("spec.providerID: must be metal://<partition>/<machine-id> or metalstack://<machine-id>,"
                        + " was \"aws:///eu-central-1a/i-0123\"");
    }

    @Test
    void templateIsCheckedAtItsSpecPathAndCannotChange() {
        MetalStackMachineTemplate template = CapiResources.machineTemplate();
        template.getSpec().getTemplate().getSpec().setImage("firewall-ubuntu-3.0.20240503");
        MetalStackMachineTemplate good = CapiResources.machineTemplate();
        MetalStackMachineTemplate changed = Resources.copy(good);
        changed.getSpec().getTemplate().getSpec().setSize(LARGE);

        assertThat(TemplateValidator.ofMachines(metal.rules())
                        .validate(template, null, Operation.CREATE)
                        .message())
                .isEqualTo("spec.template.spec.image: image \"firewall-ubuntu-3.0.20240503\" is not a machine image"
                        + " (features: firewall); " + MACHINE_IMAGES);
        assertThat(TemplateValidator.ofMachines(metal.rules())
                        .validate(changed, good, Operation.UPDATE)
                        .message())
                .isEqualTo("spec.template: is immutable; Cluster API rolls out a change by pointing to a new template");
    }

    @Test
    void theReconcilerMeetsTheSameWords() {
        MetalStackMachine foreign = withProviderId("metal://vagrant/" + otherProjectsMachine);

        assertThat(metal.rules().checkForReconcile(foreign.getSpec(), "vagrant", PROJECT))
                .isEqualTo(update(CapiResources.machine(), foreign));
        assertThat(metal.rules()
                        .checkForReconcile(
                                withProviderId("metal://vagrant/" + MACHINE_2).getSpec(), "vagrant", PROJECT))
                .isEqualTo(Verdict.allow());
    }
}
