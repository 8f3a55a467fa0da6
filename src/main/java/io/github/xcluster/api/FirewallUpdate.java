package io.github.xcluster.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.time.Duration;

/** How a change of the firewall template replaces the running firewall, after a Deployment's strategy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FirewallUpdate {
    public static final Duration DEFAULT_PROGRESS_DEADLINE = Duration.ofMinutes(10);

    /** The two ways of replacing a firewall, named as metal-stack's firewall-controller-manager names them. */
    public enum Strategy {
        RollingUpdate,
        Recreate
    }

    @JsonPropertyDescription(
            "Strategy is RollingUpdate (the default: the new firewall is allocated and ready before the old one is"
                    + " freed, so it needs a spare machine of the size) or Recreate (the old one is freed first; the"
                    + " network is unprotected until the new one is ready).")
    private Strategy strategy;

    @Min(1)
    @Max(86400)
    @JsonPropertyDescription(
            "ProgressDeadlineSeconds is how long a new firewall may take to become ready before the rollout is"
                    + " reported as failed (the old firewall keeps serving); default 600.")
    private Integer progressDeadlineSeconds;

    public Strategy getStrategy() {
        return strategy;
    }

    public void setStrategy(Strategy strategy) {
        this.strategy = strategy;
    }

    public Integer getProgressDeadlineSeconds() {
        return progressDeadlineSeconds;
    }

    public void setProgressDeadlineSeconds(Integer progressDeadlineSeconds) {
        this.progressDeadlineSeconds = progressDeadlineSeconds;
    }

    public Strategy strategyOrDefault() {
        return strategy == null ? Strategy.RollingUpdate : strategy;
    }

    public Duration progressDeadlineOrDefault() {
        return progressDeadlineSeconds == null
                ? DEFAULT_PROGRESS_DEADLINE
                : Duration.ofSeconds(progressDeadlineSeconds);
    }
}
