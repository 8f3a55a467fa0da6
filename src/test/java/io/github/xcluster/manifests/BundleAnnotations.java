package io.github.xcluster.manifests;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the bundle says about itself, once as metadata/annotations.yaml and once as the labels of
 * the bundle image; OLM reads either, so both come from here.
 */
record BundleAnnotations(
        String packageName, List<String> channels, String defaultChannel, OpenShiftVersions openShiftVersions) {
    static final String MANIFESTS = "manifests/";
    static final String METADATA = "metadata/";
    static final String SCORECARD = "tests/scorecard/";

    SortedMap<String, String> asMap() {
        SortedMap<String, String> annotations = new TreeMap<>();
        annotations.put("operators.operatorframework.io.bundle.mediatype.v1", "registry+v1");
        annotations.put("operators.operatorframework.io.bundle.manifests.v1", MANIFESTS);
        annotations.put("operators.operatorframework.io.bundle.metadata.v1", METADATA);
        annotations.put("operators.operatorframework.io.bundle.package.v1", packageName);
        annotations.put("operators.operatorframework.io.bundle.channels.v1", String.join(",", channels));
        annotations.put("operators.operatorframework.io.bundle.channel.default.v1", defaultChannel);
        annotations.put("operators.operatorframework.io.test.mediatype.v1", "scorecard+v1");
        annotations.put("operators.operatorframework.io.test.config.v1", SCORECARD);
        annotations.put(OpenShiftVersions.ANNOTATION, openShiftVersions.range());
        return annotations;
    }

    String annotationsYaml(BundleYaml yaml) {
        return yaml.toYaml(Map.of("annotations", asMap()));
    }

    /** The bundle image: only the bundle directories, labelled like metadata/annotations.yaml. */
    String dockerfile() {
        StringBuilder dockerfile =
                new StringBuilder("# Written by `make bundle` from config/; do not edit.\nFROM scratch\n\n");
        asMap().forEach((key, value) -> dockerfile
                .append("LABEL ")
                .append(key)
                .append('=')
                .append(value)
                .append('\n'));
        dockerfile.append('\n');
        for (String directory : List.of(MANIFESTS, METADATA, SCORECARD)) {
            dockerfile
                    .append("COPY bundle/")
                    .append(directory)
                    .append(" /")
                    .append(directory)
                    .append('\n');
        }
        return dockerfile.toString();
    }
}
