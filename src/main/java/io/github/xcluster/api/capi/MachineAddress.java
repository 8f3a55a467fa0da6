package io.github.xcluster.api.capi;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** One address of a machine, as Cluster API's MachineAddress. */
public class MachineAddress {
    /** Cluster API's address types, spelt as on the wire. */
    public enum Type {
        Hostname,
        ExternalIP,
        InternalIP,
        ExternalDNS,
        InternalDNS
    }

    @Required
    @JsonPropertyDescription("Type is Hostname, ExternalIP, InternalIP, ExternalDNS or InternalDNS.")
    private Type type;

    @Required
    @JsonPropertyDescription("Address is the host name or IP address.")
    private String address;

    public MachineAddress() {}

    public MachineAddress(Type type, String address) {
        this.type = type;
        this.address = address;
    }

    public Type getType() {
        return type;
    }

    public void setType(Type type) {
        this.type = type;
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }
}
