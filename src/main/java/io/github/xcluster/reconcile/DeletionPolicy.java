package io.github.xcluster.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.github.xcluster.api.XCluster;
import java.util.Map;

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

    /** Why what the object holds is kept, for its Orphaned event. */
    static String whyKept(HasMetadata object) {
        String value = annotationOf(object);
        return ORPHAN.value.equals(value)
                ? "deletion policy Orphan (annotation " + ANNOTATION + ")"
                : "the deletion policy \"" + value + "\" (annotation " + ANNOTATION + ") is neither Delete nor Orphan,"
                        + " so nothing is freed";
    }
}
