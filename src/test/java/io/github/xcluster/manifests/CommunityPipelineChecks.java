package io.github.xcluster.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The static checks of OperatorHub's community pipeline that operator-framework/api does not make,
 * on a written bundle and the repository's ci.yaml. Each finding is one sentence saying what to fix.
 */
final class CommunityPipelineChecks {
    /** The Kubernetes minor each OpenShift release ships, from OpenShift's release notes. */
    private static final Map<Integer, Integer> KUBERNETES_MINOR_OF_OPENSHIFT_4 = Map.ofEntries(
            Map.entry(12, 25),
            Map.entry(13, 26),
            Map.entry(14, 27),
            Map.entry(15, 28),
            Map.entry(16, 29),
            Map.entry(17, 30),
            Map.entry(18, 31),
            Map.entry(19, 32),
            Map.entry(20, 33));

    private static final Set<String> UPDATE_GRAPHS = Set.of("replaces-mode", "semver-mode", "semver-skippatch-mode");
    private static final Pattern OPENSHIFT_RANGE = Pattern.compile("v4\\.(\\d+)(-v4\\.\\d+)?");
    private static final Pattern KUBE_MINOR = Pattern.compile("1\\.(\\d+)(\\.\\d+)?");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final GeneratedBundle bundle;
    private final JsonNode ciYaml;
    private final BundleYaml yaml;

    CommunityPipelineChecks(GeneratedBundle bundle, JsonNode ciYaml, BundleYaml yaml) {
        this.bundle = bundle;
        this.ciYaml = ciYaml;
        this.yaml = yaml;
    }

    List<String> findings() {
        List<String> findings = new ArrayList<>();
        openShiftVersions(findings);
        suggestedNamespace(findings);
        relatedImages(findings);
        platformLabels(findings);
        noFixedIds(findings);
        examplesOrInternal(findings);
        ciYaml(findings);
        return findings;
    }

    private void openShiftVersions(List<String> findings) {
        String versions =
                bundle.annotations().path(OpenShiftVersions.ANNOTATION).asText("");
        String minKube = bundle.csv().path("spec").path("minKubeVersion").asText("");
        Matcher range = OPENSHIFT_RANGE.matcher(versions);
        Matcher kube = KUBE_MINOR.matcher(minKube);
        if (!range.matches()) {
            findings.add("metadata/annotations.yaml: " + OpenShiftVersions.ANNOTATION
                    + " must be like v4.15 or v4.15-v4.18, is '" + versions + "'");
        } else if (!kube.matches()) {
            findings.add("CSV spec.minKubeVersion must be like 1.28.0, is '" + minKube + "'");
        } else {
            Integer shipped = KUBERNETES_MINOR_OF_OPENSHIFT_4.get(Integer.parseInt(range.group(1)));
            int wanted = Integer.parseInt(kube.group(1));
            if (shipped == null || shipped != wanted) {
                findings.add(OpenShiftVersions.ANNOTATION + " " + versions + " starts at an OpenShift release with "
                        + "Kubernetes 1." + shipped + ", but minKubeVersion is " + minKube);
            }
        }
    }

    private void suggestedNamespace(List<String> findings) {
        String namespace = annotation(ClusterServiceVersion.SUGGESTED_NAMESPACE);
        if (!DNS_LABEL.matcher(namespace).matches()) {
            findings.add("CSV annotation " + ClusterServiceVersion.SUGGESTED_NAMESPACE
                    + " must be a namespace name, is '" + namespace + "'");
        }
    }

    private void relatedImages(List<String> findings) {
        Set<String> related =
                new HashSet<>(bundle.csv().path("spec").path("relatedImages").findValuesAsText("image"));
        List<String> used = new ArrayList<>(podSpecs().stream()
                .flatMap(pod -> pod.path("containers").findValuesAsText("image").stream())
                .toList());
        used.add(annotation("containerImage"));
        for (String image : used) {
            if (!related.contains(image)) {
                findings.add("CSV spec.relatedImages lacks " + image + ", which the operator runs");
            }
        }
    }

