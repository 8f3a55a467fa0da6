package io.github.xcluster.rules;

import io.github.xcluster.metal.CachingMetalLookups;
import io.github.xcluster.metal.Image;
import io.github.xcluster.metal.MetalApiException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Finds firewall images the way metal-api's allocation does: exact id first, then shorthand. */
final class FirewallImages {
    private static final Comparator<Image> NEWEST_LAST = Comparator.comparing(
                    (Image image) -> ImageVersion.ofImageId(image.id()).orElse(new ImageVersion(0, 0, 0)))
            .thenComparing(Image::id);

    private final CachingMetalLookups lookups;
    private final Clock clock;

    FirewallImages(CachingMetalLookups lookups, Clock clock) {
        this.lookups = lookups;
        this.clock = clock;
    }

    /**
     * The image an id or shorthand such as {@code firewall-ubuntu-2.0} stands for; empty when
     * metal-api knows none (a shorthand it cannot parse counts as none).
     */
    Optional<Image> resolve(String idOrShorthand) {
        Optional<Image> exact = lookups.image(idOrShorthand);
        if (exact.isPresent()) {
            return exact;
        }
        try {
            return lookups.latestImage(idOrShorthand);
        } catch (MetalApiException.Rejected unparsable) {
            return Optional.empty();
        }
    }

    /** The firewall images that have not expired, by id. */
    List<String> usableIds() {
        return lookups.firewallImages().stream()
                .filter(image -> !image.isExpiredAt(clock.instant()))
                .map(Image::id)
                .sorted()
                .toList();
    }

    /** The highest-versioned firewall image that has not expired. */
    Optional<Image> newest() {
        return lookups.firewallImages().stream()
                .filter(image -> !image.isExpiredAt(clock.instant()))
                .max(NEWEST_LAST);
    }
}
