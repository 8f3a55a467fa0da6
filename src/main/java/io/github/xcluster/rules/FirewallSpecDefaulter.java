package io.github.xcluster.rules;

import io.github.xcluster.api.Ids;
import io.github.xcluster.api.XFirewallSpec;
import io.github.xcluster.metal.Image;
import io.github.xcluster.metal.Network;
import java.util.Optional;

/**
 * Fills the firewall fields a user left out, for XFirewalls and XCluster templates alike: first
 * from the operator's {@link FirewallDefaults}, then from what metal-api offers for the partition.
 * An image shorthand is pinned to the concrete image it stands for today, so the firewall can be
 * built again the same way. Never overrides a value the user wrote.
 */
public final class FirewallSpecDefaulter {
    private final FirewallDefaults defaults;
    private final FeaturedImages images;
    private final ExternalNetworks networks;

    FirewallSpecDefaulter(FirewallDefaults defaults, FeaturedImages images, ExternalNetworks networks) {
        this.defaults = defaults;
        this.images = images;
        this.networks = networks;
    }

    /**
     * @param partitionId the firewall's partition as the user wrote it (may be null or malformed)
     * @return whether anything was filled in or pinned
     */
    public boolean fill(XFirewallSpec spec, String partitionId) {
        return fill(spec, partitionId, null);
    }

    /**
     * As {@link #fill(XFirewallSpec, String)}, for an update whose previous spec had {@code previousImage}: a
     * shorthand that this concrete image still stands for keeps it, so a version published since, or a manifest
     * applied again with its shorthand, is no change (for an XCluster, no firewall rollout).
     */
    public boolean fill(XFirewallSpec spec, String partitionId, String previousImage) {
        boolean changed = false;
        if (Ids.isName(spec.getImage()) && standsFor(spec.getImage(), previousImage)) {
            spec.setImage(previousImage);
            changed = true;
        }
        if (spec.getImage() == null) {
            Optional<String> image = defaults.image().or(() -> images.newest().map(Image::id));
            image.ifPresent(spec::setImage);
            changed = image.isPresent();
        }
        if (Ids.isName(spec.getImage())) {
            Optional<String> pinned = images.pinned(spec.getImage());
            pinned.ifPresent(spec::setImage);
            changed |= pinned.isPresent();
        }
        if (spec.getSize() == null && defaults.size().isPresent()) {
            spec.setSize(defaults.size().get());
            changed = true;
        }
        if (spec.getDefaultNetworkID() == null) {
            Optional<String> network = defaults.defaultNetwork().or(() -> internetNetworkOf(partitionId));
            network.ifPresent(spec::setDefaultNetworkID);
            changed |= network.isPresent();
        }
        return changed;
    }

    private boolean standsFor(String shorthand, String previousImage) {
        return previousImage != null
                && previousImage.startsWith(shorthand + ".")
                && images.usableIds().contains(previousImage);
    }

    private Optional<String> internetNetworkOf(String partitionId) {
        if (!Ids.isName(partitionId)) {
            return Optional.empty();
        }
        return networks.internetOf(partitionId).map(Network::id);
    }
}
