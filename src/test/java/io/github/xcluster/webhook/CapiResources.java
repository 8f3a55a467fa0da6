package io.github.xcluster.webhook;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.github.xcluster.api.capi.InfrastructureKinds;
import io.github.xcluster.api.capi.MetalStackCluster;
import io.github.xcluster.api.capi.MetalStackClusterSpec;
import io.github.xcluster.api.capi.MetalStackMachine;
import io.github.xcluster.api.capi.MetalStackMachineSpec;
import io.github.xcluster.api.capi.MetalStackMachineTemplate;
import io.github.xcluster.api.capi.MetalStackMachineTemplateResource;
import io.github.xcluster.api.capi.MetalStackMachineTemplateSpec;
import java.util.Map;

/** Cluster API objects as a cluster template writes them, in the mini-lab's partition vagrant. */
final class CapiResources {
    static final String CLUSTER_NAME = "capi-demo";
    static final String MACHINE_IMAGE = "ubuntu-20.04.20201026";

    private CapiResources() {}

    static MetalStackCluster cluster() {
        MetalStackClusterSpec spec = new MetalStackClusterSpec();
        spec.setPartition("vagrant");
        spec.setProjectID(SimulatedMetal.PROJECT);
        MetalStackCluster cluster = new MetalStackCluster();
        cluster.setMetadata(new ObjectMetaBuilder()
                .withName(CLUSTER_NAME)
                .withNamespace("default")
                .withLabels(Map.of(InfrastructureKinds.CLUSTER_NAME_LABEL, CLUSTER_NAME))
                .build());
        cluster.setSpec(spec);
        return cluster;
    }

    static MetalStackMachineSpec machineSpec() {
        MetalStackMachineSpec spec = new MetalStackMachineSpec();
        spec.setImage(MACHINE_IMAGE);
        spec.setSize(SimulatedMetal.SMALL);
        return spec;
    }

    /** A machine of the cluster {@link #CLUSTER_NAME}, labelled as Cluster API labels it. */
    static MetalStackMachine machine() {
        MetalStackMachine machine = new MetalStackMachine();
        machine.setMetadata(new ObjectMetaBuilder()
                .withName(CLUSTER_NAME + "-md-0-abcde")
                .withNamespace("default")
                .withLabels(Map.of(InfrastructureKinds.CLUSTER_NAME_LABEL, CLUSTER_NAME))
                .build());
        machine.setSpec(machineSpec());
        return machine;
    }

    static MetalStackMachineTemplate machineTemplate() {
        MetalStackMachineTemplateResource resource = new MetalStackMachineTemplateResource();
        resource.setSpec(machineSpec());
        MetalStackMachineTemplateSpec spec = new MetalStackMachineTemplateSpec();
        spec.setTemplate(resource);
        MetalStackMachineTemplate template = new MetalStackMachineTemplate();
        template.setMetadata(new ObjectMetaBuilder()
                .withName(CLUSTER_NAME + "-md-0")
                .withNamespace("default")
                .build());
        template.setSpec(spec);
        return template;
    }
}
