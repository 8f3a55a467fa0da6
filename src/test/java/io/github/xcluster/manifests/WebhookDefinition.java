package io.github.xcluster.manifests;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;

/**
 * An entry of the CSV's {@code webhookdefinitions}. OLM creates the webhook configuration, a
 * Service {@code <deploymentName>-service} that listens on {@code containerPort} and forwards to
 * {@code targetPort} of the pods, and the serving certificate the pods read from
 * /apiserver.local.config/certificates.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record WebhookDefinition(
        String type,
        String generateName,
        String deploymentName,
        Integer containerPort,
        IntOrString targetPort,
        String webhookPath,
        List<String> admissionReviewVersions,
        String failurePolicy,
        String matchPolicy,
        LabelSelector objectSelector,
        String reinvocationPolicy,
        List<RuleWithOperations> rules,
        String sideEffects,
        Integer timeoutSeconds) {

    static final String VALIDATING = "ValidatingAdmissionWebhook";
    static final String MUTATING = "MutatingAdmissionWebhook";

    /**
     * The webhooks of config/webhook's configurations, served by {@code deployment} on the container
     * port the webhook Service of config/webhook targets.
     */
    static List<WebhookDefinition> from(
            SourceObject validating,
            SourceObject mutating,
            Service webhookService,
            Deployment deployment,
            BundleYaml yaml) {
        IntOrString targetPort = containerPort(webhookService, deployment);
        List<WebhookDefinition> definitions = new ArrayList<>();
        for (var configuration : List.of(validating, mutating)) {
            String type = configuration == validating ? VALIDATING : MUTATING;
            for (JsonNode webhook : configuration.node().path("webhooks")) {
                definitions.add(of(type, yaml.convert(webhook, AdmissionWebhook.class), deployment, targetPort));
            }
        }
        return definitions;
    }

    private static WebhookDefinition of(
            String type, AdmissionWebhook webhook, Deployment deployment, IntOrString targetPort) {
        AdmissionWebhook.ServiceReference service = webhook.clientConfig().service();
        return new WebhookDefinition(
                type,
                webhook.name(),
                deployment.getMetadata().getName(),
                service.port(),
                targetPort,
                service.path(),
                webhook.admissionReviewVersions(),
                webhook.failurePolicy(),
                webhook.matchPolicy(),
                webhook.objectSelector(),
                webhook.reinvocationPolicy(),
                webhook.rules(),
                webhook.sideEffects(),
                webhook.timeoutSeconds());
    }

    /** The webhook Service's target port as the number of the container port it names. */
    private static IntOrString containerPort(Service webhookService, Deployment deployment) {
        if (webhookService.getSpec().getPorts().size() != 1) {
            throw new BundleSourceException("config/webhook's Service should have exactly one port");
        }
        IntOrString target = webhookService.getSpec().getPorts().get(0).getTargetPort();
        if (target.getStrVal() == null) {
            return target;
        }
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .flatMap(container -> container.getPorts().stream())
                .filter(port -> target.getStrVal().equals(port.getName()))
                .map(ContainerPort::getContainerPort)
                .map(IntOrString::new)
                .findFirst()
                .orElseThrow(() -> new BundleSourceException("config/webhook's Service targets port "
                        + target.getStrVal()
                        + ", which no container of config/manager's Deployment declares"));
    }
}
