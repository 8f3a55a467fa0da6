package io.github.xcluster.api.capi;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Where the workload cluster's API server is reached; Cluster API copies it into the Cluster. */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public class ApiEndpoint {
    @JsonPropertyDescription("Host is the IP address or DNS name the API server is served on.")
    private String host;

    @Min(0)
    @Max(65535)
    @JsonPropertyDescription("Port is the TCP port the API server is served on; 0 until the operator sets 443.")
    private int port;

    public ApiEndpoint() {}

    public ApiEndpoint(String host, int port) {
        this.host = host;
        this.port = port;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    /** Both parts are set, as Cluster API requires before it copies the endpoint. */
    @JsonIgnore
    public boolean isSet() {
        return host != null && !host.isBlank() && port > 0;
    }
}
