package io.github.xcluster.rules;

import java.util.Objects;
import java.util.function.Function;

/**
 * Which fields an admission touches: on CREATE ({@code before} null) every field, on UPDATE those
 * whose value differs. Rules re-check only touched fields, so an update never fails for a value
 * that was accepted before (an image that expired since, say).
 */
public record FieldChanges<S>(S before, S after) {
    public static <S> FieldChanges<S> creating(S after) {
        return new FieldChanges<>(null, after);
    }

    public boolean touched(Function<S, ?> field) {
        return before == null || !Objects.equals(field.apply(before), field.apply(after));
    }

    /** Denies a change of a field that cannot change, saying why. */
    public void denyChange(Findings findings, String field, Function<S, String> value, String why) {
        if (before != null && touched(value)) {
            findings.deny(
                    field,
                    "is immutable (was "
                            + Quoted.of(value.apply(before))
                            + ", now "
                            + Quoted.of(value.apply(after))
                            + "); "
                            + why);
        }
    }

    /** Like {@link #denyChange} but lets a field that was not set before be set now. */
    public void denyChangeOnceSet(Findings findings, String field, Function<S, String> value, String why) {
        if (before != null && value.apply(before) != null) {
            denyChange(findings, field, value, why);
        }
    }
}
