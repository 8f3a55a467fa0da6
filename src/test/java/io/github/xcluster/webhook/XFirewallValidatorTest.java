package io.github.xcluster.webhook;

import static io.github.xcluster.webhook.SimulatedMetal.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.github.xcluster.api.FirewallRuleSet;
import io.github.xcluster.api.IngressRule;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.metal.NetworkAllocationRequest;
import io.github.xcluster.rules.Denial;
import io.github.xcluster.rules.Verdict;
import io.javaoperatorsdk.webhook.admission.Operation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class XFirewallValidatorTest {
    static SimulatedMetal metal;
    static String network;

    @BeforeAll
    static void start() {
        metal = SimulatedMetal.start();
        network = metal.metalApi
                .allocateNetwork(new NetworkAllocationRequest(PROJECT, "vagrant", "fw", "fw", Map.of()))
                .id();
    }

    @AfterAll
    static void stop() {
        metal.close();
    }

    private Verdict validate(XFirewall firewall, XFirewall old, Operation operation) {
        return new XFirewallValidator(metal.rules()).validate(firewall, old, operation);
    }

    @Test
    void firewallOfTheClusterControllerIsAdmitted() {
        assertThat(validate(Resources.firewall(network), null, Operation.CREATE))
                .isEqualTo(Verdict.allow());
    }

    @Test
    void aRuleCidrThatIsAHostNameIsDeniedThroughTheAdmissionPath() throws Exception {
        XFirewall firewall = Resources.firewall(network);
        IngressRule ssh = new IngressRule();
        ssh.setPorts(List.of(22));
        ssh.setFrom(List.of("2001:db8::/32", "bastion.example.com/32"));
        FirewallRuleSet rules = new FirewallRuleSet();
        rules.setIngress(List.of(ssh));
        firewall.getSpec().setInitialRuleSet(rules);

        AdmissionResponse response = AdmissionReviews.validatingAnswer(
                XFirewall.class, new XFirewallValidator(metal.rules()), Resources.json(firewall));

        assertThat(response.getAllowed()).isFalse();
        assertThat(response.getStatus().getMessage())
                .isEqualTo("spec.initialRuleSet.ingress[0].from[1]: \"bastion.example.com/32\" is not a CIDR; write an"
                        + " address and a prefix length, e.g. 10.0.0.0/8 or 2001:db8::/32 (no host names)");
    }

    @Test
    void standaloneFirewallMustNamePartitionProjectAndPrivateNetwork() {
        XFirewall firewall = Resources.firewall(null);
        firewall.getSpec().setPartitionID(null);
        firewall.getSpec().setProjectID(null);

        assertThat(validate(firewall, null, Operation.CREATE).message())
                .isEqualTo(
                        "[spec.partitionID: is required, spec.privateNetworkID: is required, spec.projectID: is required]");
    }

    @Test
    void unknownPartitionIsDeniedUnderItsOwnField() {
        XFirewall firewall = Resources.firewall(network);
        firewall.getSpec().setPartitionID("nowhere");

        assertThat(validate(firewall, null, Operation.CREATE).denials())
                .extracting(Denial::toString)
                .containsExactly(
                        "spec.partitionID: partition \"nowhere\" does not exist; valid partitions: mini-lab, vagrant",
                        "spec.privateNetworkID: network \"" + network
                                + "\" is in partition \"vagrant\", not in partition \"nowhere\"");
    }

    @Test
    void changingImageSizeOrMachineIsDeniedBecauseItNeedsANewFirewall() {
        XFirewall old = Resources.firewall(network);
        XFirewall changed = Resources.copy(old);
        changed.getSpec().setImage("firewall-ubuntu-3.0.20240503");
        changed.getSpec().setSize(SimulatedMetal.LARGE);
        changed.getSpec().setMachineID(SimulatedMetal.MACHINE_1);
        String why = "changing it needs a new firewall: create another XFirewall and delete this one, or let an"
                + " XCluster's template roll it out";

        assertThat(validate(changed, old, Operation.UPDATE).denials())
                .extracting(Denial::toString)
                .containsExactly(
                        "spec.image: is immutable (was \"firewall-ubuntu-2.0.20201126\", now \"firewall-ubuntu-3.0.20240503\"); the"
                                + " firewall machine is installed with that image; " + why,
                        "spec.size: is immutable (was \"v1-small-x86\", now \"c1-xlarge-x86\"); the firewall machine has that size; "
                                + why,
                        "spec.machineID: is immutable (was null, now \"" + SimulatedMetal.MACHINE_1
                                + "\"); the firewall runs on that" + " machine; " + why);
    }

    @Test
    void changedDefaultNetworkIsCheckedOnUpdate() {
        XFirewall old = Resources.firewall(network);
        XFirewall changed = Resources.copy(old);
        changed.getSpec().setDefaultNetworkID("internet-nowhere");

        assertThat(validate(changed, old, Operation.UPDATE).message())
                .isEqualTo(
                        "spec.defaultNetworkID: network \"internet-nowhere\" does not exist; valid external networks: internet-vagrant-lab");
    }

    @Test
    void statusOnlyUpdateIsAdmitted() {
        XFirewall old = Resources.firewall(network);
        old.getSpec().setPartitionID("nowhere");
        XFirewall withStatus = Resources.copy(old);
        withStatus.setStatus(new io.github.xcluster.api.XFirewallStatus());
        withStatus.getStatus().setReady(true);

        assertThat(validate(withStatus, old, Operation.UPDATE)).isEqualTo(Verdict.allow());
    }
}
