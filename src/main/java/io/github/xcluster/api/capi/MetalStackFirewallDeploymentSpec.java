package io.github.xcluster.api.capi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.github.xcluster.api.FirewallUpdate;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * Field names as in metal-stack's provider; {@code strategy} and {@code progressDeadlineSeconds} (from
 * {@link FirewallUpdate}, as the firewall-controller-manager's FirewallDeployment has them) are ours.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetalStackFirewallDeploymentSpec extends FirewallUpdate {
    @Required
    @NotNull(message = "is required")
    @Valid
    @JsonPropertyDescription("FirewallTemplateRef names the MetalStackFirewallTemplate of the namespace to run.")
    private NameReference firewallTemplateRef;

    @JsonPropertyDescription(
            "ManagedResourceRef is set by the operator to the firewall that serves, as metal://<partition>/<machine"
                    + " id>; it is how a restarted or moved operator knows which firewall served last.")
    private NameReference managedResourceRef;

    @JsonPropertyDescription(
            "AutoUpdate.machineImage true rolls out a new firewall when a newer image version is published for the"
                    + " template's image shorthand; false (the default) keeps the running image until the template"
                    + " changes.")
    private AutoUpdate autoUpdate;

    /** Whether new image versions roll out by themselves. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class AutoUpdate {
        @JsonPropertyDescription("MachineImage true rolls out newer versions of the image shorthand.")
        private Boolean machineImage;

        public Boolean getMachineImage() {
            return machineImage;
        }

        public void setMachineImage(Boolean machineImage) {
            this.machineImage = machineImage;
        }
    }

    public NameReference getFirewallTemplateRef() {
        return firewallTemplateRef;
    }

    public void setFirewallTemplateRef(NameReference firewallTemplateRef) {
        this.firewallTemplateRef = firewallTemplateRef;
    }

    public NameReference getManagedResourceRef() {
        return managedResourceRef;
    }

    public void setManagedResourceRef(NameReference managedResourceRef) {
        this.managedResourceRef = managedResourceRef;
    }

    public AutoUpdate getAutoUpdate() {
        return autoUpdate;
    }

    public void setAutoUpdate(AutoUpdate autoUpdate) {
        this.autoUpdate = autoUpdate;
    }

    public boolean autoUpdatesImage() {
        return autoUpdate != null && Boolean.TRUE.equals(autoUpdate.getMachineImage());
    }
}
