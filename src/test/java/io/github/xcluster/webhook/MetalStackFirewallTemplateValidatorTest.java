package io.github.xcluster.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.xcluster.api.capi.MetalStackFirewallTemplate;
import io.github.xcluster.rules.Denial;
import io.github.xcluster.rules.Verdict;
import io.javaoperatorsdk.webhook.admission.Operation;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A MetalStackFirewallTemplate against the simulator's catalog: what is refused, where, and with which choices. */
class MetalStackFirewallTemplateValidatorTest {
    private static final String VALID = """
            apiVersion: infrastructure.cluster.x-k8s.io/v1alpha1
            kind: MetalStackFirewallTemplate
            metadata:
              name: fw
              namespace: default
            spec:
              image: firewall-ubuntu-3.0
              size: c1-xlarge-x86
              networks: [internet-vagrant-lab]
              partition: vagrant
              initialRuleSet:
                egress:
                - {comment: https out, protocol: TCP, ports: [443], to: [0.0.0.0/0]}
                ingress:
                - {comment: api in, protocol: TCP, ports: [443], from: [0.0.0.0/0]}
            """;

    static SimulatedMetal metal;

    @BeforeAll
    static void start() {
        metal = SimulatedMetal.start();
    }

    @AfterAll
    static void stop() {
        metal.close();
    }

    private static MetalStackFirewallTemplate template(String yaml, Map<String, String> replacements) {
        String edited = yaml;
        for (Map.Entry<String, String> replacement : replacements.entrySet()) {
            edited = edited.replace(replacement.getKey(), replacement.getValue());
        }
        return Serialization.unmarshal(edited, MetalStackFirewallTemplate.class);
    }

    private static Verdict create(MetalStackFirewallTemplate template) {
        return new MetalStackFirewallTemplateValidator(metal.rules()).validate(template, null, Operation.CREATE);
    }

    @Test
    void aTemplateLikeMetalStacksIsAdmitted() {
        assertThat(create(template(VALID, Map.of()))).isEqualTo(Verdict.allow());
    }

    @Test
    void aMachineImageIsRefusedAtSpecImage() {
        Verdict verdict = create(template(VALID, Map.of("firewall-ubuntu-3.0", "ubuntu-20.04")));

        assertThat(verdict.denials()).extracting(Denial::field).containsExactly("spec.image");
        assertThat(verdict.message()).contains("ubuntu-20.04", "firewall");
    }

    @Test
    void aSizeThatCannotRunTheImageIsRefusedAtSpecSize() {
        Verdict verdict = create(template(VALID, Map.of("firewall-ubuntu-3.0", "firewall-ubuntu-2.0")));

        assertThat(verdict.denials()).extracting(Denial::field).containsExactly("spec.size");
    }

    @Test
    void anUnknownNetworkIsRefusedWithThePartitionsExternalNetworks() {
        Verdict verdict = create(template(VALID, Map.of("networks: [internet-vagrant-lab]", "networks: [internet]")));

        assertThat(verdict.denials()).extracting(Denial::field).containsExactly("spec.networks[0]");
        assertThat(verdict.message()).contains("\"internet\" does not exist", "internet-vagrant-lab");
    }

    @Test
    void aBadRuleCidrIsRefusedBeforeMetalApiIsAsked() {
        Verdict verdict = create(template(VALID, Map.of("from: [0.0.0.0/0]", "from: [10.0.0.300/8]")));

        assertThat(verdict.denials())
                .singleElement()
                .satisfies(denial -> assertThat(denial.field()).startsWith("spec.initialRuleSet.ingress[0]"));
        assertThat(verdict.message()).contains("10.0.0.300/8");
    }

    @Test
    void aChangeOfLabelsAloneIsNotLookedAt() {
        MetalStackFirewallTemplate old = template(VALID, Map.of("firewall-ubuntu-3.0", "no-such-image"));
        MetalStackFirewallTemplate labelled = template(VALID, Map.of("firewall-ubuntu-3.0", "no-such-image"));
        labelled.getMetadata().setLabels(Map.of("team", "a"));

        assertThat(new MetalStackFirewallTemplateValidator(metal.rules()).validate(labelled, old, Operation.UPDATE))
                .isEqualTo(Verdict.allow());
    }
}
