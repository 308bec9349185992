package io.reelay.simulator;

/**
 * An answer a broken or hostile upstream could give, which the simulator sends in hostile mode
 * ({@code simulator.chaos.hostile}). Each is written for the API it stands in for, on submits
 * and polls alike (see {@link HostileAnswers}); none creates a task. Configuration names are the
 * lower-case, hyphenated constants, e.g. {@code huge-retry-after}.
 */
public enum HostileAnswer {
    /** 429 with a 24-digit Retry-After header and {@code retry_after: 1e300}. */
    HUGE_RETRY_AFTER,
    /** 200 whose timestamps are far outside any real time: {@code Long.MIN_VALUE}, {@code 1e300}, year 999999999. */
    HUGE_TIMESTAMPS,
    /** 200 with progress {@code 1e9}, negative sizes and durations, widths of {@code 1e12}. */
    OUT_OF_RANGE_NUMBERS,
    /** 200, a completed task listing thousands of videos. */
    MANY_VIDEOS,
    /** 200 with a body that does not end: chunks until the client hangs up (or 64 MiB). */
    UNBOUNDED_BODY,
    /** 200 with JSON nested 100,000 levels deep. */
    DEEP_JSON,
    /** 200 with a 100 KB task id, status, message and video URL. */
    HUGE_STRINGS,
    /** 200 with CR, LF and NUL in the task id, status, message and video URL. */
    CONTROL_CHARACTERS,
    /** 200 with every field of the wrong JSON type. */
    WRONG_TYPES,
    /** 200 with a status value the API never sends otherwise (a rotation of them). */
    UNDOCUMENTED_STATUS,
    /** 503 whose body is 512 KB of bytes that are no JSON nor UTF-8, and {@code Retry-After: soon}. */
    GARBAGE_ERROR;

    /** How the call log names the fault, e.g. {@code hostile_huge_retry_after}. */
    String wireName() {
        return "hostile_" + name().toLowerCase(java.util.Locale.ROOT);
    }
}
