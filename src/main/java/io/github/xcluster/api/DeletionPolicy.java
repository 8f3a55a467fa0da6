package io.github.xcluster.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Optional;

/**
 * What deleting an object does to what it holds in metal-api: {@code Delete} (the default) frees it, {@code Orphan}
 * keeps it. Set as the annotation {@value #ANNOTATION}; an XCluster passes its own on to its XFirewalls, so a firewall
 * deleted together with its cluster (as when the CRDs are deleted) keeps its machine too.
 */
public enum DeletionPolicy {
    DELETE("Delete"),
    ORPHAN("Orphan");

    public static final String ANNOTATION = XCluster.GROUP + "/deletion-policy";

    private final String value;

    DeletionPolicy(String value) {
        this.value = value;
    }

    /**
     * The object's policy. A value that is neither {@code Delete} nor {@code Orphan} keeps what the object holds:
     * a typo must not free bare metal.
     */
    public static DeletionPolicy of(HasMetadata object) {
        String value = annotationOf(object);
        return value == null || value.equals(DELETE.value) ? DELETE : ORPHAN;
    }

    /** The annotation's value as set, or null. */
    public static String annotationOf(HasMetadata object) {
        Map<String, String> annotations =
                object.getMetadata() == null ? null : object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(ANNOTATION);
    }

    /**
     * Why the annotation's value is refused at admission, or empty when it is absent or one of the two. The
     * controllers keep everything for a value they do not know; the webhook tells the user at once.
     */
    public static Optional<String> invalidValue(HasMetadata object) {
        String value = annotationOf(object);
        if (value == null || value.equals(DELETE.value) || value.equals(ORPHAN.value)) {
            return Optional.empty();
        }
        return Optional.of("must be Delete (free what the object holds when it is deleted, the default) or Orphan"
                + " (keep it in metal-api), was \"" + value + "\"");
    }

    /**
     * The policy of an object that also follows its cluster's: its own annotation when it has one, else the
     * cluster's. A Cluster API machine or firewall deployment is made by CAPI or a template, so one annotation on the
     * MetalStackCluster is the one place a user sets it for all.
     */
    public static DeletionPolicy of(HasMetadata object, Optional<? extends HasMetadata> cluster) {
        return of(deciding(object, cluster));
    }

    /** Why what the object holds is kept, for its Orphaned event. */
    public static String whyKept(HasMetadata object) {
        return whyKept(object, Optional.empty());
    }

    public static String whyKept(HasMetadata object, Optional<? extends HasMetadata> cluster) {
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
