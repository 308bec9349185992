package io.reelay.intake.tenancy;

import java.util.Optional;

import io.reelay.intake.ValidationError;

/**
 * A request's priority among the waiting submits of its provider: {@value #FIRST} is served first, {@value #LAST}
 * last, {@value #DEFAULT} when the request names none (as Temporal's task-queue priorities count).
 */
public final class Priority {

    public static final int FIRST = 1;
    public static final int LAST = 5;
    public static final int DEFAULT = 3;

    private Priority() {
    }

    public static boolean valid(Integer priority) {
        return priority != null && priority >= FIRST && priority <= LAST;
    }

    /** The priority a request is served at: its own when valid, else the default. */
    public static int effective(Integer priority) {
        return valid(priority) ? priority : DEFAULT;
    }

    /** The rule a given priority breaks, if any (none given is no break: it is the default). */
    public static Optional<ValidationError> check(Integer priority) {
        if (priority == null || valid(priority)) {
            return Optional.empty();
        }
        return Optional.of(outOfRange(Long.toString(priority)));
    }

    /** The error for a priority outside the range, quoting {@code given} (a number's text, bounded by the caller). */
    public static ValidationError outOfRange(String given) {
        return ValidationError.of("priority", "invalid_value", "must be a whole number from " + FIRST + " (served first) to "
                + LAST + " (served last), got " + given);
    }
}
