package io.reelay.simulator;

import java.time.Duration;

/**
 * A rate limit the simulator enforces per simulated API (one key): a token bucket refilled at {@code perMinute} a
 * minute, holding at most {@code burst} of that rate, full at the start. Submits and polls alike take one; a call
 * above it is answered 429 {@code rate_limit_exceeded}, recorded as the fault {@code over_rate_limit}, and creates
 * nothing. Off ({@link #NONE}) unless a harness sets it: the fairness benchmark sets the same budget as the
 * service's, so any 429 is a call the service made above its own budget as the upstream saw it.
 *
 * @param perMinute calls a minute; 0 for no limit
 * @param burst how much of the rate the bucket holds (the service's rate budget holds 5 s)
 */
public record RateLimit(int perMinute, Duration burst) {

    public static final RateLimit NONE = new RateLimit(0, Duration.ZERO);

    public RateLimit {
        if (perMinute < 0) {
            throw new IllegalArgumentException("a rate limit needs 0 (none) or more calls a minute");
        }
        if (burst == null || burst.isNegative()) {
            throw new IllegalArgumentException("a rate limit's burst must be a duration of zero or more");
        }
    }

    public boolean enforced() {
        return perMinute > 0;
    }

    /** A bucket of this limit, for one simulated API. */
    Bucket bucket() {
        return new Bucket(this);
    }

    /** The token bucket itself. Thread-safe: handlers run on several event loops. */
    static final class Bucket {

        private final RateLimit limit;
        private final double capacity;
        private double tokens;
        private long lastRefill = Long.MIN_VALUE;

        Bucket(RateLimit limit) {
            this.limit = limit;
            this.capacity = Math.max(1, limit.perMinute() * limit.burst().toMillis() / 60_000.0);
        }

        /** Takes one call at {@code nowMillis}; false when the limit is reached (and always true when none is set). */
        synchronized boolean tryTake(long nowMillis) {
            if (!limit.enforced()) {
                return true;
            }
            if (lastRefill == Long.MIN_VALUE) {
                tokens = capacity;
            } else {
                tokens = Math.min(capacity, tokens + Math.max(0, nowMillis - lastRefill) * limit.perMinute() / 60_000.0);
            }
            lastRefill = nowMillis;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }

        /** Whole seconds until the next call would be let through (at least 1): the 429's Retry-After. */
        synchronized long retryAfterSeconds() {
            double missing = Math.max(0, 1 - tokens);
            return Math.max(1, (long) Math.ceil(missing * 60.0 / Math.max(1, limit.perMinute())));
        }
    }
}
