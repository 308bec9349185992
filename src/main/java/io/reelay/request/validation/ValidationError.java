package io.reelay.request.validation;

import java.util.List;

/**
 * One rule a request broke, shaped like the upstream's own {@code validation_errors[]}.
 *
 * @param field the field at fault, e.g. {@code image_url} or {@code parameters.duration}
 * @param code the rule, e.g. {@code required} or {@code out_of_range}
 * @param message what is wrong, for a person
 * @param allowed the allowed values, when the rule has a list
 */
public record ValidationError(String field, String code, String message, List<String> allowed) {

    public ValidationError {
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
    }

    public static ValidationError of(String field, String code, String message) {
        return new ValidationError(field, code, message, List.of());
    }
}
