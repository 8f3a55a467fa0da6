package io.github.xcluster.manifests;

/** config/ does not hold what the bundle needs; the message names the file and what is missing. */
final class BundleSourceException extends RuntimeException {
    BundleSourceException(String message) {
        super(message);
    }
}
