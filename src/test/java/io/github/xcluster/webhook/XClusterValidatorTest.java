package io.github.xcluster.webhook;

import static io.github.xcluster.webhook.SimulatedMetal.LARGE;
import static io.github.xcluster.webhook.SimulatedMetal.MACHINE_1;
import static io.github.xcluster.webhook.SimulatedMetal.MACHINE_2;
import static io.github.xcluster.webhook.SimulatedMetal.OTHER_PROJECT;
import static io.github.xcluster.webhook.SimulatedMetal.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.github.xcluster.api.EgressRule;
import io.github.xcluster.api.FirewallRuleSet;
import io.github.xcluster.api.IngressRule;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.metal.MachineAllocationRequest;
import io.github.xcluster.metal.NetworkAllocationRequest;
import io.github.xcluster.rules.Denial;
import io.github.xcluster.rules.Verdict;
import io.javaoperatorsdk.webhook.admission.Operation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class XClusterValidatorTest {
    static final String FIREWALL_IMAGES =
            "valid firewall images: firewall-ubuntu-2.0.20200924, firewall-ubuntu-2.0.20201004,"
                    + " firewall-ubuntu-2.0.20201126, firewall-ubuntu-2.1.20210301, firewall-ubuntu-3.0.20240503";

    static SimulatedMetal metal;
    static String ownNetwork;
    static String otherProjectsNetwork;
    static String miniLabNetwork;

    @BeforeAll
    static void startMetal() {
        metal = SimulatedMetal.start();
        ownNetwork = allocateNetwork(PROJECT, "vagrant");
        otherProjectsNetwork = allocateNetwork(OTHER_PROJECT, "vagrant");
        miniLabNetwork = allocateNetwork(PROJECT, "mini-lab");
        metal.metalApi.allocateMachine(new MachineAllocationRequest(
                "worker",
                "worker",
                null,
                PROJECT,
                "vagrant",
                SimulatedMetal.SMALL,
                "ubuntu-20.04",
                MACHINE_2,
                List.of(ownNetwork),
                List.of(),
                List.of(),
                null,
                List.of(),
                List.of()));
    }

    @AfterAll
    static void stopMetal() {
        metal.close();
    }

    static String allocateNetwork(String project, String partition) {
        return metal.metalApi
                .allocateNetwork(new NetworkAllocationRequest(project, partition, "test", "test", Map.of()))
                .id();
    }

    static String machineOf(String partition, String size) {
        return UUID.nameUUIDFromBytes((partition + "/" + size + "/0").getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private Verdict create(XCluster cluster) {
        return validator().validate(cluster, null, Operation.CREATE);
    }

    private Verdict update(XCluster old, XCluster cluster) {
        return validator().validate(cluster, old, Operation.UPDATE);
    }

    private XClusterValidator validator() {
        return new XClusterValidator(metal.rules());
    }

    @Test
    void walkthroughClusterIsAdmittedWithoutWarnings() {
        Verdict verdict = create(Resources.cluster());

        assertThat(verdict.denials()).isEmpty();
        assertThat(verdict.warnings()).isEmpty();
    }

    @Test
    void unknownPartitionIsDeniedNamingTheValidPartitions() {
        XCluster cluster = Resources.cluster();
        cluster.getSpec().setPartition("nowhere");

        assertThat(create(cluster).message())
                .isEqualTo("spec.partition: partition \"nowhere\" does not exist; valid partitions: mini-lab, vagrant");
    }

    @Test
    void unknownProjectIsDenied() {
        XCluster cluster = Resources.cluster();
        cluster.getSpec().setProjectID("22222222-2222-2222-2222-222222222222");

        assertThat(create(cluster).message())
                .isEqualTo("spec.projectID: project \"22222222-2222-2222-2222-222222222222\" does not exist");
    }

    @Test
    void everyStaticViolationIsReportedAtOnceWithoutAskingMetalApi() {
        XCluster cluster = Resources.cluster();
        cluster.getSpec().setPartition("bad name!");
        cluster.getSpec().setProjectID("abc");
        Resources.firewallSpec(cluster).setImage(null);
        Resources.firewallSpec(cluster).setSize("x".repeat(129));
        Resources.firewallSpec(cluster).setPartitionID("vagrant");
        long callsBefore = metal.simulator.counters().totalCalls();

        Verdict verdict = create(cluster);

        assertThat(verdict.denials())
                .extracting(Denial::toString)
                .containsExactly(
                        "spec.partition: must be 1 to 128 letters, digits, '.', '_' or '-', starting and ending with a letter or digit, was \"bad name!\"",
                        "spec.projectID: must be a UUID such as 00000000-0000-0000-0000-000000000000, was \"abc\"",
                        "spec.xFirewallTemplate.spec.image: is required",
                        "spec.xFirewallTemplate.spec.partitionID: must not be set in a template; the XCluster's spec supplies it, was \"vagrant\"",
                        "spec.xFirewallTemplate.spec.size: must be 1 to 128 letters, digits, '.', '_' or '-', starting and ending with a letter or digit, was \""
                                + "x".repeat(80) + "...\"");
        assertThat(verdict.message()).startsWith("[spec.partition: ").endsWith("...\"]");
        assertThat(metal.simulator.counters().totalCalls()).isEqualTo(callsBefore);
    }

    @Test
    void ruleCidrsOfTheTemplateAreDeniedThroughTheAdmissionPathWithoutAskingMetalApi() throws Exception {
        XCluster cluster = Resources.cluster();
        EgressRule egress = new EgressRule();
        egress.setPorts(List.of(53));
        egress.setTo(List.of("1.1.1.1/32", "10.0.0/8"));
        IngressRule ingress = new IngressRule();
        ingress.setPorts(List.of(443));
        ingress.setFrom(List.of("203.0.113.0/24"));
        ingress.setTo(List.of("2001:db8::/32"));
        FirewallRuleSet rules = new FirewallRuleSet();
        rules.setEgress(List.of(egress));
        rules.setIngress(List.of(ingress));
        Resources.firewallSpec(cluster).setInitialRuleSet(rules);
        long callsBefore = metal.simulator.counters().totalCalls();

        AdmissionResponse response =
                AdmissionReviews.validatingAnswer(XCluster.class, validator(), Resources.json(cluster));

        assertThat(response.getAllowed()).isFalse();
        assertThat(response.getStatus().getDetails().getCauses())
                .extracting(StatusCause::getField, StatusCause::getMessage)
                .containsExactly(
                        tuple(
                                "spec.xFirewallTemplate.spec.initialRuleSet.egress[0].to[1]",
                                "\"10.0.0/8\" is not a CIDR; write an address and a prefix length, e.g. 10.0.0.0/8 or"
                                        + " 2001:db8::/32 (no host names)"),
                        tuple(
                                "spec.xFirewallTemplate.spec.initialRuleSet.ingress[0]",
                                "mixes IPv4 and IPv6 CIDRs (from[0] \"203.0.113.0/24\" is IPv4, to[0] \"2001:db8::/32\""
                                        + " is IPv6); metal-api takes one address family per rule, split it into two"
                                        + " rules"));
        assertThat(metal.simulator.counters().totalCalls()).isEqualTo(callsBefore);
    }

    @Test
    void missingTemplateIsDenied() {
        XCluster cluster = Resources.cluster();
        cluster.getSpec().setXFirewallTemplate(null);

        assertThat(create(cluster).message()).isEqualTo("spec.xFirewallTemplate: is required");
    }

    @Test
    void shorthandImageIsAdmitted() {
        XCluster cluster = Resources.cluster();
        Resources.firewallSpec(cluster).setImage("firewall-ubuntu-2.0");

        assertThat(create(cluster).allowed()).isTrue();
    }

    @Test
    void machineImageIsDeniedAsFirewallImage() {
        XCluster cluster = Resources.cluster();
        Resources.firewallSpec(cluster).setImage("ubuntu-20.04");

        assertThat(create(cluster).message())
                .isEqualTo(
                        "spec.xFirewallTemplate.spec.image: image \"ubuntu-20.04\" (resolves to \"ubuntu-20.04.20201026\") is not a"
                                + " firewall image (features: machine); " + FIREWALL_IMAGES);
    }

    @Test
    void unknownImageIsDeniedNamingTheFirewallImages() {
        XCluster cluster = Resources.cluster();
        Resources.firewallSpec(cluster).setImage("firewall-debian-9.9");

        assertThat(create(cluster).message())
                .isEqualTo("spec.xFirewallTemplate.spec.image: image \"firewall-debian-9.9\" does not exist; "
                        + FIREWALL_IMAGES);
    }

    @Test
    void expiredImageIsDenied() {
        XCluster cluster = Resources.cluster();
        Resources.firewallSpec(cluster).setImage("firewall-ubuntu-1.0.20190101");

        assertThat(create(cluster).message())
                .isEqualTo(
                        "spec.xFirewallTemplate.spec.image: image \"firewall-ubuntu-1.0.20190101\" expired on 2025-12-02; "
                                + FIREWALL_IMAGES);
    }

    @Test
    void deprecatedImageThatExpiresSoonIsAdmittedWithWarnings() {
        XCluster cluster = Resources.cluster();
        Resources.firewallSpec(cluster).setImage("firewall-ubuntu-2.1");

        Verdict verdict = create(cluster);

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.warnings())
                .containsExactly(
                        "spec.xFirewallTemplate.spec.image: image \"firewall-ubuntu-2.1\" (resolves to \"firewall-ubuntu-2.1.20210301\")"
                                + " is deprecated; consider a newer firewall image",
                        "spec.xFirewallTemplate.spec.image: image \"firewall-ubuntu-2.1\" (resolves to \"firewall-ubuntu-2.1.20210301\")"
                                + " expires on 2026-01-08 (in 7 days)");
    }

    @Test
    void unknownSizeIsDeniedNamingTheSizes() {
        XCluster cluster = Resources.cluster();
        Resources.firewallSpec(cluster).setSize("v9-huge");

        assertThat(create(cluster).message())
                .isEqualTo(
                        "spec.xFirewallTemplate.spec.size: size \"v9-huge\" does not exist; valid sizes: c1-xlarge-x86, v1-small-x86");
    }

    @Test
    void sizeThatMayNotRunTheImageIsDenied() {
        XCluster cluster = Resources.cluster();
        Resources.firewallSpec(cluster).setSize(LARGE);

        assertThat(create(cluster).message())
                .isEqualTo(
                        "spec.xFirewallTemplate.spec.size: size \"c1-xlarge-x86\" may not run image \"firewall-ubuntu-2.0.20201126\":"
                                + " check size c1-xlarge-x86 with image firewall-ubuntu-2.0.20201126: given size:c1-xlarge-x86 with image:firewall-ubuntu-2.0.20201126 does violate image constraint:"
                                + "firewall-ubuntu >= 3.0 (HTTP 422)");
    }

    @Test
    void sizeImageConstraintIsSkippedWithoutAdminCredential() {
        try (SimulatedMetal editOnly = SimulatedMetal.startWithEditCredential()) {
            XCluster cluster = Resources.cluster();
            Resources.firewallSpec(cluster).setSize(LARGE);
            XClusterValidator validator = new XClusterValidator(editOnly.rules());

            Verdict verdict = validator.validate(cluster, null, Operation.CREATE);

            assertThat(verdict.denials()).isEmpty();
        }
    }

    @Test
    void unknownDefaultNetworkIsDeniedNamingTheExternalNetworks() {
        XCluster cluster = Resources.cluster();
        Resources.firewallSpec(cluster).setDefaultNetworkID("internet-nowhere");

        assertThat(create(cluster).message())
                .isEqualTo("spec.xFirewallTemplate.spec.defaultNetworkID: network \"internet-nowhere\" does not exist;"
                        + " valid external networks: internet-vagrant-lab");
    }

    @Test
    void superNetworkIsDeniedAsDefaultNetwork() {
        XCluster cluster = Resources.cluster();
        Resources.firewallSpec(cluster).setDefaultNetworkID("tenant-super-network-vagrant");

        assertThat(create(cluster).message())
                .isEqualTo(
                        "spec.xFirewallTemplate.spec.defaultNetworkID: network \"tenant-super-network-vagrant\" is not an external"
                                + " network; valid external networks: internet-vagrant-lab");
    }

    @Test
    void ownPrivateNetworkInThePartitionIsAdmitted() {
        XCluster cluster = Resources.cluster();
        cluster.getSpec().setPrivateNetworkID(ownNetwork);

        assertThat(create(cluster).denials()).isEmpty();
    }

    @Test
    void privateNetworkOfAnotherProjectIsDeniedAsIfItDidNotExist() {
        XCluster cluster = Resources.cluster();
        cluster.getSpec().setPrivateNetworkID(otherProjectsNetwork);

        assertThat(create(cluster).message())
                .isEqualTo(
                        "spec.privateNetworkID: network \"" + otherProjectsNetwork + "\" does not exist in project \""
                                + PROJECT + "\"; valid private networks of the project in the partition: " + ownNetwork)
                .doesNotContain(OTHER_PROJECT);
    }

    @Test
    void privateNetworkInAnotherPartitionIsDenied() {
        XCluster cluster = Resources.cluster();
        cluster.getSpec().setPrivateNetworkID(miniLabNetwork);

        assertThat(create(cluster).message())
                .isEqualTo("spec.privateNetworkID: network \"" + miniLabNetwork
                        + "\" is in partition \"mini-lab\", not in partition \"vagrant\"");
    }

    @Test
    void externalNetworkIsDeniedAsPrivateNetwork() {
        XCluster cluster = Resources.cluster();
        cluster.getSpec().setPrivateNetworkID("internet-vagrant-lab");

        assertThat(create(cluster).message())
                .isEqualTo("spec.privateNetworkID: network \"internet-vagrant-lab\" is not a private network;"
                        + " valid private networks of the project in the partition: " + ownNetwork);
    }

    @Test
    void unknownPrivateNetworkIsDenied() {
        XCluster cluster = Resources.cluster();
        cluster.getSpec().setPrivateNetworkID("no-such-network");

        assertThat(create(cluster).message())
                .isEqualTo("spec.privateNetworkID: network \"no-such-network\" does not exist in project \"" + PROJECT
                        + "\"; valid private networks of the project in the partition: " + ownNetwork);
    }

    @Test
    void freeMachineOfThePartitionAndSizeIsAdmitted() {
        XCluster cluster = Resources.cluster();
        Resources.firewallSpec(cluster).setMachineID(MACHINE_1);

        assertThat(create(cluster).denials()).isEmpty();
    }

    @Test
    void allocatedMachineIsDenied() {
        XCluster cluster = Resources.cluster();
        Resources.firewallSpec(cluster).setMachineID(MACHINE_2);

        assertThat(create(cluster).message())
                .isEqualTo("spec.xFirewallTemplate.spec.machineID: machine \"" + MACHINE_2
                        + "\" is not free: it is allocated already");
    }

    @Test
    void machineOfAnotherSizeOrPartitionIsDenied() {
        XCluster large = Resources.cluster();
        Resources.firewallSpec(large).setMachineID(machineOf("vagrant", LARGE));
        XCluster miniLab = Resources.cluster();
        Resources.firewallSpec(miniLab).setMachineID(machineOf("mini-lab", SimulatedMetal.SMALL));

        assertThat(create(large).message())
                .isEqualTo("spec.xFirewallTemplate.spec.machineID: machine \"" + machineOf("vagrant", LARGE)
                        + "\" has size \"c1-xlarge-x86\", not \"v1-small-x86\"");
        assertThat(create(miniLab).message())
                .isEqualTo("spec.xFirewallTemplate.spec.machineID: machine \""
                        + machineOf("mini-lab", SimulatedMetal.SMALL)
                        + "\" is in partition \"mini-lab\", not in \"vagrant\"");
    }

    @Test
    void unknownMachineIsDenied() {
        XCluster cluster = Resources.cluster();
        Resources.firewallSpec(cluster).setMachineID("99999999-9999-9999-9999-999999999999");

        assertThat(create(cluster).message())
                .isEqualTo(
                        "spec.xFirewallTemplate.spec.machineID: machine \"99999999-9999-9999-9999-999999999999\" does not exist");
    }

    @Test
    void partitionWithoutFreeMachineOfTheSizeIsAdmittedWithWarning() {
        try (SimulatedMetal empty = SimulatedMetal.startWithMachinesPerSize(0)) {
            XClusterValidator validator = new XClusterValidator(empty.rules());

            Verdict verdict = validator.validate(Resources.cluster(), null, Operation.CREATE);

            assertThat(verdict.allowed()).isTrue();
            assertThat(verdict.warnings())
                    .containsExactly(
                            "spec.xFirewallTemplate.spec.size: partition \"vagrant\" has no free machine of size \"v1-small-x86\" right"
                                    + " now; the firewall is allocated once one becomes free");
        }
    }

    @Test
    void changingPartitionOrProjectIsDeniedWithTheReason() {
        XCluster old = Resources.cluster();
        XCluster changed = Resources.copy(old);
        changed.getSpec().setPartition("mini-lab");
        changed.getSpec().setProjectID(OTHER_PROJECT);

        assertThat(update(old, changed).denials())
                .extracting(Denial::toString)
                .containsExactly(
                        "spec.partition: is immutable (was \"vagrant\", now \"mini-lab\"); the cluster's network and firewall live in"
                                + " that partition; create a new XCluster for another partition",
                        "spec.projectID: is immutable (was \"" + PROJECT + "\", now \"" + OTHER_PROJECT
                                + "\"); the cluster's network"
                                + " and firewall belong to that project; create a new XCluster for another project");
    }

    @Test
    void privateNetworkMayBeSetOnceButNotChanged() {
        XCluster old = Resources.cluster();
        XCluster withNetwork = Resources.copy(old);
        withNetwork.getSpec().setPrivateNetworkID(ownNetwork);
        XCluster otherNetwork = Resources.copy(withNetwork);
        otherNetwork.getSpec().setPrivateNetworkID(miniLabNetwork);

        assertThat(update(old, withNetwork).denials()).isEmpty();
        assertThat(update(withNetwork, otherNetwork).message())
                .isEqualTo(
                        "spec.privateNetworkID: is immutable (was \"" + ownNetwork + "\", now \"" + miniLabNetwork
                                + "\"); the"
                                + " cluster's firewall is attached to that network; create a new XCluster to use another network");
    }

    @Test
    void updateOfTemplateImageChecksOnlyTheNewImage() {
        XCluster old = Resources.cluster();
        XCluster changed = Resources.copy(old);
        Resources.firewallSpec(changed).setImage("firewall-ubuntu-1.0.20190101");

        assertThat(update(old, changed).message())
                .isEqualTo(
                        "spec.xFirewallTemplate.spec.image: image \"firewall-ubuntu-1.0.20190101\" expired on 2025-12-02; "
                                + FIREWALL_IMAGES);
    }

    @Test
    void updateWithUnchangedSpecIsAdmittedWithoutAskingMetalApi() {
        XCluster old = Resources.cluster();
        Resources.firewallSpec(old).setImage("firewall-ubuntu-1.0.20190101");
        XCluster relabelled = Resources.copy(old);
        relabelled.getMetadata().setLabels(Map.of("team", "network"));
        long callsBefore = metal.simulator.counters().totalCalls();

        assertThat(update(old, relabelled)).isEqualTo(Verdict.allow());
        assertThat(metal.simulator.counters().totalCalls()).isEqualTo(callsBefore);
    }

    @Test
    void deletionIsNeverBlocked() {
        XCluster cluster = Resources.cluster();
        cluster.getSpec().setPartition("nowhere");

        assertThat(validator().validate(null, cluster, Operation.DELETE)).isEqualTo(Verdict.allow());
    }
}
