package io.github.xcluster.sim;

import io.github.xcluster.metal.HttpMetalApi;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.metal.MetalApiConfig;
import io.github.xcluster.metal.Network;
import io.github.xcluster.metal.NetworkAllocationRequest;
import io.github.xcluster.testing.Samples;
import java.time.Duration;
import java.util.Map;

/** A simulator without credentials and one private network of the sample project, for the tests of node machines. */
record NodeWorld(MetalSimulator simulator, MetalApi metal, Network network) implements AutoCloseable {
    static NodeWorld start(int machinesPerSize, String networkName) {
        MetalSimulator simulator = MetalSimulator.builder()
                .machinesPerSize(machinesPerSize)
                .provisioningStep(Duration.ofMillis(5))
                .build()
                .start();
        MetalApi metal = HttpMetalApi.connect(MetalApiConfig.of(simulator.baseUrl(), null));
        Network network = metal.allocateNetwork(
                new NetworkAllocationRequest(Samples.PROJECT, Samples.PARTITION, networkName, "", Map.of()));
        return new NodeWorld(simulator, metal, network);
    }

    @Override
    public void close() {
        simulator.close();
    }
}
