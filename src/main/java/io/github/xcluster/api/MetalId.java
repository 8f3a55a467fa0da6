package io.github.xcluster.api;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A metal-stack partition, size, image or network id; null passes (pair with NotNull). Checked by
 * Bean Validation in the webhook and, as a Jackson annotation bundle the CRD generator reads, by
 * the CRD schema's {@code pattern}.
 */
@Documented
@JacksonAnnotationsInside
@io.fabric8.generator.annotation.Pattern(Ids.NAME_PATTERN)
@Constraint(validatedBy = {})
@ReportAsSingleViolation
@Pattern(regexp = Ids.NAME_PATTERN)
@Size(max = Ids.MAX_LENGTH)
@Target(FIELD)
@Retention(RUNTIME)
public @interface MetalId {
    String message() default
            "must be 1 to 128 letters, digits, '.', '_' or '-', starting and ending with a letter or" + " digit";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
