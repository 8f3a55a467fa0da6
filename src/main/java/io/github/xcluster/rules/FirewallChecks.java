package io.github.xcluster.rules;

import io.github.xcluster.api.XFirewallSpec;
import io.github.xcluster.metal.CachingMetalLookups;
import io.github.xcluster.metal.Image;
import io.github.xcluster.metal.Machine;
import io.github.xcluster.metal.MetalApiException;
import io.github.xcluster.metal.Network;
import io.github.xcluster.metal.Size;
import io.github.xcluster.metal.SizeCapacity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The firewall fields checked against metal-api, for an XFirewall ({@code spec}) and an XCluster's
 * template ({@code spec.xFirewallTemplate.spec}) alike: image, size, the pair of both, default
 * network, machine, and whether the partition has a machine for it.
 */
public final class FirewallChecks {
    static final Duration EXPIRY_WARNING = Duration.ofDays(14);
    private static final Logger LOG = LoggerFactory.getLogger(FirewallChecks.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private final CachingMetalLookups lookups;
    private final FirewallImages images;
    private final ExternalNetworks externalNetworks;
    private final Clock clock;

    FirewallChecks(CachingMetalLookups lookups, FirewallImages images, ExternalNetworks externalNetworks, Clock clock) {
        this.lookups = lookups;
        this.images = images;
        this.externalNetworks = externalNetworks;
        this.clock = clock;
    }

    /**
     * @param specPath where the firewall spec sits, e.g. {@code spec.xFirewallTemplate.spec}
     * @param partitionId the partition the firewall goes to, null when that partition does not exist
     */
    public void check(Findings findings, String specPath, FieldChanges<XFirewallSpec> changes, String partitionId) {
        XFirewallSpec spec = changes.after();
        boolean imageTouched = changes.touched(XFirewallSpec::getImage);
        boolean sizeTouched = changes.touched(XFirewallSpec::getSize);
        Optional<Image> image = Optional.empty();
        if (imageTouched) {
            image = checkImage(findings, specPath + ".image", spec.getImage());
        } else if (sizeTouched) {
            image = images.resolve(spec.getImage()).filter(Image::isFirewallImage);
        }
        boolean sizeExists = !sizeTouched || checkSize(findings, specPath + ".size", spec.getSize());
        if ((imageTouched || sizeTouched) && image.isPresent() && sizeExists) {
            checkSizeRunsImage(findings, specPath + ".size", spec.getSize(), image.get());
        }
        if (changes.touched(XFirewallSpec::getDefaultNetworkID)) {
            checkDefaultNetwork(findings, specPath + ".defaultNetworkID", spec.getDefaultNetworkID(), partitionId);
        }
        if (spec.getMachineID() != null && changes.touched(XFirewallSpec::getMachineID)) {
            checkMachine(findings, specPath + ".machineID", spec.getMachineID(), partitionId, spec.getSize());
        }
        if (changes.before() == null && spec.getMachineID() == null && partitionId != null && sizeExists) {
            warnWithoutCapacity(findings, specPath + ".size", partitionId, spec.getSize());
        }
    }

    private Optional<Image> checkImage(Findings findings, String field, String imageRef) {
        Optional<Image> resolved = images.resolve(imageRef);
        if (resolved.isEmpty()) {
            findings.deny(field, "image " + Quoted.of(imageRef) + " does not exist" + firewallImageChoices());
            return Optional.empty();
        }
        Image image = resolved.get();
        String named = image.id().equals(imageRef)
                ? "image " + Quoted.of(imageRef)
                : "image " + Quoted.of(imageRef) + " (resolves to " + Quoted.of(image.id()) + ")";
        if (!image.isFirewallImage()) {
            findings.deny(
                    field,
                    named + " is not a firewall image (features: "
                            + String.join(
                                    ", ", image.features().stream().sorted().toList()) + ")" + firewallImageChoices());
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (image.isExpiredAt(now)) {
            findings.deny(field, named + " expired on " + DAY.format(image.expirationDate()) + firewallImageChoices());
            return Optional.empty();
        }
        if (Image.CLASSIFICATION_DEPRECATED.equals(image.classification())) {
            findings.warn(field, named + " is deprecated; consider a newer firewall image");
        }
        if (image.expirationDate() != null && image.expirationDate().isBefore(now.plus(EXPIRY_WARNING))) {
            long days = Duration.between(now, image.expirationDate()).toDays();
            findings.warn(
                    field, named + " expires on " + DAY.format(image.expirationDate()) + " (in " + days + " days)");
        }
        return Optional.of(image);
    }

    private String firewallImageChoices() {
        return ValidChoices.of("firewall images", images.usableIds());
    }

    private boolean checkSize(Findings findings, String field, String sizeId) {
        if (lookups.size(sizeId).isPresent()) {
            return true;
        }
        findings.deny(
                field,
                "size " + Quoted.of(sizeId) + " does not exist"
                        + ValidChoices.of(
                                "sizes", lookups.sizes().stream().map(Size::id).toList()));
        return false;
    }

    private void checkSizeRunsImage(Findings findings, String field, String sizeId, Image image) {
        try {
            lookups.checkSizeImageConstraint(sizeId, image.id());
        } catch (MetalApiException.Rejected | MetalApiException.NotFound refused) {
            findings.deny(
                    field,
                    "size " + Quoted.of(sizeId) + " may not run image " + Quoted.of(image.id()) + ": "
                            + refused.getMessage());
        } catch (MetalApiException.Unauthorized notAdmin) {
            LOG.info(
                    "size/image constraint not checked: it needs an admin credential size={} image={} status={}",
                    sizeId,
                    image.id(),
                    notAdmin.statusCode());
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

    private void checkMachine(Findings findings, String field, String machineId, String partitionId, String sizeId) {
        Optional<Machine> found = lookups.machine(machineId);
        String named = "machine " + Quoted.of(machineId);
        if (found.isEmpty()) {
            findings.deny(field, named + " does not exist");
            return;
        }
        Machine machine = found.get();
        if (partitionId != null && !partitionId.equals(machine.partitionId())) {
            findings.deny(
                    field,
                    named + " is in partition " + Quoted.of(machine.partitionId()) + ", not in "
                            + Quoted.of(partitionId));
        }
        if (sizeId != null && !sizeId.equals(machine.sizeId())) {
            findings.deny(field, named + " has size " + Quoted.of(machine.sizeId()) + ", not " + Quoted.of(sizeId));
        }
        if (machine.isAllocated()) {
            findings.deny(
                    field,
                    named + " is not free: it is allocated to project "
                            + Quoted.of(machine.allocation().projectId()));
        }
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
