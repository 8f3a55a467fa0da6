package io.github.xcluster.webhook;

import static io.github.xcluster.webhook.SimulatedMetal.OTHER_PROJECT;
import static io.github.xcluster.webhook.SimulatedMetal.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.xcluster.api.capi.ApiEndpoint;
import io.github.xcluster.api.capi.MetalStackCluster;
import io.github.xcluster.api.capi.MetalStackClusterSpec;
import io.github.xcluster.api.capi.MetalStackClusterTemplate;
import io.github.xcluster.api.capi.MetalStackClusterTemplateResource;
import io.github.xcluster.api.capi.MetalStackClusterTemplateSpec;
import io.github.xcluster.metal.CachingMetalLookups;
import io.github.xcluster.metal.IpAddress;
import io.github.xcluster.metal.IpAllocationRequest;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.metal.NetworkAllocationRequest;
import io.github.xcluster.metal.NetworkQuery;
import io.github.xcluster.rules.Denial;
import io.github.xcluster.rules.FirewallDefaults;
import io.github.xcluster.rules.MetalStackClusterChecks;
import io.github.xcluster.rules.SpecRules;
import io.github.xcluster.rules.Verdict;
import io.javaoperatorsdk.webhook.admission.Operation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MetalStackClusterValidatorTest {
    static SimulatedMetal metal;
    static String ownNetwork;
    static String otherProjectsNetwork;
    static String ownAddress;
    static String otherProjectsAddress;

    @BeforeAll
    static void start() {
        metal = SimulatedMetal.start();
        ownNetwork = allocateNetwork(PROJECT);
        otherProjectsNetwork = allocateNetwork(OTHER_PROJECT);
        ownAddress = allocateAddress(PROJECT);
        otherProjectsAddress = allocateAddress(OTHER_PROJECT);
    }

    @AfterAll
    static void stop() {
        metal.close();
    }

    private static String allocateNetwork(String project) {
        return metal.metalApi
                .allocateNetwork(new NetworkAllocationRequest(project, "vagrant", "nodes", "nodes", Map.of()))
                .id();
    }

    private static String allocateAddress(String project) {
        return metal.metalApi
                .allocateIp(new IpAllocationRequest(
                        "internet-vagrant-lab", project, IpAddress.Type.STATIC, "cp", "cp", List.of(), null))
                .address();
    }

    private Verdict create(MetalStackCluster cluster) {
        return new MetalStackClusterValidator(metal.rules()).validate(cluster, null, Operation.CREATE);
    }

    private Verdict update(MetalStackCluster old, MetalStackCluster cluster) {
        return new MetalStackClusterValidator(metal.rules()).validate(cluster, old, Operation.UPDATE);
    }

    @Test
    void clusterWithPartitionAndProjectOnlyIsAdmitted() {
        assertThat(create(CapiResources.cluster())).isEqualTo(Verdict.allow());
    }

    @Test
    void ownNetworkAndOwnAddressAreAdmitted() {
        MetalStackCluster cluster = CapiResources.cluster();
        cluster.getSpec().setNodeNetworkID(ownNetwork);
        cluster.getSpec().setControlPlaneIP(ownAddress);

        assertThat(create(cluster)).isEqualTo(Verdict.allow());
    }

    @Test
    void missingFieldsAreDeniedBeforeMetalApiIsAsked() {
        MetalStackCluster cluster = CapiResources.cluster();
        cluster.getSpec().setPartition(null);
        cluster.getSpec().setProjectID("not-a-uuid");

        assertThat(create(cluster).denials())
                .extracting(Denial::field)
                .containsExactlyInAnyOrder("spec.partition", "spec.projectID");
    }

    @Test
    void unknownPartitionAndProjectAreDeniedNamingTheValidPartitions() {
        MetalStackCluster cluster = CapiResources.cluster();
        cluster.getSpec().setPartition("nowhere");
        cluster.getSpec().setProjectID("22222222-2222-2222-2222-222222222222");

        assertThat(create(cluster).denials())
                .extracting(Denial::toString)
                .containsExactly(
                        "spec.partition: partition \"nowhere\" does not exist; valid partitions: mini-lab, vagrant",
                        "spec.projectID: project \"22222222-2222-2222-2222-222222222222\" does not exist");
    }

    @Test
    void nodeNetworkOfAnotherProjectIsDeniedAsIfItDidNotExist() {
        MetalStackCluster cluster = CapiResources.cluster();
        cluster.getSpec().setNodeNetworkID(otherProjectsNetwork);
        MetalStackCluster missing = CapiResources.cluster();
        missing.getSpec().setNodeNetworkID("no-such-network");

        assertThat(create(cluster).message())
                .isEqualTo("spec.nodeNetworkID: network \"" + otherProjectsNetwork + "\" does not exist in project \""
                        + PROJECT + "\"; valid private networks of the project in the partition: " + ownNetwork)
                .isEqualTo(create(missing).message().replace("no-such-network", otherProjectsNetwork))
                .doesNotContain(OTHER_PROJECT);
    }

    @Test
    void externalNetworkIsDeniedAsNodeNetworkNamingTheProjectsOwn() {
        MetalStackCluster cluster = CapiResources.cluster();
        cluster.getSpec().setNodeNetworkID("internet-vagrant-lab");

        assertThat(create(cluster).message())
                .isEqualTo("spec.nodeNetworkID: network \"internet-vagrant-lab\" is not a private network;"
                        + " valid private networks of the project in the partition: " + ownNetwork)
                .doesNotContain(otherProjectsNetwork);
    }

    @Test
    void addressNotAllocatedIsDeniedSayingWhatToDo() {
        MetalStackCluster cluster = CapiResources.cluster();
        cluster.getSpec().setControlPlaneIP("185.24.3.250");

        assertThat(create(cluster).message())
                .isEqualTo("spec.controlPlaneIP: address \"185.24.3.250\" is not allocated in project \"" + PROJECT
                        + "\"; allocate it there first, or leave controlPlaneIP empty to have one allocated");
    }

    @Test
    void addressOfAnotherProjectIsDeniedAsIfItWereNotAllocated() {
        MetalStackCluster cluster = CapiResources.cluster();
        cluster.getSpec().setControlPlaneIP(otherProjectsAddress);

        assertThat(create(cluster).message())
                .isEqualTo("spec.controlPlaneIP: address \"" + otherProjectsAddress
                        + "\" is not allocated in project \"" + PROJECT
                        + "\"; allocate it there first, or leave controlPlaneIP empty to have one allocated")
                .doesNotContain(OTHER_PROJECT);
    }

    @Test
    void changedPartitionAndAddressAreDeniedInTheWordsOfTheSchema() {
        MetalStackCluster old = CapiResources.cluster();
        old.getSpec().setControlPlaneIP(ownAddress);
        MetalStackCluster moved = Resources.copy(old);
        moved.getSpec().setPartition("mini-lab");
        moved.getSpec().setControlPlaneIP(otherProjectsAddress);

        assertThat(update(old, moved).denials())
                .extracting(Denial::toString)
                .containsExactly(
                        "spec.partition: is immutable (was \"vagrant\", now \"mini-lab\"); "
                                + MetalStackClusterSpec.WHY_PARTITION_IMMUTABLE,
                        "spec.controlPlaneIP: is immutable (was \"" + ownAddress + "\", now \"" + otherProjectsAddress
                                + "\"); " + MetalStackClusterSpec.WHY_CONTROL_PLANE_IP_IMMUTABLE);
    }

    @Test
    void theOperatorSettingTheEndpointOnceIsAdmittedAndChangingItIsDenied() {
        MetalStackCluster old = CapiResources.cluster();
        MetalStackCluster withEndpoint = Resources.copy(old);
        withEndpoint.getSpec().setControlPlaneEndpoint(new ApiEndpoint("185.24.0.7", 443));
        MetalStackCluster moved = Resources.copy(withEndpoint);
        moved.getSpec().setControlPlaneEndpoint(new ApiEndpoint("185.24.0.8", 443));

        assertThat(update(old, withEndpoint)).isEqualTo(Verdict.allow());
        assertThat(update(withEndpoint, moved).message())
                .isEqualTo("spec.controlPlaneEndpoint: is immutable (was \"185.24.0.7:443\", now \"185.24.0.8:443\"); "
                        + MetalStackClusterSpec.WHY_ENDPOINT_IMMUTABLE);
    }

    @Test
    void metadataOnlyUpdateOfAClusterAdmittedBeforeARuleIsAdmitted() {
        MetalStackCluster old = CapiResources.cluster();
        old.getSpec().setControlPlaneIP("185.24.3.250");
        MetalStackCluster withFinalizer = Resources.copy(old);
        withFinalizer.getMetadata().setFinalizers(List.of(MetalStackCluster.FINALIZER));

        assertThat(update(old, withFinalizer)).isEqualTo(Verdict.allow());
    }

    @Test
    void withoutAddressOrEndpointThePartitionNeedsADefaultExternalNetwork() {
        MetalStackCluster cluster = CapiResources.cluster();
        MetalStackCluster withAddress = CapiResources.cluster();
        withAddress.getSpec().setControlPlaneIP(ownAddress);
        MetalStackCluster withEndpoint = CapiResources.cluster();
        withEndpoint.getSpec().setControlPlaneEndpoint(new ApiEndpoint("cp.example.com", 443));

        try (SpecRules rules = new SpecRules(
                new CachingMetalLookups(
                        withoutDefaultExternalNetworks(metal.metalApi),
                        SimulatedMetal.CLOCK,
                        Duration.ofSeconds(10),
                        Runnable::run),
                FirewallDefaults.none(),
                SimulatedMetal.CLOCK)) {
            MetalStackClusterValidator validator = new MetalStackClusterValidator(rules);

            assertThat(validator.validate(cluster, null, Operation.CREATE).message())
                    .isEqualTo("spec.controlPlaneIP: is required: partition \"vagrant\" has no default external network"
                            + " (label network.metal-stack.io/default-external) to allocate the control-plane address"
                            + " from; name an address of the project");
            assertThat(validator.validate(withAddress, null, Operation.CREATE)).isEqualTo(Verdict.allow());
            assertThat(validator.validate(withEndpoint, null, Operation.CREATE)).isEqualTo(Verdict.allow());
        }
        assertThat(create(cluster)).isEqualTo(Verdict.allow());
    }

    /** The simulated metal-api as in a partition whose operator never labelled a default external network. */
    private static MetalApi withoutDefaultExternalNetworks(MetalApi metalApi) {
        return (MetalApi) Proxy.newProxyInstance(
                MetalApi.class.getClassLoader(), new Class<?>[] {MetalApi.class}, (proxy, method, args) -> {
                    if (method.getName().equals("findNetworks")
                            && ((NetworkQuery) args[0]).labels() != null
                            && ((NetworkQuery) args[0])
                                    .labels()
                                    .containsKey(MetalStackClusterChecks.DEFAULT_EXTERNAL_LABEL)) {
                        return List.of();
                    }
                    try {
                        return method.invoke(metalApi, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void templateIsCheckedAtItsSpecPathAndCannotChange() {
        MetalStackClusterTemplate template =
                clusterTemplate(CapiResources.cluster().getSpec());
        template.getSpec().getTemplate().getSpec().setPartition("nowhere");
        MetalStackClusterTemplate good = clusterTemplate(CapiResources.cluster().getSpec());
        MetalStackClusterTemplate changed = Resources.copy(good);
        changed.getSpec().getTemplate().getSpec().setNodeNetworkID(ownNetwork);

        assertThat(TemplateValidator.ofClusters(metal.rules())
                        .validate(template, null, Operation.CREATE)
                        .message())
                .isEqualTo("spec.template.spec.partition: partition \"nowhere\" does not exist;"
                        + " valid partitions: mini-lab, vagrant");
        assertThat(TemplateValidator.ofClusters(metal.rules()).validate(good, null, Operation.CREATE))
                .isEqualTo(Verdict.allow());
        assertThat(TemplateValidator.ofClusters(metal.rules())
                        .validate(changed, good, Operation.UPDATE)
                        .message())
                .isEqualTo("spec.template: is immutable; Cluster API rolls out a change by pointing to a new template");
    }

    @Test
    void theReconcilerMeetsTheSameWords() {
        MetalStackCluster cluster = CapiResources.cluster();
        cluster.getSpec().setControlPlaneIP(otherProjectsAddress);

        assertThat(metal.rules().checkForReconcile(cluster.getSpec())).isEqualTo(create(cluster));
    }

    private static MetalStackClusterTemplate clusterTemplate(MetalStackClusterSpec spec) {
        MetalStackClusterTemplateResource resource = new MetalStackClusterTemplateResource();
        resource.setSpec(spec);
        MetalStackClusterTemplateSpec templateSpec = new MetalStackClusterTemplateSpec();
        templateSpec.setTemplate(resource);
        MetalStackClusterTemplate template = new MetalStackClusterTemplate();
        template.setMetadata(CapiResources.cluster().getMetadata());
        template.setSpec(templateSpec);
        return template;
    }
}
