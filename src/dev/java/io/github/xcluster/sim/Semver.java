package io.github.xcluster.sim;

import java.util.Comparator;

/** metal-api's lenient image versions: missing parts are 0, e.g. {@code 2.0} is 2.0.0. */
record Semver(long major, long minor, long patch) implements Comparable<Semver> {
    private static final Comparator<Semver> ORDER = Comparator.comparingLong(Semver::major)
            .thenComparingLong(Semver::minor)
            .thenComparingLong(Semver::patch);

    /** Parses a version, or answers null when it is not one. */
    static Semver parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length == 0 || parts.length > 3) {
            return null;
        }
        long[] numbers = new long[3];
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isEmpty() || !parts[i].chars().allMatch(Character::isDigit) || parts[i].length() > 18) {
                return null;
            }
            numbers[i] = Long.parseLong(parts[i]);
        }
        return new Semver(numbers[0], numbers[1], numbers[2]);
    }

    /**
     * What an image shorthand asks for: a non-zero patch matches exactly, otherwise any patch of the
     * same major.minor.
     */
    boolean matchedBy(Semver wanted) {
        if (wanted.patch > 0) {
            return equals(wanted);
        }
        return major == wanted.major && minor == wanted.minor;
    }

    @Override
    public int compareTo(Semver other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
