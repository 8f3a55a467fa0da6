package io.github.xcluster.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.xcluster.metal.DaemonThreads;
import java.net.http.HttpClient;
import java.util.concurrent.ExecutorService;

/**
 * The operator's Kubernetes client (KUBECONFIG, else in-cluster). It reads objects without
 * {@code metadata.managedFields}: the operator never looks at them, and they were a fifth of what it allocated,
 * decoded from every watch event and list. An update without them leaves the API server's own untouched.
 *
 * <p>Its HTTP answers and its informers' event delivery run on fixed pools. fabric8's defaults are cached pools,
 * which started a thread for every few requests under load (24 HTTP threads for 200 XClusters). The task pool also
 * runs the leader election's renewals, which wait on the API server's answers: those come on the other pool, so
 * a renewal holds one task thread for one request and never waits on a thread of its own pool.
 */
final class OperatorKubernetesClient {
    private static final ExecutorService ANSWER_HANDLING = DaemonThreads.fixedPool("kubernetes-http", 2);
    private static final ExecutorService INFORMER_EVENTS = DaemonThreads.fixedPool("kubernetes-informers", 2);

    private OperatorKubernetesClient() {}

    static KubernetesClient build() {
        ObjectMapper mapper = new ObjectMapper().addMixIn(ObjectMeta.class, WithoutManagedFields.class);
        return new KubernetesClientBuilder()
                .withHttpClientFactory(new JdkHttpClientFactory() {
                    @Override
                    protected HttpClient.Builder createNewHttpClientBuilder() {
                        return HttpClient.newBuilder().executor(ANSWER_HANDLING);
                    }
                })
                .withTaskExecutor(INFORMER_EVENTS)
                .withKubernetesSerialization(new KubernetesSerialization(mapper, true))
                .build();
    }

    @JsonIgnoreProperties(value = "managedFields", allowGetters = true)
    private abstract static class WithoutManagedFields {}
}
