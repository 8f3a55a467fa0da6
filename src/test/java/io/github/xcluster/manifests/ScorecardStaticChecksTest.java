package io.github.xcluster.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The checked-in bundle passes the scorecard's static olm tests; each test names what it misses. */
class ScorecardStaticChecksTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();

    private final BundleYaml yaml = new BundleYaml();
    private final GeneratedBundle bundle = GeneratedBundle.read(ROOT.resolve("bundle"), yaml);

    @Test
    void theBundleHasResourcesAndDescriptorsForEveryOwnedCrdAndEveryExampleField() {
        assertThat(new ScorecardStaticChecks(bundle, yaml).findings()).isEmpty();
    }

    @Test
    void anOwnedCrdWithoutResourcesIsNamed() {
        ownedEntry(1).remove("resources");

        assertThat(new ScorecardStaticChecks(bundle, yaml).findings())
                .containsExactly(
                        "olm-crds-have-resources: owned CRD xfirewalls.cluster.www.x-cellent.com lists no resources");
    }

    @Test
    void anExampleFieldWithoutSpecDescriptorAndAnOwnedCrdWithoutStatusDescriptorsAreNamed() {
        ArrayNode specDescriptors = ownedEntry(0).withArrayProperty("specDescriptors");
        for (int i = specDescriptors.size() - 1; i >= 0; i--) {
            if (specDescriptors.get(i).path("path").asText().equals("partition")) {
                specDescriptors.remove(i);
            }
        }
        ownedEntry(1).remove("statusDescriptors");

        assertThat(new ScorecardStaticChecks(bundle, yaml).findings())
                .containsExactlyInAnyOrder(
                        "olm-spec-descriptors: xclusters.cluster.www.x-cellent.com: spec.partition of example "
                                + "x-cellent has no spec descriptor",
                        "olm-status-descriptors: owned CRD xfirewalls.cluster.www.x-cellent.com has no status "
                                + "descriptors");
    }

    @Test
    void aDescriptorOfNoSchemaFieldIsNamed() {
        ownedEntry(0).withArrayProperty("statusDescriptors").addObject().put("path", "firewallName");

        assertThat(new ScorecardStaticChecks(bundle, yaml).findings())
                .containsExactly("olm-status-descriptors: xclusters.cluster.www.x-cellent.com: the status descriptor "
                        + "firewallName names no field of the CRD's schema");
    }

    private ObjectNode ownedEntry(int index) {
        return (ObjectNode) bundle.ownedCrds().get(index);
    }
}
