package io.github.xcluster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.dev.LocalWorld;
import io.github.xcluster.metal.HttpMetalApi;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.metal.MetalApiConfig;
import io.github.xcluster.testing.Samples;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deletion policy annotation under the worst case: both CRDs deleted while the operator runs, so every XCluster
 * and XFirewall is deleted at once and their cleanups race. A world of its own, since the CRDs do not come back,
 * and without webhooks, which would refuse the misspelt policy that the controllers must still treat safely.
 */
class DeletionPolicyTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String ANNOTATION = "cluster.www.x-cellent.com/deletion-policy";
    private static final String NAMESPACE = "teams";
    private static LocalWorld world;

    @BeforeAll
    static void startWorld() {
        world = LocalWorld.start(
                LocalWorld.Options.forTests(Path.of("target/deletion-policy-world"))
                        .withoutWebhooks(),
                System.getenv());
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    @Test
    void deletingTheCrdsUnderARunningOperatorKeepsWhatOrphanedObjectsHoldAndFreesTheRest() {
        KubernetesClient client = world.client();
        MetalApi metal =
                HttpMetalApi.connect(MetalApiConfig.of(world.simulator().baseUrl(), world.hmacKey()));
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NAMESPACE)
                        .endMetadata()
                        .build())
                .create();
        create(client, "kept", "Orphan");
        create(client, "typo", "orphan");
        create(client, "dropped", null);
        Map<String, String> networks = Map.of(
                "kept", awaitReady(client, "kept"),
                "typo", awaitReady(client, "typo"),
                "dropped", awaitReady(client, "dropped"));
        Map<String, List<String>> firewalls = Map.of(
                "kept", world.simulator().counters().firewallIdsIn(networks.get("kept")),
                "typo", world.simulator().counters().firewallIdsIn(networks.get("typo")),
                "dropped", world.simulator().counters().firewallIdsIn(networks.get("dropped")));
        assertThat(firewalls.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));

        List<String> deleted = List.of("xclusters.cluster.www.x-cellent.com", "xfirewalls.cluster.www.x-cellent.com");
        for (String crd : deleted) {
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(crd)
                    .delete();
        }
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(client.apiextensions()
                                .v1()
                                .customResourceDefinitions()
                                .list()
                                .getItems())
                        .extracting(crd -> crd.getMetadata().getName())
                        .doesNotContainAnyElementsOf(deleted));

        for (String kept : List.of("kept", "typo")) {
            assertThat(metal.network(networks.get(kept)))
                    .as("network of %s", kept)
                    .isPresent();
            assertThat(world.simulator().counters().firewallIdsIn(networks.get(kept)))
                    .as("firewall machines of %s", kept)
                    .isEqualTo(firewalls.get(kept));
        }
        assertThat(metal.network(networks.get("dropped"))).isEmpty();
        assertThat(metal.machine(firewalls.get("dropped").get(0)).orElseThrow().allocation())
                .as("the dropped cluster's firewall machine is free")
                .isNull();

        List<Event> events = client.v1().events().inNamespace(NAMESPACE).list().getItems();
        assertThat(events)
                .filteredOn(event -> event.getReason().equals("Orphaned"))
                .extracting(event -> event.getInvolvedObject().getKind() + " "
                        + event.getInvolvedObject().getName() + ": " + event.getMessage())
                .containsExactlyInAnyOrder(
                        "XCluster kept: deletion policy Orphan (annotation " + ANNOTATION + "): private network "
                                + networks.get("kept") + " and the firewall machines stay in metal-api",
                        "XFirewall kept: deletion policy Orphan (annotation " + ANNOTATION + "): firewall machine "
                                + firewalls.get("kept").get(0) + " stays in metal-api",
                        "XCluster typo: the deletion policy \"orphan\" (annotation " + ANNOTATION + ") is neither"
                                + " Delete nor Orphan, so nothing is freed: private network " + networks.get("typo")
                                + " and the firewall machines stay in metal-api",
                        "XFirewall typo: the deletion policy \"orphan\" (annotation " + ANNOTATION + ") is neither"
                                + " Delete nor Orphan, so nothing is freed: firewall machine "
                                + firewalls.get("typo").get(0) + " stays in metal-api");
    }

    private static void create(KubernetesClient client, String name, String policy) {
        XCluster cluster = Samples.xcluster(NAMESPACE, name);
        if (policy != null) {
            cluster.getMetadata().setAnnotations(Map.of(ANNOTATION, policy));
        }
        client.resource(cluster).create();
    }

    /** Waits until the cluster is Ready and answers its private network. */
    private static String awaitReady(KubernetesClient client, String name) {
        return await().atMost(PATIENCE)
                .until(
                        () -> {
                            XCluster cluster = client.resources(XCluster.class)
                                    .inNamespace(NAMESPACE)
                                    .withName(name)
                                    .get();
                            return cluster != null
                                            && cluster.getStatus() != null
                                            && cluster.getStatus().isReady()
                                    ? cluster.getStatus().getPrivateNetworkID()
                                    : null;
                        },
                        network -> network != null);
    }
}
