package io.github.xcluster.dev;

import io.github.xcluster.run.Shutdown;
import io.github.xcluster.sim.MetalSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** {@code simulate}: the metal-api simulator on its own, for metalctl or an operator elsewhere. */
final class SimulateCommand {
    private SimulateCommand() {}

    static int run(List<String> args) {
        CommandOptions options =
                CommandOptions.parse(args, Set.of("port", "hmac", "machines-per-size", "provisioning-step"));
        MetalSimulator.Builder builder = MetalSimulator.builder()
                .port(options.integer("port", 8080))
                .machinesPerSize(options.integer("machines-per-size", 2))
                .provisioningStep(options.duration("provisioning-step", Duration.ofSeconds(1)));
        options.text("hmac").ifPresent(builder::hmacKey);
        MetalSimulator simulator = builder.build().start();
        System.out.println("metal-api simulator at " + simulator.baseUrl() + "\n");
        System.out.println(ExportLines.metal(simulator.baseUrl(), options.text("hmac")));
        System.out.println("machines:   curl -s http://127.0.0.1:" + simulator.port() + "/_sim/machines");
        System.out.println("Ctrl-C stops it.");
        return Shutdown.awaitThen(simulator::close);
    }
}
