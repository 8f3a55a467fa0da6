package io.github.xcluster.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The operator's Kubernetes client (KUBECONFIG, else in-cluster). It reads objects without
 * {@code metadata.managedFields}: the operator never looks at them, and they were a fifth of what it allocated,
 * decoded from every watch event and list. An update without them leaves the API server's own untouched.
 */
final class OperatorKubernetesClient {
    private OperatorKubernetesClient() {}

    static KubernetesClient build() {
        ObjectMapper mapper = new ObjectMapper().addMixIn(ObjectMeta.class, WithoutManagedFields.class);
        return new KubernetesClientBuilder()
                .withKubernetesSerialization(new KubernetesSerialization(mapper, true))
                .build();
    }

    @JsonIgnoreProperties(value = "managedFields", allowGetters = true)
    private abstract static class WithoutManagedFields {}
}
