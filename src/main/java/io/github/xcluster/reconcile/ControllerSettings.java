package io.github.xcluster.reconcile;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.Set;

/**
 * How the controllers run: the namespaces they watch (empty: all), leader election through a Lease
 * (empty: off), reconciliation threads and where metrics go.
 */
public record ControllerSettings(
    Set<String> watchNamespaces,
    Optional<LeaderElection> leaderElection,
    int reconcileThreads,
    Optional<MeterRegistry> metrics) {

  /**
   * @param exitOnLoss end the process when leadership is lost or given up, so Kubernetes restarts a
   *     clean replica; an operator embedded in another process (tests, make run) keeps it off
   */
  public record LeaderElection(String leaseName, String leaseNamespace, boolean exitOnLoss) {}

  public static ControllerSettings defaults() {
    return new ControllerSettings(Set.of(), Optional.empty(), 10, Optional.empty());
  }
}
