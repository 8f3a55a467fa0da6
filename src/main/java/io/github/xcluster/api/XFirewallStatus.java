package io.github.xcluster.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;

@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = ConditionSchema.class, input = "")
public class XFirewallStatus extends ResourceStatus {
    @JsonProperty("machineID")
    @JsonPropertyDescription("MachineID is the id of the metal-stack machine allocated as firewall.")
    private String machineID;

    @JsonPropertyDescription("LastEvent is the machine's newest provisioning event, e.g. Installing or Phoned Home.")
    private String lastEvent;

    @JsonPropertyDescription("Liveliness is the machine's liveliness as metal-api reports it.")
    private String liveliness;

    public String getMachineID() {
        return machineID;
    }

    public void setMachineID(String machineID) {
        this.machineID = machineID;
    }

    public String getLastEvent() {
        return lastEvent;
    }

    public void setLastEvent(String lastEvent) {
        this.lastEvent = lastEvent;
    }

    public String getLiveliness() {
        return liveliness;
    }

    public void setLiveliness(String liveliness) {
        this.liveliness = liveliness;
    }
}
