package io.github.xcluster.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The checked-in bundle and ci.yaml pass the community pipeline's static checks; each misses is named. */
class CommunityPipelineChecksTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();

    private final BundleYaml yaml = new BundleYaml();
    private final GeneratedBundle bundle = GeneratedBundle.read(ROOT.resolve("bundle"), yaml);
    private final JsonNode ciYaml = yaml.readDocument(ROOT.resolve("ci.yaml"));

    @Test
    void theBundleAndCiYamlPassEveryCheck() {
        assertThat(checks().findings()).isEmpty();
    }

    @Test
    void openShiftVersionsThatDoNotStartAtMinKubeVersionAreNamed() {
        ((ObjectNode) bundle.annotations()).put(OpenShiftVersions.ANNOTATION, "v4.12");

        assertThat(checks().findings())
                .containsExactly("com.redhat.openshift.versions v4.12 starts at an OpenShift release with "
                        + "Kubernetes 1.25, but minKubeVersion is 1.28.0");
    }

    @Test
    void aPinnedUserIdAndAnImageMissingFromRelatedImagesAreNamed() {
        ObjectNode pod = (ObjectNode) bundle.csv().at("/spec/install/spec/deployments/0/spec/template/spec");
        ((ObjectNode) pod.path("containers").get(0)).put("image", "registry.example/other:1");
        pod.withObjectProperty("securityContext").put("runAsUser", 65532);

        assertThat(checks().findings())
                .containsExactlyInAnyOrder(
                        "CSV spec.relatedImages lacks registry.example/other:1, which the operator runs",
                        "the operator pod pins runAsUser 65532; OpenShift's restricted policy assigns the ids, "
                                + "leave them out");
    }

    @Test
    void everyOwnedKindWithoutExampleOrInternalMarkIsNamed() {
        ObjectNode annotations = bundle.csv().withObjectProperty("metadata").withObjectProperty("annotations");
        annotations.put("alm-examples", "[]");

        assertThat(checks().findings())
                .containsExactly(
                        "owned kind XCluster has neither an alm-examples entry nor a place in internal-objects",
                        "owned kind MetalStackCluster has neither an alm-examples entry nor a place in internal-objects",
                        "owned kind MetalStackClusterTemplate has neither an alm-examples entry nor a place in "
                                + "internal-objects",
                        "owned kind MetalStackMachineTemplate has neither an alm-examples entry nor a place in "
                                + "internal-objects",
                        "owned kind MetalStackFirewallDeployment has neither an alm-examples entry nor a place in "
                                + "internal-objects",
                        "owned kind MetalStackFirewallTemplate has neither an alm-examples entry nor a place in "
                                + "internal-objects",
                        "owned kind ProjectBinding has neither an alm-examples entry nor a place in internal-objects");
    }

    @Test
    void missingPlatformLabelsSuggestedNamespaceAndReviewersAreNamed() {
        bundle.csv().withObjectProperty("metadata").remove("labels");
        bundle.csv()
                .withObjectProperty("metadata")
                .withObjectProperty("annotations")
                .remove(ClusterServiceVersion.SUGGESTED_NAMESPACE);
        ((ObjectNode) ciYaml).remove("reviewers");

        assertThat(checks().findings())
                .containsExactlyInAnyOrder(
                        "CSV annotation operatorframework.io/suggested-namespace must be a namespace name, is ''",
                        "CSV metadata.labels has no operatorframework.io/arch.<value>: supported",
                        "CSV metadata.labels has no operatorframework.io/os.<value>: supported",
                        "ci.yaml lists no reviewers; the pipeline asks them to approve new versions");
    }

    private CommunityPipelineChecks checks() {
        return new CommunityPipelineChecks(bundle, ciYaml, yaml);
    }
}
