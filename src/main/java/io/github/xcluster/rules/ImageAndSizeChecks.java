package io.github.xcluster.rules;

import io.github.xcluster.metal.Image;
import java.util.Optional;

/** The image, the size and whether the size may run the image: of a firewall or a machine, whichever the images are. */
final class ImageAndSizeChecks {
    private final ImageChecks images;
    private final SizeChecks sizes;

    ImageAndSizeChecks(ImageChecks images, SizeChecks sizes) {
        this.images = images;
        this.sizes = sizes;
    }

    /**
     * Checks what an admission touches: a new image, a new size, and the pair when either is new.
     *
     * @param specPath where the spec sits; the fields are its {@code .image} and {@code .size}
     * @return whether the size exists, as far as it was checked
     */
    boolean check(
            Findings findings,
            String specPath,
            String imageRef,
            boolean imageTouched,
            String sizeId,
            boolean sizeTouched) {
        Optional<Image> image = Optional.empty();
        if (imageTouched) {
            image = images.check(findings, specPath + ".image", imageRef);
        } else if (sizeTouched) {
            image = images.resolveWithFeature(imageRef);
        }
        boolean sizeExists = !sizeTouched || sizes.exists(findings, specPath + ".size", sizeId);
        if ((imageTouched || sizeTouched) && image.isPresent() && sizeExists) {
            sizes.runsImage(findings, specPath + ".size", sizeId, image.get());
        }
        return sizeExists;
    }
}
