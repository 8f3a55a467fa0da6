package io.github.xcluster.rules;

import io.github.xcluster.metal.CachingMetalLookups;
import io.github.xcluster.metal.Image;
import io.github.xcluster.metal.MetalApiException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The images of one feature ({@code firewall} or {@code machine}), found the way metal-api's allocation finds
 * images: exact id first, then shorthand.
 */
final class FeaturedImages {
    private static final Comparator<Image> NEWEST_LAST = Comparator.comparing(
                    (Image image) -> ImageVersion.ofImageId(image.id()).orElse(new ImageVersion(0, 0, 0)))
            .thenComparing(Image::id);

    private final CachingMetalLookups lookups;
    private final Clock clock;
    private final String feature;

    FeaturedImages(CachingMetalLookups lookups, Clock clock, String feature) {
        this.lookups = lookups;
        this.clock = clock;
        this.feature = feature;
    }

    /** {@code firewall} or {@code machine}, as in "a firewall image". */
    String feature() {
        return feature;
    }

    boolean hasFeature(Image image) {
        return image.features().contains(feature);
    }

    /**
     * The image an id or shorthand such as {@code firewall-ubuntu-2.0} stands for, whatever its features; empty
     * when metal-api knows none (a shorthand it cannot parse counts as none).
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

    /** The images of this feature that have not expired, by id. */
    List<String> usableIds() {
        return lookups.imagesWithFeature(feature).stream()
                .filter(image -> !image.isExpiredAt(clock.instant()))
                .map(Image::id)
                .sorted()
                .toList();
    }

    /** The concrete id a shorthand stands for today; empty for an exact id or an image metal-api does not know. */
    Optional<String> pinned(String idOrShorthand) {
        return resolve(idOrShorthand).map(Image::id).filter(id -> !id.equals(idOrShorthand));
    }

    /** The highest-versioned image of this feature that has not expired. */
    Optional<Image> newest() {
        return lookups.imagesWithFeature(feature).stream()
                .filter(image -> !image.isExpiredAt(clock.instant()))
                .max(NEWEST_LAST);
    }
}
