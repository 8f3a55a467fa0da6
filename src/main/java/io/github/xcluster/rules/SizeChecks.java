package io.github.xcluster.rules;

import io.github.xcluster.metal.CachingMetalLookups;
import io.github.xcluster.metal.Image;
import io.github.xcluster.metal.MetalApiException;
import io.github.xcluster.metal.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Whether a size exists and may run an image (metal-api's size/image constraints). */
final class SizeChecks {
    private static final Logger LOG = LoggerFactory.getLogger(SizeChecks.class);

    private final CachingMetalLookups lookups;

    SizeChecks(CachingMetalLookups lookups) {
        this.lookups = lookups;
    }

    /** @return whether the size exists; denies when it does not */
    boolean exists(Findings findings, String field, String sizeId) {
        if (lookups.size(sizeId).isPresent()) {
            return true;
        }
        findings.deny(
                field,
                "size " + Quoted.of(sizeId) + " does not exist"
                        + ValidChoices.of(
                                "sizes", lookups.sizes().stream().map(Size::id).toList()));
        return false;
    }

    /** Denies a pair the constraints forbid; a credential that may not ask leaves the check to the allocation. */
    void runsImage(Findings findings, String field, String sizeId, Image image) {
        try {
            lookups.checkSizeImageConstraint(sizeId, image.id());
        } catch (MetalApiException.Rejected | MetalApiException.NotFound refused) {
            findings.deny(
                    field,
                    "size " + Quoted.of(sizeId) + " may not run image " + Quoted.of(image.id()) + ": "
                            + refused.getMessage());
        } catch (MetalApiException.Unauthorized notAdmin) {
            LOG.info(
                    "size/image constraint not checked: it needs an admin credential size={} image={} status={}",
                    sizeId,
                    image.id(),
                    notAdmin.statusCode());
        }
    }
}
