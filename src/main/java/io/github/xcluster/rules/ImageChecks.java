package io.github.xcluster.rules;

import io.github.xcluster.metal.Image;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Whether an image id or shorthand names a usable image of one feature: it exists, has the feature and has not
 * expired; deprecated and soon expiring images are admitted with a warning.
 */
final class ImageChecks {
    static final Duration EXPIRY_WARNING = Duration.ofDays(14);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private final FeaturedImages images;
    private final Clock clock;

    ImageChecks(FeaturedImages images, Clock clock) {
        this.images = images;
        this.clock = clock;
    }

    /** The usable image the reference names; denies under {@code field} when there is none. */
    Optional<Image> check(Findings findings, String field, String imageRef) {
        Optional<Image> resolved = images.resolve(imageRef);
        if (resolved.isEmpty()) {
            findings.deny(field, "image " + Quoted.of(imageRef) + " does not exist" + choices());
            return Optional.empty();
        }
        Image image = resolved.get();
        String named = image.id().equals(imageRef)
                ? "image " + Quoted.of(imageRef)
                : "image " + Quoted.of(imageRef) + " (resolves to " + Quoted.of(image.id()) + ")";
        if (!images.hasFeature(image)) {
            findings.deny(
                    field,
                    named + " is not a " + images.feature() + " image (features: "
                            + String.join(
                                    ", ", image.features().stream().sorted().toList()) + ")" + choices());
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (image.isExpiredAt(now)) {
            findings.deny(field, named + " expired on " + DAY.format(image.expirationDate()) + choices());
            return Optional.empty();
        }
        if (Image.CLASSIFICATION_DEPRECATED.equals(image.classification())) {
            findings.warn(field, named + " is deprecated; consider a newer " + images.feature() + " image");
        }
        if (image.expirationDate() != null && image.expirationDate().isBefore(now.plus(EXPIRY_WARNING))) {
            long days = Duration.between(now, image.expirationDate()).toDays();
            findings.warn(
                    field, named + " expires on " + DAY.format(image.expirationDate()) + " (in " + days + " days)");
        }
        return Optional.of(image);
    }

    /** The image a reference names if it has the feature, without checking anything else. */
    Optional<Image> resolveWithFeature(String imageRef) {
        return images.resolve(imageRef).filter(images::hasFeature);
    }

    private String choices() {
        return ValidChoices.of(images.feature() + " images", images.usableIds());
    }
}
