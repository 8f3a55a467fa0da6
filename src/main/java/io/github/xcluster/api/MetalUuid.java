package io.github.xcluster.api;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A metal-stack project or machine id, which are UUIDs; null passes (pair with NotNull). Checked by
 * Bean Validation in the webhook and, as a Jackson annotation bundle the CRD generator reads, by
 * the CRD schema's {@code pattern}.
 */
@Documented
@JacksonAnnotationsInside
@io.fabric8.generator.annotation.Pattern(Ids.UUID_PATTERN)
@Constraint(validatedBy = {})
@ReportAsSingleViolation
@Pattern(regexp = Ids.UUID_PATTERN)
@Target(FIELD)
@Retention(RUNTIME)
public @interface MetalUuid {
    String message() default "must be a UUID such as 00000000-0000-0000-0000-000000000000";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
