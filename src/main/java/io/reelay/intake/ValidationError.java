package io.reelay.intake;

import java.util.ArrayList;
import java.util.List;

/**
 * One rule a request broke, shaped like the upstream's own {@code validation_errors[]}. Bounded by construction:
 * every part is cut to a fixed length, so an error never grows with the producer's text it quotes.
 *
 * @param field the field at fault, e.g. {@code image_url} or {@code parameters.duration}
 * @param code the rule, e.g. {@code required} or {@code out_of_range}
 * @param message what is wrong, for a person
 * @param allowed the allowed values, when the rule has a list
 */
public record ValidationError(String field, String code, String message, List<String> allowed) {

    static final int MAX_FIELD = 120;
    static final int MAX_CODE = 40;
    static final int MAX_MESSAGE = 240;
    static final int MAX_ALLOWED = 24;
    /** The code of the last error when some were left out. */
    public static final String MORE_ERRORS = "more_errors";

    public ValidationError {
        field = Echo.truncate(field, MAX_FIELD);
        code = Echo.truncate(code, MAX_CODE);
        message = Echo.truncate(message, MAX_MESSAGE);
        allowed = allowed == null ? List.of()
                : allowed.stream().limit(MAX_ALLOWED).map(Echo::quote).toList();
    }

    public static ValidationError of(String field, String code, String message) {
        return new ValidationError(field, code, message, List.of());
    }

    /**
     * The first errors, as many as {@link IntakeLimits#MAX_ERRORS} and {@link IntakeLimits#MAX_ERROR_CHARACTERS}
     * allow, then one saying how many more there were.
     */
    public static List<ValidationError> capped(List<ValidationError> errors) {
        int n = errors.size();
        if (n > 0 && errors.get(n - 1).code().equals(MORE_ERRORS) && n <= IntakeLimits.MAX_ERRORS + 1) {
            return List.copyOf(errors); // capped already
        }
        List<ValidationError> kept = new ArrayList<>();
        int characters = 0;
        for (ValidationError e : errors) {
            characters += e.size();
            if (kept.size() == IntakeLimits.MAX_ERRORS || characters > IntakeLimits.MAX_ERROR_CHARACTERS) {
                break;
            }
            kept.add(e);
        }
        if (kept.size() < n) {
            kept.add(of("request", MORE_ERRORS, (n - kept.size()) + " more errors not listed"));
        }
        return List.copyOf(kept);
    }

    private int size() {
        return field.length() + code.length() + message.length() + allowed.stream().mapToInt(a -> a.length() + 3).sum();
    }
}
