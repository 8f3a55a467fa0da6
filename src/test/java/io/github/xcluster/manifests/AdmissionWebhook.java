package io.github.xcluster.manifests;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import java.util.List;

/**
 * One entry of a Validating- or MutatingWebhookConfiguration's {@code webhooks} in config/webhook,
 * with exactly the fields OLM can carry over. A field not listed here (a namespaceSelector, which
 * OLM sets from the OperatorGroup, or a caBundle, which OLM injects) fails reading instead of
 * silently vanishing from the bundle.
 */
record AdmissionWebhook(
        String name,
        List<String> admissionReviewVersions,
        ClientConfig clientConfig,
        String failurePolicy,
        String matchPolicy,
        LabelSelector objectSelector,
        String reinvocationPolicy,
        List<RuleWithOperations> rules,
        String sideEffects,
        Integer timeoutSeconds) {

    record ClientConfig(ServiceReference service) {}

    record ServiceReference(String name, String namespace, String path, Integer port) {}
}
