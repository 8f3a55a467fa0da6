package io.github.xcluster.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The architectures and operating systems the CSV's {@code operatorframework.io/arch.*} and
 * {@code os.*} labels declare, and the node affinity that keeps the operator pod on such nodes (the
 * multiarch validator compares the two with the platforms of the image).
 */
record SupportedPlatforms(List<String> architectures, List<String> operatingSystems) {
    static final String ARCH_LABEL = "operatorframework.io/arch.";
    static final String OS_LABEL = "operatorframework.io/os.";

    static SupportedPlatforms fromCsvLabels(JsonNode csv) {
        JsonNode labels = csv.path("metadata").path("labels");
        SupportedPlatforms platforms =
                new SupportedPlatforms(supported(labels, ARCH_LABEL), supported(labels, OS_LABEL));
        if (platforms.architectures().isEmpty() || platforms.operatingSystems().isEmpty()) {
            throw new BundleSourceException("the CSV base needs metadata.labels " + ARCH_LABEL + "<arch> and "
                    + OS_LABEL + "<os> set to supported for the platforms of the operator image");
        }
        return platforms;
    }

    Affinity nodeAffinity() {
        return new AffinityBuilder()
                .withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm()
                .addNewMatchExpression()
                .withKey("kubernetes.io/arch")
                .withOperator("In")
                .withValues(architectures)
                .endMatchExpression()
                .addNewMatchExpression()
                .withKey("kubernetes.io/os")
                .withOperator("In")
                .withValues(operatingSystems)
                .endMatchExpression()
                .endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity()
                .build();
    }

    private static List<String> supported(JsonNode labels, String prefix) {
        List<String> values = new ArrayList<>();
        labels.fieldNames().forEachRemaining(name -> {
            if (name.startsWith(prefix) && labels.path(name).asText().equals("supported")) {
                values.add(name.substring(prefix.length()));
            }
        });
        return values.stream().sorted().toList();
    }
}
