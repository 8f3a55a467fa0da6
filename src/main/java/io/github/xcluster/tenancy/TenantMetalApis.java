package io.github.xcluster.tenancy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.github.xcluster.api.tenancy.ProjectBinding;
import io.github.xcluster.api.tenancy.SecretReference;
import io.github.xcluster.metal.AuthType;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.metal.MetalApiConfig;
import io.github.xcluster.metal.MetalApiConfigException;
import io.github.xcluster.metal.MetalApiException;
import io.github.xcluster.rules.Quoted;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Whose credentials the controllers use in metal-api for an object: those of the Secret its ProjectBinding names,
 * else the operator's own. The Secrets live in the operator's namespace, watched there and nowhere else, so a tenant
 * who may read Secrets in their own namespace cannot read another's key. It owns the bindings it is given.
 */
public final class TenantMetalApis implements AutoCloseable {
    /** A tenant's key is a Metal-Edit one unless the Secret says otherwise: metal-api's role for a project's owner. */
    static final String HMAC_AUTH_TYPE_KEY = "hmac-auth-type";

    private record Connected(MetalApiConfig config, MetalApi api) {}

    private final MetalApi operators;
    private final ProjectGrants grants;
    private final Optional<SharedIndexInformer<Secret>> secrets;
    private final String secretNamespace;
    private final boolean plainHttpAllowed;
    private final Function<MetalApiConfig, MetalApi> connector;
    private final Map<String, Connected> bySecret = new ConcurrentHashMap<>();

    private TenantMetalApis(
            MetalApi operators,
            ProjectGrants grants,
            Optional<SharedIndexInformer<Secret>> secrets,
            String secretNamespace,
            boolean plainHttpAllowed,
            Function<MetalApiConfig, MetalApi> connector) {
        this.operators = operators;
        this.grants = grants;
        this.secrets = secrets;
        this.secretNamespace = secretNamespace;
        this.plainHttpAllowed = plainHttpAllowed;
        this.connector = connector;
    }

    /** Every object with the operator's credentials, as a single-tenant installation acts. */
    public static TenantMetalApis operatorsOnly(MetalApi operators) {
        return operatorsOnly(operators, ProjectGrants.allProjects());
    }

    /** The operator's credentials for every object, with the namespaces held to their bindings' projects. */
    public static TenantMetalApis operatorsOnly(MetalApi operators, ProjectGrants grants) {
        return new TenantMetalApis(operators, grants, Optional.empty(), "", false, config -> operators);
    }

    /**
     * Watches the Secrets of the settings' namespace; returns once they are listed.
     *
     * @param connector makes a client for a tenant's credentials, e.g. {@code HttpMetalApi::connect}
     */
    public static TenantMetalApis of(
            TenancySettings settings,
            KubernetesClient client,
            ProjectGrants grants,
            MetalApi operators,
            Function<MetalApiConfig, MetalApi> connector) {
        if (settings.mode() == Tenancy.SINGLE_TENANT) {
            return operatorsOnly(operators, grants);
        }
        SharedIndexInformer<Secret> secrets;
        try {
            secrets = client.secrets()
                    .inNamespace(settings.credentialsNamespace())
                    .inform();
        } catch (KubernetesClientException e) {
            grants.close();
            throw new IllegalStateException(
                    "cannot watch the Secrets of namespace " + settings.credentialsNamespace()
                            + ", where ProjectBindings' spec.credentialsSecretRef names them (list and watch secrets"
                            + " there, as config/rbac grants): " + e.getMessage(),
                    e);
        }
        return new TenantMetalApis(
                operators,
                grants,
                Optional.of(secrets),
                settings.credentialsNamespace(),
                settings.plainHttpAllowed(),
                connector);
    }

    /**
     * The metal-api to act in for an object of {@code namespace} in {@code projectId}.
     *
     * @throws MetalApiException.NotConfigured when its binding names a Secret that is missing or unusable
     */
    public MetalApi forProject(String namespace, String projectId) {
        if (secrets.isEmpty() || projectId == null) {
            return operators;
        }
        Optional<ProjectBinding> withCredentials = grants.grant(namespace, projectId).bindings().stream()
                .filter(binding -> binding.getSpec().getCredentialsSecretRef() != null)
                .min(Comparator.comparing(binding -> binding.getMetadata().getName()));
        return withCredentials.map(this::apiOf).orElse(operators);
    }

    private MetalApi apiOf(ProjectBinding binding) {
        String name = binding.getSpec().getCredentialsSecretRef().getName();
        String source = "the Secret " + Quoted.of(secretNamespace + "/" + name) + " that ProjectBinding "
                + Quoted.of(binding.getMetadata().getName()) + " names";
        Secret secret = secrets.get().getStore().getByKey(secretNamespace + "/" + name);
        if (secret == null) {
            bySecret.remove(name);
            throw new MetalApiException.NotConfigured(
                    source + " does not exist; create it with the keys url and hmac (or token)");
        }
        MetalApiConfig config;
        try {
            Map<String, String> keys = keysOf(secret);
            config = MetalApiConfig.fromSecret(keys, source, authTypeOf(keys, source), plainHttpAllowed);
        } catch (MetalApiConfigException unusable) {
            bySecret.remove(name);
            throw new MetalApiException.NotConfigured(unusable.getMessage());
        }
        return bySecret.compute(
                        name,
                        (key, known) -> known != null && known.config().equals(config)
                                ? known
                                : new Connected(config, connector.apply(config)))
                .api();
    }

    private static Map<String, String> keysOf(Secret secret) {
        Map<String, String> keys = new HashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) -> keys.put(key, decoded(key, value)));
        }
        if (secret.getStringData() != null) {
            keys.putAll(secret.getStringData());
        }
        return keys;
    }

    private static String decoded(String key, String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw new MetalApiConfigException("the key " + key + " of the Secret is not base64");
        }
    }

    private static AuthType authTypeOf(Map<String, String> keys, String source) {
        String header = Optional.ofNullable(keys.get(HMAC_AUTH_TYPE_KEY))
                .map(String::strip)
                .orElse(AuthType.EDIT.header());
        try {
            return AuthType.fromHeader(header);
        } catch (IllegalArgumentException unknown) {
            throw new MetalApiConfigException(HMAC_AUTH_TYPE_KEY + " in " + source + ": " + unknown.getMessage());
        }
    }

    public ProjectGrants grants() {
        return grants;
    }

    /** Tells the listener the namespaces whose bindings name a Secret that came, changed or went. */
    public void whenChanged(Consumer<Collection<String>> listener) {
        secrets.ifPresent(informer -> informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Secret secret) {
                listener.accept(namespacesUsing(secret));
            }

            @Override
            public void onUpdate(Secret before, Secret after) {
                listener.accept(namespacesUsing(after));
            }

            @Override
            public void onDelete(Secret secret, boolean finalStateUnknown) {
                listener.accept(namespacesUsing(secret));
            }
        }));
    }

    private List<String> namespacesUsing(Secret secret) {
        return grants.bindings().stream()
                .filter(binding -> Optional.ofNullable(binding.getSpec().getCredentialsSecretRef())
                        .map(SecretReference::getName)
                        .filter(secret.getMetadata().getName()::equals)
                        .isPresent())
                .flatMap(binding -> Optional.ofNullable(binding.getSpec().getNamespaces()).orElse(List.of()).stream())
                .distinct()
                .toList();
    }

    @Override
    public void close() {
        secrets.ifPresent(SharedIndexInformer::close);
        grants.close();
    }
}
