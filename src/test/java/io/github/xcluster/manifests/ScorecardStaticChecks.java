package io.github.xcluster.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The static tests of operator-sdk's scorecard olm suite, on a written bundle: olm-crds-have-resources
 * (every owned CRD lists the resources it makes), olm-spec-descriptors (every spec field of every
 * example has a spec descriptor) and olm-status-descriptors (as scorecard for the examples' status;
 * beyond it, every owned CRD with a status, which templates lack, has status descriptors). Also beyond scorecard: every owned kind has an
 * example, since the scorecard checks descriptors only through examples, and every descriptor's path
 * is a field of the CRD's schema. Each finding is one sentence naming the CRD and the field.
 */
final class ScorecardStaticChecks {
    private final GeneratedBundle bundle;
    private final JsonNode examples;

    ScorecardStaticChecks(GeneratedBundle bundle, BundleYaml yaml) {
        this.bundle = bundle;
        this.examples = bundle.examples(yaml);
    }

    List<String> findings() {
        List<String> findings = new ArrayList<>();
        for (JsonNode owned : bundle.ownedCrds()) {
            String crd = owned.path("name").asText();
            if (owned.path("resources").isEmpty()) {
                findings.add("olm-crds-have-resources: owned CRD " + crd + " lists no resources");
            }
            for (String section : List.of("spec", "status")) {
                findings.addAll(descriptorFindings(owned, section));
            }
        }
        return findings;
    }

    private List<String> descriptorFindings(JsonNode owned, String section) {
        String crd = owned.path("name").asText();
        String test = "olm-" + section + "-descriptors: ";
        JsonNode descriptors = owned.path(section + "Descriptors");
        List<String> findings = new ArrayList<>();
        if (descriptors.isEmpty() && !sectionSchemas(crd, section).isEmpty()) {
            findings.add(test + "owned CRD " + crd + " has no " + section + " descriptors");
        }
        Set<String> paths = new HashSet<>(descriptors.findValuesAsText("path"));
        List<JsonNode> kindExamples = examplesOf(owned.path("kind").asText());
        if (kindExamples.isEmpty() && section.equals("spec")) {
            findings.add(test + "owned CRD " + crd + " has no example in alm-examples, so no spec is checked");
        }
        for (JsonNode example : kindExamples) {
            example.path(section).fieldNames().forEachRemaining(field -> {
                if (!paths.contains(field)) {
                    findings.add(test + crd + ": " + section + "." + field + " of example "
                            + example.path("metadata").path("name").asText() + " has no " + section
                            + " descriptor");
                }
            });
        }
        for (String path : paths) {
            if (!schemaHas(crd, section, path)) {
                findings.add(test + crd + ": the " + section + " descriptor " + path
                        + " names no field of the CRD's schema");
            }
        }
        return findings;
    }

    private List<JsonNode> examplesOf(String kind) {
        List<JsonNode> found = new ArrayList<>();
        examples.forEach(example -> {
            if (example.path("kind").asText().equals(kind)) {
                found.add(example);
            }
        });
        return found;
    }

    private boolean schemaHas(String crdName, String section, String path) {
        for (JsonNode schema : sectionSchemas(crdName, section)) {
            for (String field : path.split("\\.")) {
                schema = schema.path("properties").path(field);
            }
            if (!schema.isMissingNode()) {
                return true;
            }
        }
        return false;
    }

    /** The schema of spec or status in each version of the CRD that has one. */
    private List<JsonNode> sectionSchemas(String crdName, String section) {
        List<JsonNode> schemas = new ArrayList<>();
        for (JsonNode crd : bundle.crds()) {
            if (crd.path("metadata").path("name").asText().equals(crdName)) {
                for (JsonNode version : crd.path("spec").path("versions")) {
                    JsonNode schema = version.path("schema")
                            .path("openAPIV3Schema")
                            .path("properties")
                            .path(section);
                    if (!schema.isMissingNode()) {
                        schemas.add(schema);
                    }
                }
            }
        }
        return schemas;
    }
}
