package io.github.xcluster.metal;

/** Tells whoever waits on metal-api that its credentials changed, so that what failed for lack of them is retried. */
@FunctionalInterface
public interface MetalApiChanges {
    void whenChanged(Runnable listener);

    /** For a metal-api whose credentials never change. */
    static MetalApiChanges none() {
        return listener -> {};
    }
}
