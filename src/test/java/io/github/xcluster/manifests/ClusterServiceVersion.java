package io.github.xcluster.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Completes the hand-written CSV base of config/manifests with what config/ and the pom already
 * say: name and version, image, install strategy, webhook definitions, the kind and version of each
 * owned CRD, the examples, every image the Deployment runs (relatedImages, for disconnected mirrors)
 * and config/default's namespace as the one OperatorHub suggests.
 */
final class ClusterServiceVersion {
    static final String FILE_SUFFIX = ".clusterserviceversion.yaml";
    static final String SUGGESTED_NAMESPACE = "operatorframework.io/suggested-namespace";

    private ClusterServiceVersion() {}

    record Parts(
            ProjectCoordinates project,
            ContainerImage image,
            InstallStrategy install,
            List<WebhookDefinition> webhooks,
            List<CustomResourceDefinition> crds,
            List<JsonNode> examples,
            String namespace) {}

    /** An entry of {@code spec.relatedImages}. */
    record RelatedImage(String name, String image) {}

    static ObjectNode assemble(ObjectNode base, Parts parts, BundleYaml yaml) {
        ObjectNode csv = base.deepCopy();
        ObjectNode metadata = csv.withObjectProperty("metadata");
        metadata.put("name", parts.project().csvName());
        ObjectNode annotations = metadata.withObjectProperty("annotations");
        annotations.put("alm-examples", yaml.toJson(parts.examples()));
        annotations.put("containerImage", parts.image().reference());
        annotations.put(SUGGESTED_NAMESPACE, parts.namespace());

        ObjectNode spec = csv.withObjectProperty("spec");
        spec.put("version", parts.project().version());
        spec.set("install", yaml.tree(parts.install()));
        spec.set("webhookdefinitions", yaml.tree(parts.webhooks()));
        spec.set("relatedImages", yaml.tree(relatedImages(parts.install())));
        completeOwnedCrds(
                spec.withObjectProperty("customresourcedefinitions").withArrayProperty("owned"), parts.crds());
        return csv;
    }

    private static List<RelatedImage> relatedImages(InstallStrategy install) {
        return install.spec().deployments().stream()
                .flatMap(deployment -> deployment.spec().getTemplate().getSpec().getContainers().stream())
                .map(container -> new RelatedImage(container.getName(), container.getImage()))
                .distinct()
                .toList();
    }

    /** Each CRD needs one owned entry in the base; the entry gets the CRD's kind and storage version. */
    private static void completeOwnedCrds(ArrayNode owned, List<CustomResourceDefinition> crds) {
        Map<String, CustomResourceDefinition> byName =
                crds.stream().collect(Collectors.toMap(crd -> crd.getMetadata().getName(), Function.identity()));
        Set<String> described = new LinkedHashSet<>();
        for (JsonNode entry : owned) {
            String name = entry.path("name").asText();
            CustomResourceDefinition crd = byName.get(name);
            if (crd == null) {
                throw new BundleSourceException(
                        "the CSV base describes an owned CRD " + name + ", but config/crd/bases has no such CRD");
            }
            ((ObjectNode) entry).put("kind", crd.getSpec().getNames().getKind());
            ((ObjectNode) entry).put("version", storageVersion(crd));
            described.add(name);
        }
        for (String name : byName.keySet()) {
            if (!described.contains(name)) {
                throw new BundleSourceException("the CSV base (config/manifests/bases) has no owned entry for the CRD "
                        + name + "; add its displayName, description and descriptors");
            }
        }
    }

    private static String storageVersion(CustomResourceDefinition crd) {
        return crd.getSpec().getVersions().stream()
                .filter(CustomResourceDefinitionVersion::getStorage)
                .map(CustomResourceDefinitionVersion::getName)
                .findFirst()
                .orElseThrow(() ->
                        new BundleSourceException("CRD " + crd.getMetadata().getName() + " has no storage version"));
    }
}
