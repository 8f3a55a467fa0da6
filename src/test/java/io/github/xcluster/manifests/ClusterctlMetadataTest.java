package io.github.xcluster.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.xcluster.api.capi.InfrastructureKinds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * clusterctl's metadata.yaml maps the pom's release series to contract v1beta2, and every infrastructure CRD says by
 * its contract label that its version meets it: clusterctl since 1.11 refuses a provider where the two disagree.
 */
class ClusterctlMetadataTest {
    private static final BundleYaml YAML = new BundleYaml();

    @Test
    void thePomsReleaseSeriesMeetsContractV1beta2AsTheCrdLabelsSay() {
        String[] version =
                ProjectCoordinates.readFrom(Path.of("pom.xml")).version().split("\\.");
        JsonNode metadata = YAML.readDocument(Path.of("config/clusterctl", ClusterctlRepository.METADATA));

        assertThat(metadata.path("apiVersion").asText()).isEqualTo("clusterctl.cluster.x-k8s.io/v1alpha3");
        assertThat(metadata.path("kind").asText()).isEqualTo("Metadata");
        List<String> series = new ArrayList<>();
        metadata.path("releaseSeries")
                .forEach(entry -> series.add(
                        entry.path("major").asText() + "." + entry.path("minor").asText() + " "
                                + entry.path("contract").asText()));
        assertThat(series).contains(version[0] + "." + version[1] + " v1beta2");

        List<JsonNode> infrastructureCrds = new ConfigDirectory(Path.of("config"), YAML)
                .crdFiles().stream()
                        .map(YAML::readDocument)
                        .filter(crd -> crd.path("spec").path("group").asText().equals(InfrastructureKinds.GROUP))
                        .toList();
        assertThat(infrastructureCrds).hasSize(6);
        assertThat(infrastructureCrds)
                .allSatisfy(crd -> assertThat(List.of(crd.path("metadata")
                                .path("labels")
                                .path(InfrastructureKinds.CONTRACT_V1BETA2_LABEL)
                                .asText()
                                .split("_")))
                        .as(
                                "%s label of %s",
                                InfrastructureKinds.CONTRACT_V1BETA2_LABEL,
                                crd.path("metadata").path("name"))
                        .contains(InfrastructureKinds.VERSION));
    }
}
