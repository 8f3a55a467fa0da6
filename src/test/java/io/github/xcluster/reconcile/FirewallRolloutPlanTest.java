package io.github.xcluster.reconcile;

import static io.github.xcluster.api.FirewallUpdate.Strategy.Recreate;
import static io.github.xcluster.api.FirewallUpdate.Strategy.RollingUpdate;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.api.XFirewallSpec;
import io.github.xcluster.api.XFirewallStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every state a rollout can be found in after a crash, and what {@link FirewallRollout} makes of it. */
class FirewallRolloutPlanTest {
    private static final String OLD = "aaaaaaaaaa";
    private static final String NEW = "bbbbbbbbbb";

    @Test
    void aNewClusterCreatesItsFirstFirewall() {
        FirewallRollout.Plan<XFirewall> plan =
                FirewallRollout.plan(List.of(), NEW, RollingUpdate, FirewallTemplate.ROLLOUT_FACTS);

        assertThat(plan.create()).isTrue();
        assertThat(plan.active()).isEmpty();
        assertThat(plan.retire()).isEmpty();
    }

    @Test
    void aFirstFirewallStillProvisioningIsTheActiveOneAndNothingElseIsMade() {
        XFirewall first = firewall("web", NEW, false, "active", 1);

        FirewallRollout.Plan<XFirewall> plan =
                FirewallRollout.plan(List.of(first), NEW, RollingUpdate, FirewallTemplate.ROLLOUT_FACTS);

        assertThat(plan.active()).containsSame(first);
        assertThat(plan.pending()).isEmpty();
        assertThat(plan.create()).isFalse();
    }

    @Test
    void aChangedTemplateKeepsTheReadyFirewallAndCreatesTheNewOneBesideIt() {
        XFirewall old = firewall("web", OLD, true, "active", 1);

        FirewallRollout.Plan<XFirewall> plan =
                FirewallRollout.plan(List.of(old), NEW, RollingUpdate, FirewallTemplate.ROLLOUT_FACTS);

        assertThat(plan.active()).containsSame(old);
        assertThat(plan.create()).isTrue();
        assertThat(plan.retire()).isEmpty();
    }

    @Test
    void whileTheNewOneProvisionsTheOldOneServesAndNothingIsCreatedAgain() {
        XFirewall old = firewall("web", OLD, true, "active", 1);
        XFirewall coming = firewall("web-bbbbbbbbbb", NEW, false, "pending", 2);

        FirewallRollout.Plan<XFirewall> plan =
                FirewallRollout.plan(List.of(old, coming), NEW, RollingUpdate, FirewallTemplate.ROLLOUT_FACTS);

        assertThat(plan.active()).containsSame(old);
        assertThat(plan.pending()).containsSame(coming);
        assertThat(plan.create()).isFalse();
        assertThat(plan.retire()).isEmpty();
    }

    @Test
    void onceTheNewOneIsReadyItServesAndTheOldOneGoes() {
        XFirewall old = firewall("web", OLD, true, "active", 1);
        XFirewall coming = firewall("web-bbbbbbbbbb", NEW, true, "pending", 2);

        FirewallRollout.Plan<XFirewall> plan =
                FirewallRollout.plan(List.of(old, coming), NEW, RollingUpdate, FirewallTemplate.ROLLOUT_FACTS);

        assertThat(plan.active()).containsSame(coming);
        assertThat(plan.pending()).isEmpty();
        assertThat(plan.retire()).containsExactly(old);
    }

    @Test
    void aRevertedTemplateCancelsTheComingFirewall() {
        XFirewall old = firewall("web", OLD, true, "active", 1);
        XFirewall coming = firewall("web-bbbbbbbbbb", NEW, false, "pending", 2);

        FirewallRollout.Plan<XFirewall> plan =
                FirewallRollout.plan(List.of(old, coming), OLD, RollingUpdate, FirewallTemplate.ROLLOUT_FACTS);

        assertThat(plan.active()).containsSame(old);
        assertThat(plan.pending()).isEmpty();
        assertThat(plan.create()).isFalse();
        assertThat(plan.retire()).containsExactly(coming);
    }

    @Test
    void aThirdTemplateDuringARolloutReplacesTheComingOneNotTheServingOne() {
        XFirewall old = firewall("web", OLD, true, "active", 1);
        XFirewall coming = firewall("web-bbbbbbbbbb", NEW, false, "pending", 2);

        FirewallRollout.Plan<XFirewall> plan =
                FirewallRollout.plan(List.of(old, coming), "cccccccccc", RollingUpdate, FirewallTemplate.ROLLOUT_FACTS);

        assertThat(plan.active()).containsSame(old);
        assertThat(plan.create()).isTrue();
        assertThat(plan.retire()).containsExactly(coming);
    }

