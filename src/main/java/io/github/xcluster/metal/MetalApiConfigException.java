package io.github.xcluster.metal;

/** A missing or malformed metal-api setting, named with its variable; never holds a secret. */
public final class MetalApiConfigException extends RuntimeException {
    public MetalApiConfigException(String message) {
        super(message);
    }
}
