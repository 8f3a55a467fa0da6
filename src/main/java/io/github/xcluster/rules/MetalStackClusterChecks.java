package io.github.xcluster.rules;

import io.github.xcluster.api.capi.ApiEndpoint;
import io.github.xcluster.api.capi.MetalStackClusterSpec;
import io.github.xcluster.metal.CachingMetalLookups;
import io.github.xcluster.metal.IpAddress;
import io.github.xcluster.metal.MetalApiException;
import io.github.xcluster.metal.Network;
import io.github.xcluster.metal.NetworkQuery;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A MetalStackCluster's fields checked against metal-api: partition, project, a node network of one's own, a
 * control-plane address of one's own, or else a default external network to allocate that address from.
 */
public final class MetalStackClusterChecks {
    /** The label metal-stack puts on a partition's network that addresses are allocated from by default. */
    public static final String DEFAULT_EXTERNAL_LABEL = "network.metal-stack.io/default-external";

    private final CachingMetalLookups lookups;
    private final PlacementChecks placement;

    MetalStackClusterChecks(CachingMetalLookups lookups, PlacementChecks placement) {
        this.lookups = lookups;
        this.placement = placement;
    }

    /** @param specPath where the spec sits: {@code spec}, or {@code spec.template.spec} in a template */
    public void check(Findings findings, String specPath, FieldChanges<MetalStackClusterSpec> changes) {
        MetalStackClusterSpec spec = changes.after();
        boolean partitionExists = !changes.touched(MetalStackClusterSpec::getPartition)
                || placement.partitionExists(findings, specPath + ".partition", spec.getPartition());
        boolean projectExists = !changes.touched(MetalStackClusterSpec::getProjectID)
                || placement.projectExists(findings, specPath + ".projectID", spec.getProjectID());
        if (!partitionExists || !projectExists) {
            return;
        }
        if (spec.getNodeNetworkID() != null && touchedWithPlacement(changes, MetalStackClusterSpec::getNodeNetworkID)) {
            placement.privateNetwork(
                    findings,
                    specPath + ".nodeNetworkID",
                    spec.getNodeNetworkID(),
                    spec.getProjectID(),
                    spec.getPartition());
        }
        if (spec.getControlPlaneIP() != null
                && touchedWithPlacement(changes, MetalStackClusterSpec::getControlPlaneIP)) {
            checkControlPlaneIp(findings, specPath + ".controlPlaneIP", spec.getControlPlaneIP(), spec.getProjectID());
        }
        if (needsAllocatedAddress(spec)
                && changes.before() == null
                && defaultExternalNetwork(spec.getPartition()).isEmpty()) {
            findings.deny(
                    specPath + ".controlPlaneIP",
                    "is required: partition " + Quoted.of(spec.getPartition())
                            + " has no default external network (label " + DEFAULT_EXTERNAL_LABEL
                            + ") to allocate the control-plane address from; name an address of the project");
        }
    }

    /** The network a control-plane address is allocated from when the spec names none. */
    public Optional<Network> defaultExternalNetwork(String partitionId) {
        return lookups.findNetworks(new NetworkQuery(null, partitionId, Map.of(DEFAULT_EXTERNAL_LABEL, ""))).stream()
                .filter(ExternalNetworks::isExternal)
                .min(Comparator.comparing(Network::id));
    }

    /** Neither an address of one's own nor an endpoint host: the operator allocates the address. */
    public static boolean needsAllocatedAddress(MetalStackClusterSpec spec) {
        ApiEndpoint endpoint = spec.getControlPlaneEndpoint();
        boolean hasHost = endpoint != null
                && endpoint.getHost() != null
                && !endpoint.getHost().isBlank();
        return spec.getControlPlaneIP() == null && !hasHost;
    }

    private static boolean touchedWithPlacement(
            FieldChanges<MetalStackClusterSpec> changes, Function<MetalStackClusterSpec, ?> field) {
        return changes.touched(field)
                || changes.touched(MetalStackClusterSpec::getPartition)
                || changes.touched(MetalStackClusterSpec::getProjectID);
    }

    private void checkControlPlaneIp(Findings findings, String field, String address, String projectId) {
        Optional<IpAddress> found;
        try {
            found = lookups.ip(address);
        } catch (MetalApiException.Rejected malformed) {
            findings.deny(field, Quoted.of(address) + " is not an IP address");
            return;
        }
        if (found.isEmpty() || !projectId.equals(found.get().projectId())) {
            findings.deny(
                    field,
                    "address " + Quoted.of(address) + " is not allocated in project " + Quoted.of(projectId)
                            + "; allocate it there first, or leave controlPlaneIP empty to have one allocated");
        }
    }
}
