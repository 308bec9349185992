package io.reelay.lifecycle;

import java.time.Duration;

/**
 * The one back-off rule: capped exponential growth, jittered by one rule (a delay loses up to {@code spread} of
 * itself, drawn uniformly, so requests that failed together do not come back together), and a longer Retry-After
 * from the upstream wins. Submit retries, failed polls and the adaptive poll plan all use it; the draw is made by
 * the caller and passed in, so every case is exact in a test.
 */
public final class Backoff {

    /** Submit retries come back between half and all of their back-off. */
    public static final double SUBMIT_SPREAD = 0.5;
    /** Failed polls come back between three quarters and all of theirs. */
    public static final double POLL_SPREAD = 0.25;

    private Backoff() {
    }

    /** {@code first}, doubled for each failure after the first, at most {@code max}. */
    public static long exponential(Duration first, Duration max, int failures) {
        long base = first.toMillis() << Math.min(Math.max(failures, 1) - 1, 16);
        return Math.min(max.toMillis(), base);
    }

    /**
     * The jitter rule.
     *
     * @param delayMs the back-off
     * @param spread the share of it the jitter may take off, in [0, 1)
     * @param draw a uniform draw in [0, 1)
     */
    public static long jittered(long delayMs, double spread, double draw) {
        return delayMs - (long) (delayMs * spread * draw);
    }

    /** The delay, or the upstream's Retry-After where that is longer. */
    public static long atLeastRetryAfter(long delayMs, Long retryAfterMs) {
        return retryAfterMs == null ? delayMs : Math.max(delayMs, retryAfterMs);
    }

    /** The whole rule: exponential, jittered, Retry-After wins. */
    public static long delay(Duration first, Duration max, int failures, double spread, double draw,
            Long retryAfterMs) {
        return atLeastRetryAfter(jittered(exponential(first, max, failures), spread, draw), retryAfterMs);
    }
}