    private void platformLabels(List<String> findings) {
        JsonNode labels = bundle.csv().path("metadata").path("labels");
        for (String prefix : List.of(SupportedPlatforms.ARCH_LABEL, SupportedPlatforms.OS_LABEL)) {
            boolean any = false;
            for (var names = labels.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                any |= name.startsWith(prefix) && labels.path(name).asText().equals("supported");
            }
            if (!any) {
                findings.add("CSV metadata.labels has no " + prefix + "<value>: supported");
            }
        }
    }

    private void noFixedIds(List<String> findings) {
        for (JsonNode pod : podSpecs()) {
            List<JsonNode> contexts = new ArrayList<>(List.of(pod.path("securityContext")));
            pod.path("containers").forEach(container -> contexts.add(container.path("securityContext")));
            for (JsonNode context : contexts) {
                for (String id : List.of("runAsUser", "runAsGroup")) {
                    if (context.has(id)) {
                        findings.add("the operator pod pins " + id + " " + context.path(id)
                                + "; OpenShift's restricted policy assigns the ids, leave them out");
                    }
                }
            }
            boolean nonRoot = pod.path("securityContext").path("runAsNonRoot").asBoolean(false)
                    || contexts.subList(1, contexts.size()).stream()
                            .allMatch(context -> context.path("runAsNonRoot").asBoolean(false));
            if (!nonRoot) {
                findings.add("the operator pod does not set runAsNonRoot: true");
            }
        }
    }

    private void examplesOrInternal(List<String> findings) {
        Set<String> exampleKinds = new HashSet<>(bundle.examples(yaml).findValuesAsText("kind"));
        String internalAnnotation = annotation("operators.operatorframework.io/internal-objects");
        JsonNode internal = internalAnnotation.isEmpty() ? yaml.tree(List.of()) : yaml.parse(internalAnnotation);
        Set<String> owned = new HashSet<>(bundle.ownedCrds().findValuesAsText("name"));
        if (!internal.isArray()) {
            findings.add("CSV annotation operators.operatorframework.io/internal-objects must be a JSON array of "
                    + "CRD names, is " + internalAnnotation);
            return;
        }
        Set<String> internalNames = new HashSet<>();
        internal.forEach(name -> internalNames.add(name.asText()));
        internalNames.stream()
                .filter(name -> !owned.contains(name))
                .forEach(name ->
                        findings.add("internal-objects names " + name + ", which is not an owned CRD of the CSV"));
        for (JsonNode crd : bundle.ownedCrds()) {
            String kind = crd.path("kind").asText();
            if (!exampleKinds.contains(kind)
                    && !internalNames.contains(crd.path("name").asText())) {
                findings.add(
                        "owned kind " + kind + " has neither an alm-examples entry nor a place in internal-objects");
            }
        }
    }

    private void ciYaml(List<String> findings) {
        if (ciYaml.isMissingNode()) {
            findings.add("ci.yaml is missing; community-operators reads the update graph and reviewers from it");
            return;
        }
        String graph = ciYaml.path("updateGraph").asText("");
        if (!UPDATE_GRAPHS.contains(graph)) {
            findings.add("ci.yaml updateGraph must be one of " + UPDATE_GRAPHS + ", is '" + graph + "'");
        }
        if (!ciYaml.path("reviewers").isArray() || ciYaml.path("reviewers").isEmpty()) {
            findings.add("ci.yaml lists no reviewers; the pipeline asks them to approve new versions");
        }
    }

    private List<JsonNode> podSpecs() {
        List<JsonNode> pods = new ArrayList<>();
        bundle.csv()
                .path("spec")
                .path("install")
                .path("spec")
                .path("deployments")
                .forEach(deployment ->
                        pods.add(deployment.path("spec").path("template").path("spec")));
        return pods;
    }

    private String annotation(String name) {
        return bundle.csv().path("metadata").path("annotations").path(name).asText("");
    }
}
