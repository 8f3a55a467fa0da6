package io.github.xcluster.rules;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Comparator;
import java.util.List;

/**
 * The static checks declared with Bean Validation annotations on the spec classes in {@code
 * io.github.xcluster.api}, reported as denials with the field path as the user wrote it.
 */
public final class SpecConstraints implements AutoCloseable {
    private final ValidatorFactory factory = Validation.buildDefaultValidatorFactory();
    private final Validator validator = factory.getValidator();

    /**
     * @param specPath where the bean sits in the object, e.g. {@code spec}
     * @param groups the validation groups to check (Default when none)
     */
    public List<Denial> violations(Object spec, String specPath, Class<?>... groups) {
        return validator.validate(spec, groups).stream()
                .map(violation -> denial(specPath, violation))
                .sorted(Comparator.comparing(Denial::field).thenComparing(Denial::message))
                .toList();
    }

    private static Denial denial(String specPath, ConstraintViolation<Object> violation) {
        String field = specPath + "." + violation.getPropertyPath();
        Object value = violation.getInvalidValue();
        String message = value == null
                ? violation.getMessage()
                : violation.getMessage() + ", was " + Quoted.of(String.valueOf(value));
        return new Denial(field, message);
    }

    @Override
    public void close() {
        factory.close();
    }
}
