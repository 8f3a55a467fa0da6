package io.github.xcluster.rules;

import java.util.Comparator;
import java.util.Optional;

/**
 * The version metal-api reads from an image id: the part after the last {@code -}, parsed leniently
 * as major.minor.patch (missing parts are 0), e.g. {@code firewall-ubuntu-2.0.20201126}.
 */
record ImageVersion(long major, long minor, long patch) implements Comparable<ImageVersion> {
    private static final Comparator<ImageVersion> ORDER = Comparator.comparingLong(ImageVersion::major)
            .thenComparingLong(ImageVersion::minor)
            .thenComparingLong(ImageVersion::patch);

    static Optional<ImageVersion> ofImageId(String imageId) {
        int dash = imageId.lastIndexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        String[] parts = imageId.substring(dash + 1).split("\\.", -1);
        if (parts.length > 3) {
            return Optional.empty();
        }
        long[] numbers = new long[3];
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].matches("[0-9]{1,18}")) {
                return Optional.empty();
            }
            numbers[i] = Long.parseLong(parts[i]);
        }
        return Optional.of(new ImageVersion(numbers[0], numbers[1], numbers[2]));
    }

    @Override
    public int compareTo(ImageVersion other) {
        return ORDER.compare(this, other);
    }
}
