package io.github.xcluster.webhook;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code app.kubernetes.io/managed-by} label that tells who takes care of our objects. */
final class ManagedByLabel {
    static final String KEY = "app.kubernetes.io/managed-by";
    static final String VALUE = "xcluster-operator";

    private ManagedByLabel() {}

    /** Adds the label unless the object already has one, whatever its value. */
    static void addIfAbsent(HasMetadata resource) {
        ObjectMeta metadata = resource.getMetadata();
        if (metadata == null) {
            metadata = new ObjectMeta();
            resource.setMetadata(metadata);
        }
        Map<String, String> labels =
                metadata.getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(metadata.getLabels());
        if (!labels.containsKey(KEY)) {
            labels.put(KEY, VALUE);
            metadata.setLabels(labels);
        }
    }
}