    @Test
    void aServingFirewallThatTurnedUnreadyIsKeptUntilItsReplacementIsReady() {
        XFirewall old = firewall("web", OLD, false, "active", 1);
        XFirewall coming = firewall("web-bbbbbbbbbb", NEW, false, "pending", 2);

        FirewallRollout.Plan<XFirewall> plan =
                FirewallRollout.plan(List.of(old, coming), NEW, RollingUpdate, FirewallTemplate.ROLLOUT_FACTS);

        assertThat(plan.active()).containsSame(old);
        assertThat(plan.retire()).isEmpty();
    }

    @Test
    void twoFirewallsOfTheCurrentTemplateKeepTheOlderOne() {
        XFirewall first = firewall("web", NEW, true, "active", 1);
        XFirewall twin = firewall("web-bbbbbbbbbb", NEW, false, "pending", 2);

        FirewallRollout.Plan<XFirewall> plan =
                FirewallRollout.plan(List.of(twin, first), NEW, RollingUpdate, FirewallTemplate.ROLLOUT_FACTS);

        assertThat(plan.active()).containsSame(first);
        assertThat(plan.retire()).containsExactly(twin);
    }

    @Test
    void recreateFreesTheServingFirewallFirstAndCreatesOnlyOnceItIsGone() {
        XFirewall old = firewall("web", OLD, true, "active", 1);

        FirewallRollout.Plan<XFirewall> first =
                FirewallRollout.plan(List.of(old), NEW, Recreate, FirewallTemplate.ROLLOUT_FACTS);
        assertThat(first.retire()).containsExactly(old);
        assertThat(first.recreating()).isTrue();
        assertThat(first.create()).isFalse();

        old.getMetadata().setDeletionTimestamp("2026-12-02T10:00:00Z");
        FirewallRollout.Plan<XFirewall> whileDeleting =
                FirewallRollout.plan(List.of(old), NEW, Recreate, FirewallTemplate.ROLLOUT_FACTS);
        assertThat(whileDeleting.create()).isFalse();
        assertThat(whileDeleting.retire()).isEmpty();

        FirewallRollout.Plan<XFirewall> afterwards =
                FirewallRollout.plan(List.of(), NEW, Recreate, FirewallTemplate.ROLLOUT_FACTS);
        assertThat(afterwards.create()).isTrue();
    }

    @Test
    void aFirewallWithoutLabelsIsMatchedByItsSpec() {
        XFirewallSpec spec = new XFirewallSpec();
        spec.setImage("firewall-ubuntu-2.0.20201126");
        XFirewall unlabelled = firewall("web", null, true, null, 1);
        unlabelled.setSpec(spec);

        FirewallRollout.Plan<XFirewall> plan = FirewallRollout.plan(
                List.of(unlabelled), FirewallTemplate.hash(spec), RollingUpdate, FirewallTemplate.ROLLOUT_FACTS);

        assertThat(plan.active()).containsSame(unlabelled);
        assertThat(plan.create()).isFalse();
        assertThat(plan.retire()).isEmpty();
    }

    @Test
    void theHashIgnoresNothingButTheOrderOfFields() {
        XFirewallSpec a = new XFirewallSpec();
        a.setImage("firewall-ubuntu-2.0.20201126");
        a.setSize("v1-small-x86");
        XFirewallSpec b = new XFirewallSpec();
        b.setSize("v1-small-x86");
        b.setImage("firewall-ubuntu-2.0.20201126");
        assertThat(FirewallTemplate.hash(a)).isEqualTo(FirewallTemplate.hash(b)).hasSize(10);

        b.setSshPublicKeys(List.of("ssh-ed25519 AAAA"));
        assertThat(FirewallTemplate.hash(a)).isNotEqualTo(FirewallTemplate.hash(b));
    }

    private static XFirewall firewall(String name, String hash, boolean ready, String role, int minute) {
        Map<String, String> labels = new HashMap<>();
        Optional.ofNullable(hash).ifPresent(h -> labels.put(XFirewall.TEMPLATE_HASH_LABEL, h));
        Optional.ofNullable(role).ifPresent(r -> labels.put(XFirewall.ROLE_LABEL, r));
        XFirewall firewall = new XFirewall();
        firewall.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withLabels(labels)
                .withCreationTimestamp("2026-12-02T09:%02d:00Z".formatted(minute))
                .build());
        firewall.setSpec(new XFirewallSpec());
        XFirewallStatus status = new XFirewallStatus();
        status.setReady(ready);
        firewall.setStatus(status);
        return firewall;
    }
}
