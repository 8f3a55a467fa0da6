package io.github.xcluster.sim;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** Request bodies as metal-api reads them (unknown fields are ignored). */
final class SimRequests {
    private SimRequests() {}

    record CapacityRequest(String id, String sizeid, String projectid) {}

    record ProjectFind(
            String id,
            String name,
            String description,
            @JsonProperty("tenant_id") String tenantId) {}

    record ImageFind(String id, String name, String os, String version, String classification, List<String> features) {}

    record SizeImageTry(String size, String image) {}

    record NetworkAllocate(
            String projectid,
            String partitionid,
            String name,
            String description,
            Map<String, String> labels,
            Boolean shared,
            Boolean nat) {}

    record NetworkFind(
            String id,
            String name,
            String partitionid,
            String projectid,
            String parentnetworkid,
            Boolean nat,
            Boolean privatesuper,
            Boolean underlay,
            Long vrf,
            Map<String, String> labels) {}

    record IpAllocate(
            String networkid,
            String projectid,
            String type,
            String name,
            String description,
            List<String> tags,
            String addressfamily,
            String machineid) {}

    record IpFind(
            String ipaddress,
            String allocationuuid,
            String name,
            String networkprefix,
            String networkid,
            List<String> tags,
            String projectid,
            String type,
            String machineid,
            String addressfamily) {}

    record AllocationNetwork(String networkid, Boolean autoacquire) {}

    /** A machine's or firewall's allocation; only a firewall's reads {@code firewall_rules}. */
    record MachineAllocate(
            String projectid,
            String partitionid,
            String sizeid,
            String imageid,
            List<AllocationNetwork> networks,
            @JsonProperty("ssh_pub_keys") List<String> sshPubKeys,
            String uuid,
            String name,
            String description,
            String hostname,
            @JsonProperty("user_data") String userData,
            List<String> tags,
            List<String> ips,
            @JsonProperty("placement_tags") List<String> placementTags,
            @JsonProperty("firewall_rules") SimModel.FirewallRules firewallRules) {}

    record MachineFind(
            String id,
            String name,
            @JsonProperty("partition_id") String partitionId,
            String sizeid,
            String rackid,
            List<String> tags,
            @JsonProperty("allocation_name") String allocationName,
            @JsonProperty("allocation_project") String allocationProject,
            @JsonProperty("allocation_hostname") String allocationHostname,
            @JsonProperty("allocation_image_id") String allocationImageId,
            @JsonProperty("allocation_role") String allocationRole,
            @JsonProperty("network_ids") List<String> networkIds,
            @JsonProperty("state_value") String stateValue) {}
}
