package io.github.xcluster.dev;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceConversion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceConversionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Cluster API controller binary and its config/ directory in the module: the CRDs it owns and the webhook
 * configurations it serves, made ready for a process on this machine as the component's kustomizations would make
 * them for a Deployment behind a Service.
 */
record CapiComponent(String name, Path binary, Path configDirectory, boolean providerContract, List<String> flags) {
    private static final List<String> CONTRACTS = List.of("cluster.x-k8s.io/v1beta1", "cluster.x-k8s.io/v1beta2");
    private static final String IGNITION = "--feature-gates=KubeadmBootstrapFormatIgnition=true";

    /** Core (Cluster, Machine, ...), the kubeadm bootstrap provider (CABPK) and the kubeadm control plane (KCP). */
    static List<CapiComponent> all(CapiBinaries binaries) {
        Path module = binaries.module();
        return List.of(
                new CapiComponent("core", binaries.coreManager(), module.resolve("core/config"), false, List.of()),
                new CapiComponent(
                        "kubeadm-bootstrap",
                        binaries.kubeadmBootstrap(),
                        module.resolve("bootstrap/kubeadm/config"),
                        true,
                        List.of(IGNITION)),
                new CapiComponent(
                        "kubeadm-control-plane",
                        binaries.kubeadmControlPlane(),
                        module.resolve("controlplane/kubeadm/config"),
                        true,
                        List.of(IGNITION)));
    }

    List<String> command(Path kubeconfig, int webhookPort, int healthPort, Path certDirectory) {
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "--kubeconfig=" + kubeconfig,
                "--leader-elect=false",
                "--webhook-port=" + webhookPort,
                "--webhook-cert-dir=" + certDirectory,
                "--health-addr=127.0.0.1:" + healthPort,
                "--diagnostics-address=0"));
        command.addAll(flags);
        return command;
    }

    /** The names upstream's config/default gives the webhook configurations, e.g. {@code capi-kubeadm-bootstrap-}. */
    String namePrefix() {
        return Kustomization.read(configDirectory.resolve("default/kustomization.yaml"))
                .prefix();
    }

    Path webhookManifests() {
        return configDirectory.resolve("webhook/manifests.yaml");
    }

    /**
     * The CRDs of config/crd with the labels its kustomization adds and, where a patch there asks for a conversion
     * webhook and the CRD serves several versions, conversion by {@code webhookBaseUrl} trusted through {@code
     * caBundle} (base64 PEM).
     */
    List<CustomResourceDefinition> crds(String webhookBaseUrl, String caBundle) {
        Path crdDirectory = configDirectory.resolve("crd");
        Kustomization kustomization = Kustomization.read(crdDirectory.resolve("kustomization.yaml"));
        Map<String, CustomResourceConversion> conversions = new HashMap<>();
        for (String patchPath : kustomization.patchPaths()) {
            CustomResourceDefinition patch = read(crdDirectory.resolve(patchPath));
            if (patch.getSpec() != null && patch.getSpec().getConversion() != null) {
                conversions.put(patch.getMetadata().getName(), patch.getSpec().getConversion());
            }
        }
        return kustomization.resourceList().stream()
                .map(resource -> {
                    CustomResourceDefinition crd = read(crdDirectory.resolve(resource));
                    crd.getMetadata().getLabels().putAll(labels(kustomization, crd));
                    CustomResourceConversion conversion =
                            conversions.get(crd.getMetadata().getName());
                    if (conversion != null && served(crd).size() > 1) {
                        crd.getSpec().setConversion(byUrl(conversion, webhookBaseUrl, caBundle));
                    }
                    return crd;
                })
                .toList();
    }

    private Map<String, String> labels(Kustomization kustomization, CustomResourceDefinition crd) {
        Map<String, String> labels = new LinkedHashMap<>(kustomization.allLabels());
        if (providerContract) {
            String versions = String.join("_", served(crd));
            CONTRACTS.forEach(contract -> labels.putIfAbsent(contract, versions));
        }
        return labels;
    }

    private static List<String> served(CustomResourceDefinition crd) {
        return crd.getSpec().getVersions().stream()
                .filter(CustomResourceDefinitionVersion::getServed)
                .map(CustomResourceDefinitionVersion::getName)
                .toList();
    }

    private static CustomResourceConversion byUrl(
            CustomResourceConversion patched, String webhookBaseUrl, String caBundle) {
        String path = patched.getWebhook().getClientConfig().getService().getPath();
        return new CustomResourceConversionBuilder(patched)
                .editWebhook()
                .withNewClientConfig()
                .withUrl(webhookBaseUrl + path)
                .withCaBundle(caBundle)
                .endClientConfig()
                .endWebhook()
                .build();
    }

    private static CustomResourceDefinition read(Path file) {
        CustomResourceDefinition crd = CrdInstaller.read(file);
        if (crd.getMetadata().getLabels() == null) {
            crd.getMetadata().setLabels(new LinkedHashMap<>());
        }
        return crd;
    }
}
