package io.github.xcluster.tenancy;

/**
 * How the operator keeps tenants apart.
 *
 * @param credentialsNamespace where the Secrets live that ProjectBindings name: the operator's own namespace
 * @param plainHttpAllowed whether a tenant's Secret may name metal-api by plain {@code http://} on another machine
 */
public record TenancySettings(Tenancy mode, String credentialsNamespace, boolean plainHttpAllowed) {
    public static TenancySettings singleTenant() {
        return new TenancySettings(Tenancy.SINGLE_TENANT, "", false);
    }

    public static TenancySettings projectBindings(String credentialsNamespace) {
        return new TenancySettings(Tenancy.PROJECT_BINDINGS, credentialsNamespace, false);
    }
}
