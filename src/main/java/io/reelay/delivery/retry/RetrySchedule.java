package io.reelay.delivery.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: exponential back-off with full jitter (a random wait between half and all of
 * {@code first * 2^(attempts-1)}, capped at {@code max}), never sooner than the endpoint's Retry-After, and never
 * after the retry window (counted from the first attempt): then the delivery is given up (dead-lettered).
 */
public final class RetrySchedule {

    private final Duration first;
    private final Duration max;
    private final Duration window;
    private final DoubleSupplier random;

    /** @param random values in [0, 1), for the jitter */
    public RetrySchedule(Duration first, Duration max, Duration window, DoubleSupplier random) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0 || window.isNegative()) {
            throw new IllegalArgumentException("webhook back-off: need 0 < first-backoff <= max-backoff, window >= 0");
        }
        this.first = first;
        this.max = max;
        this.window = window;
        this.random = random;
    }

    /** The back-off after {@code attempts} failed attempts (1 or more), before Retry-After and the window. */
    public Duration backoff(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, 40));
        // Doubling in floating point: saturates at max instead of overflowing.
        long capped = (long) Math.min(first.toMillis() * Math.pow(2, doublings), max.toMillis());
        double r = random.getAsDouble();
        long jittered = capped / 2 + (long) (capped / 2.0 * Math.max(0, Math.min(r, 1)));
        return Duration.ofMillis(Math.max(1, jittered));
    }

    /**
     * When to try again after {@code attempts} failed attempts, the first made at {@code firstAttempt}; empty when the
     * next one would fall outside the window (give up).
     */
    public Optional<Instant> next(int attempts, Instant firstAttempt, Instant now, Optional<Duration> retryAfter) {
        Duration wait = backoff(attempts);
        if (retryAfter.isPresent() && retryAfter.get().compareTo(wait) > 0) {
            wait = retryAfter.get();
        }
        Instant at = now.plus(wait);
        return at.isAfter(firstAttempt.plus(window)) ? Optional.empty() : Optional.of(at);
    }
}
