package io.github.xcluster.testing;

import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Tokens of ServiceAccounts, as the kubelet gets them for a pod: a TokenRequest, valid for an hour. */
public final class ServiceAccountTokens {
    private ServiceAccountTokens() {}

    public static String issue(KubernetesClient admin, String namespace, String account) {
        return admin.serviceAccounts()
                .inNamespace(namespace)
                .withName(account)
                .tokenRequest(new TokenRequestBuilder()
                        .withNewSpec()
                        .withExpirationSeconds(3600L)
                        .endSpec()
                        .build())
                .getStatus()
                .getToken();
    }
}
