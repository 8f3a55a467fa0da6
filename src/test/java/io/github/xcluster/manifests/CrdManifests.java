package io.github.xcluster.manifests;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.api.capi.InfrastructureKinds;
import io.github.xcluster.api.capi.MetalStackCluster;
import io.github.xcluster.api.capi.MetalStackClusterTemplate;
import io.github.xcluster.api.capi.MetalStackFirewallDeployment;
import io.github.xcluster.api.capi.MetalStackFirewallTemplate;
import io.github.xcluster.api.capi.MetalStackMachine;
import io.github.xcluster.api.capi.MetalStackMachineTemplate;
import io.github.xcluster.api.tenancy.ProjectBinding;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Writes {@code config/crd/bases/} from what the fabric8 CRD generator made of the Java model
 * ({@code target/crd/}), with the printer columns in the order the classes declare them (the
 * generator sorts them by JSON path). Run by {@code make manifests}.
 */
public final class CrdManifests {
    static final Path GENERATED = Path.of("target/crd");
    static final Path CHECKED_IN = Path.of("config/crd/bases");
    private static final String HEADER = "# Generated from the Java model by `make manifests`; do not edit.\n";
    private static final List<Class<? extends HasMetadata>> KINDS = List.of(
            XCluster.class,
            XFirewall.class,
            MetalStackCluster.class,
            MetalStackClusterTemplate.class,
            MetalStackFirewallDeployment.class,
            MetalStackFirewallTemplate.class,
            MetalStackMachine.class,
            MetalStackMachineTemplate.class,
            ProjectBinding.class);

    private CrdManifests() {}

    public static void main(String[] args) throws IOException {
        Files.createDirectories(CHECKED_IN);
        for (Map.Entry<Path, String> manifest : render().entrySet()) {
            Files.writeString(CHECKED_IN.resolve(manifest.getKey()), manifest.getValue());
            System.out.println("wrote " + CHECKED_IN.resolve(manifest.getKey()));
        }
    }

    /** File name under config/crd/bases to its content. */
    static Map<Path, String> render() throws IOException {
        Map<Path, String> manifests = new LinkedHashMap<>();
        for (Class<? extends HasMetadata> kind : KINDS) {
            String plural = HasMetadata.getPlural(kind);
            String group = HasMetadata.getGroup(kind);
            Path generated = GENERATED.resolve(plural + "." + group + "-v1.yml");
            if (!Files.exists(generated)) {
                throw new IllegalStateException(generated + " is missing; run `mvn process-classes` first");
            }
            CustomResourceDefinition crd =
                    Serialization.unmarshal(Files.readString(generated), CustomResourceDefinition.class);
            for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
                version.setAdditionalPrinterColumns(inDeclaredOrder(kind, version.getAdditionalPrinterColumns()));
                if (hasNoStatus(kind)) {
                    version.getSchema().getOpenAPIV3Schema().getProperties().remove("status");
                }
            }
            if (group.equals(InfrastructureKinds.GROUP)) {
                crd.getMetadata().setLabels(contractLabels(crd));
            }
            manifests.put(
                    Path.of(group + "_" + plural + ".yaml"),
                    HEADER + Serialization.asYaml(crd).replaceFirst("^---\n", ""));
        }
        return manifests;
    }

    /** A template declares its status {@code Void}; the generator still writes an empty status object. */
    private static boolean hasNoStatus(Class<? extends HasMetadata> kind) {
        return kind.getGenericSuperclass() instanceof ParameterizedType resource
                && resource.getActualTypeArguments()[1] == Void.class;
    }

    /** Every served version of ours meets both contracts, so both labels name them all, joined by '_'. */
    private static Map<String, String> contractLabels(CustomResourceDefinition crd) {
        String versions = crd.getSpec().getVersions().stream()
                .filter(CustomResourceDefinitionVersion::getServed)
                .map(CustomResourceDefinitionVersion::getName)
                .collect(Collectors.joining("_"));
        Map<String, String> labels = new TreeMap<>();
        labels.put(InfrastructureKinds.CONTRACT_V1BETA1_LABEL, versions);
        labels.put(InfrastructureKinds.CONTRACT_V1BETA2_LABEL, versions);
        return labels;
    }

    private static List<CustomResourceColumnDefinition> inDeclaredOrder(
            Class<?> kind, List<CustomResourceColumnDefinition> columns) {
        List<String> declared = Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name)
                .toList();
        return columns.stream()
                .sorted(Comparator.comparingInt(column -> declared.indexOf(column.getName())))
                .toList();
    }
}
