package io.github.xcluster.metal;

import java.util.List;
import java.util.Optional;

/**
 * What the operator asks of metal-api. Lookups by id answer {@link Optional#empty()} for an unknown
 * id; everything else that goes wrong is a {@link MetalApiException} carrying the server's message.
 */
public interface MetalApi {
    Optional<Partition> partition(String id);

    List<Partition> partitions();

    Optional<Project> project(String id);

    /** The image with exactly this id. */
    Optional<Image> image(String id);

    /** The newest image an id or shorthand such as {@code firewall-ubuntu-2.0} resolves to. */
    Optional<Image> latestImage(String idOrShorthand);

    /** All images that have every one of the given features ({@code firewall}, {@code machine}). */
    List<Image> imagesWithFeatures(List<String> features);

    Optional<Size> size(String id);

    List<Size> sizes();

    /**
     * Asks whether the size may run the image. Needs an admin credential.
     *
     * @throws MetalApiException.Rejected when the size/image constraint forbids the pair
     */
    void checkSizeImageConstraint(String sizeId, String imageId);

    /** Machine counts per size in a partition; sizes without machines are absent. */
    List<SizeCapacity> capacity(String partitionId);

    Network allocateNetwork(NetworkAllocationRequest request);

    Optional<Network> network(String id);

    List<Network> findNetworks(NetworkQuery query);

    /**
     * Frees a child network.
     *
     * @throws MetalApiException.NotFound when the network does not exist
     * @throws MetalApiException.Rejected while addresses of the network are still in use
     */
    Network freeNetwork(String id);

    /**
     * Allocates an address: the next free one of the network, or exactly {@code request.address()}.
     * No call takes a request id, so a caller marks the address with {@code tags} and looks for it
     * with {@link #findIps} before allocating, as it does with network labels and machine tags.
     *
     * @throws MetalApiException.NotFound when the network or the project does not exist
     * @throws MetalApiException.Conflict when the requested address is already allocated
     * @throws MetalApiException.Rejected when the address lies outside the network's prefixes, or the
     *     network is another project's private one
     */
    IpAddress allocateIp(IpAllocationRequest request);

    Optional<IpAddress> ip(String address);

    List<IpAddress> findIps(IpQuery query);

    /**
     * Frees an address.
     *
     * @throws MetalApiException.NotFound when the address is not allocated
     * @throws MetalApiException.Rejected while a machine uses it; freeing the machine releases an
     *     ephemeral address and detaches a static one
     */
    IpAddress freeIp(String address);

    /**
     * Allocates a firewall under the same discipline as {@link #allocateMachine}: find by tags with {@link
     * #findFirewalls} first. The server adds the partition's underlay network and installs {@code rules}.
     */
    Machine allocateFirewall(MachineAllocationRequest request, FirewallRules rules);

    /**
     * Allocates a machine. Not idempotent: every call takes another machine, and an allocation whose answer never
     * arrived (a timeout) may still have happened on the server. So the request's {@code tags} carry the caller's mark,
     * and a caller first finds by those tags ({@link #findMachines}) and allocates only when nothing carries them.
     *
     * @throws MetalApiException.Rejected with status 422 {@code no machine available} when the partition has no
     *     waiting machine of the size
     */
    Machine allocateMachine(MachineAllocationRequest request);

    /** The machine with this id if it is allocated as a firewall. */
    Optional<Machine> firewall(String id);

    List<Machine> findFirewalls(MachineQuery query);

    Optional<Machine> machine(String id);

    List<Machine> findMachines(MachineQuery query);

    /**
     * Gives a machine or firewall back to the pool; freeing a free machine succeeds.
     *
     * @throws MetalApiException.NotFound when the machine does not exist
     */
    Machine freeMachine(String id);

    Health health();
}
