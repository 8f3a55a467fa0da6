package io.github.xcluster.api.capi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.github.xcluster.api.ConditionSchema;
import io.github.xcluster.api.ResourceStatus;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = ConditionSchema.class, input = "")
public class MetalStackMachineStatus extends ResourceStatus {
    @JsonPropertyDescription("Initialization is the Cluster API v1beta2 contract's provisioning flag.")
    private Initialization initialization;

    @JsonPropertyDescription(
            "Addresses are the machine's host name, its InternalIP in the node network and an ExternalIP where it has"
                    + " one.")
    private List<MachineAddress> addresses;

    @JsonProperty("machineID")
    @JsonPropertyDescription("MachineID is the id of the metal-stack machine allocated for this object.")
    private String machineID;

    @JsonPropertyDescription("LastEvent is the machine's newest provisioning event, e.g. Installing or Phoned Home.")
    private String lastEvent;

    @JsonPropertyDescription("Liveliness is the machine's liveliness as metal-api reports it.")
    private String liveliness;

    public Initialization getInitialization() {
        return initialization;
    }

    public void setInitialization(Initialization initialization) {
        this.initialization = initialization;
    }

    public List<MachineAddress> getAddresses() {
        return addresses;
    }

    public void setAddresses(List<MachineAddress> addresses) {
        this.addresses = addresses;
    }

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
