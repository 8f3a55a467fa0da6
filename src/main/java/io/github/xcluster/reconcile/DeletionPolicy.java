package io.github.xcluster.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.github.xcluster.api.XCluster;
import java.util.Map;
import java.util.Optional;

/**
 * What deleting an object does to what it holds in metal-api: {@code Delete} (the default) frees it, {@code Orphan}
 * keeps it. Set as the annotation {@value #ANNOTATION}; an XCluster passes its own on to its XFirewalls, so a firewall
 * deleted together with its cluster (as when the CRDs are deleted) keeps its machine too.
 */
enum DeletionPolicy {
    DELETE("Delete"),
    ORPHAN("Orphan");

    static final String ANNOTATION = XCluster.GROUP + "/deletion-policy";

    private final String value;

    DeletionPolicy(String value) {
        this.value = value;
    }

    /**
     * The object's policy. A value that is neither {@code Delete} nor {@code Orphan} keeps what the object holds:
     * a typo must not free bare metal.
     */
    static DeletionPolicy of(HasMetadata object) {
        String value = annotationOf(object);
        return value == null || value.equals(DELETE.value) ? DELETE : ORPHAN;
    }

    /** The annotation's value as set, or null. */
    static String annotationOf(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(ANNOTATION);
    }

    /**
     * The policy of an object that also follows its cluster's: its own annotation when it has one, else the
     * cluster's. A Cluster API machine or firewall deployment is made by CAPI or a template, so one annotation on the
     * MetalStackCluster is the one place a user sets it for all.
     */
    static DeletionPolicy of(HasMetadata object, Optional<? extends HasMetadata> cluster) {
        return of(deciding(object, cluster));
    }

    /** Why what the object holds is kept, for its Orphaned event. */
    static String whyKept(HasMetadata object) {
        return whyKept(object, Optional.empty());
    }

    static String whyKept(HasMetadata object, Optional<? extends HasMetadata> cluster) {
        HasMetadata deciding = deciding(object, cluster);
        String value = annotationOf(deciding);
        String where = "annotation " + ANNOTATION
                + (deciding == object
                        ? ""
                        : " of " + deciding.getKind() + " "
                                + deciding.getMetadata().getName());
        return ORPHAN.value.equals(value)
                ? "deletion policy Orphan (" + where + ")"
                : "the deletion policy \"" + value + "\" (" + where + ") is neither Delete nor Orphan, so nothing is"
                        + " freed";
    }

    private static HasMetadata deciding(HasMetadata object, Optional<? extends HasMetadata> cluster) {
        if (annotationOf(object) != null || cluster.isEmpty()) {
            return object;
        }
        return cluster.get();
    }
}
