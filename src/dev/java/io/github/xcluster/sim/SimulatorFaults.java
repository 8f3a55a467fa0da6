package io.github.xcluster.sim;

import java.time.Duration;

/**
 * Trouble the simulator can be told to make, at run time from Java or over {@code POST
 * /_sim/faults}: added latency, a share of 503 answers, requests never answered, answers that stop
 * half way, a full outage, slow machine allocations. What happens to single machines is in {@link MachineFaults}.
 */
public final class SimulatorFaults {
    private volatile Duration latency = Duration.ZERO;
    private volatile double errorRate;
    private volatile boolean timeouts;
    private volatile boolean outage;
    private volatile boolean stalledBodies;
    private volatile Duration allocationDelay = Duration.ZERO;

    public SimulatorFaults latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    /** Answers this share (0 to 1) of API calls with a 503. */
    public SimulatorFaults errorRate(double share) {
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("error rate must be between 0 and 1, was " + share);
        }
        this.errorRate = share;
        return this;
    }

    /** Leaves API calls unanswered, so clients run into their timeouts. */
    public SimulatorFaults timeouts(boolean on) {
        this.timeouts = on;
        return this;
    }

    /** Sends the status line, headers and the first byte of each API answer, then nothing more. */
    public SimulatorFaults stalledBodies(boolean on) {
        this.stalledBodies = on;
        return this;
    }

    /** Closes every connection at once, health included. */
    public SimulatorFaults outage(boolean on) {
        this.outage = on;
        return this;
    }

    /**
     * Answers machine and firewall allocations only after this delay. The allocation itself happens at once, so a
     * client that gives up sooner leaves an allocated machine behind, and a blind retry takes a second one.
     */
    public SimulatorFaults slowAllocations(Duration delay) {
        this.allocationDelay = delay;
        return this;
    }

    public SimulatorFaults reset() {
        latency = Duration.ZERO;
        errorRate = 0;
        timeouts = false;
        outage = false;
        stalledBodies = false;
        allocationDelay = Duration.ZERO;
        return this;
    }

    public Duration latency() {
        return latency;
    }

    public double errorRate() {
        return errorRate;
    }

    public boolean timeouts() {
        return timeouts;
    }

    public boolean outage() {
        return outage;
    }

    public boolean stalledBodies() {
        return stalledBodies;
    }

    public Duration allocationDelay() {
        return allocationDelay;
    }
}
