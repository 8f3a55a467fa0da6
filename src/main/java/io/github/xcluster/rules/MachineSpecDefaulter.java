package io.github.xcluster.rules;

import io.github.xcluster.api.Ids;
import io.github.xcluster.api.capi.MetalStackMachineSpec;
import java.util.Optional;

/**
 * Pins a machine image shorthand ({@code ubuntu-24.04}) to the concrete newest image it stands for today, as
 * {@link FirewallSpecDefaulter} does for firewalls: every machine cloned from a template, and a machine built again,
 * gets the same image. Never overrides an exact id.
 */
public final class MachineSpecDefaulter {
    private final FeaturedImages images;

    MachineSpecDefaulter(FeaturedImages images) {
        this.images = images;
    }

    /** @return whether the image was pinned */
    public boolean fill(MetalStackMachineSpec spec) {
        if (!Ids.isName(spec.getImage())) {
            return false;
        }
        Optional<String> pinned = images.pinned(spec.getImage());
        pinned.ifPresent(spec::setImage);
        return pinned.isPresent();
    }
}
