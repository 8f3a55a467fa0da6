package io.github.xcluster.rules;

import io.github.xcluster.api.XFirewallSpec;
import io.github.xcluster.api.capi.MetalStackFirewallTemplateSpec;
import io.github.xcluster.metal.CachingMetalLookups;
import io.github.xcluster.metal.Network;
import io.github.xcluster.metal.SizeCapacity;
import java.util.List;
import java.util.Optional;

/**
 * The firewall fields checked against metal-api, for an XFirewall ({@code spec}) and an XCluster's
 * template ({@code spec.xFirewallTemplate.spec}) alike: image, size, the pair of both, default
 * network, machine, and whether the partition has a machine for it.
 */
public final class FirewallChecks {
    private final CachingMetalLookups lookups;
    private final ImageAndSizeChecks imageAndSize;
    private final ChosenMachineCheck machines;
    private final ExternalNetworks externalNetworks;

    FirewallChecks(
            CachingMetalLookups lookups,
            ImageAndSizeChecks imageAndSize,
            ChosenMachineCheck machines,
            ExternalNetworks externalNetworks) {
        this.lookups = lookups;
        this.imageAndSize = imageAndSize;
        this.machines = machines;
        this.externalNetworks = externalNetworks;
    }

    /**
     * @param specPath where the firewall spec sits, e.g. {@code spec.xFirewallTemplate.spec}
     * @param partitionId the partition the firewall goes to, null when that partition does not exist
     */
    public void check(Findings findings, String specPath, FieldChanges<XFirewallSpec> changes, String partitionId) {
        XFirewallSpec spec = changes.after();
        boolean sizeExists = imageAndSize.check(
                findings,
                specPath,
                spec.getImage(),
                changes.touched(XFirewallSpec::getImage),
                spec.getSize(),
                changes.touched(XFirewallSpec::getSize));
        if (changes.touched(XFirewallSpec::getDefaultNetworkID)) {
            checkDefaultNetwork(findings, specPath + ".defaultNetworkID", spec.getDefaultNetworkID(), partitionId);
        }
        if (spec.getMachineID() != null && changes.touched(XFirewallSpec::getMachineID)) {
            String field = specPath + ".machineID";
            machines.check(findings, field, spec.getMachineID(), partitionId, spec.getSize())
                    .ifPresent(machine -> machines.requireFree(findings, field, machine));
        }
        if (changes.before() == null && spec.getMachineID() == null && partitionId != null && sizeExists) {
            warnWithoutCapacity(findings, specPath + ".size", partitionId, spec.getSize());
        }
    }

    /**
     * A MetalStackFirewallTemplate's image and size (a firewall image the size runs) and its external networks, each
     * an external network of the template's partition when it names one.
     */
    public void checkTemplate(
            Findings findings,
            String specPath,
            FieldChanges<MetalStackFirewallTemplateSpec> changes,
            String partitionId) {
        MetalStackFirewallTemplateSpec spec = changes.after();
        imageAndSize.check(
                findings,
                specPath,
                spec.getImage(),
                changes.touched(MetalStackFirewallTemplateSpec::getImage),
                spec.getSize(),
                changes.touched(MetalStackFirewallTemplateSpec::getSize));
        if (changes.touched(MetalStackFirewallTemplateSpec::getNetworks)) {
            List<String> networks = spec.getNetworks();
            for (int i = 0; i < networks.size(); i++) {
                checkDefaultNetwork(findings, specPath + ".networks[" + i + "]", networks.get(i), partitionId);
            }
        }
    }

    private void checkDefaultNetwork(Findings findings, String field, String networkId, String partitionId) {
        Optional<Network> network = lookups.network(networkId);
        if (network.isPresent() && ExternalNetworks.isExternal(network.get())) {
            return;
        }
        String problem = network.isPresent() ? " is not an external network" : " does not exist";
        String choices = partitionId == null
                ? ""
                : ValidChoices.of(
                        "external networks",
                        externalNetworks.of(partitionId).stream()
                                .map(Network::id)
                                .toList());
        findings.deny(field, "network " + Quoted.of(networkId) + problem + choices);
    }

    private void warnWithoutCapacity(Findings findings, String field, String partitionId, String sizeId) {
        int free = lookups.capacity(partitionId).stream()
                .filter(capacity -> sizeId.equals(capacity.sizeId()))
                .mapToInt(SizeCapacity::free)
                .sum();
        if (free <= 0) {
            findings.warn(
                    field,
                    "partition " + Quoted.of(partitionId) + " has no free machine of size " + Quoted.of(sizeId)
                            + " right now; the firewall is allocated once one becomes free");
        }
    }
}
