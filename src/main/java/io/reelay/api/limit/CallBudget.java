package io.reelay.api.limit;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.faulttolerance.api.RateLimitType;

/**
 * One client's calls a minute. SmallRye Fault Tolerance's smooth rate limit (already Reelay's library for the
 * upstream circuit breakers) is a token bucket: a full minute's budget may be spent in a burst, then permits come
 * back evenly over the minute; it says how long until the next one.
 */
final class CallBudget {

    private final Guard guard;

    CallBudget(String client, int perMinute) {
        this.guard = Guard.create()
                .withDescription("API calls of " + client)
                .withRateLimit()
                    .limit(Math.max(1, perMinute))
                    .window(1, ChronoUnit.MINUTES)
                    .type(RateLimitType.SMOOTH)
                    .done()
                .build();
    }

    /** Spends one call: empty when there was one left, else how long until there is. */
    Optional<Duration> spend() {
        try {
            guard.get(() -> Boolean.TRUE, Boolean.class);
            return Optional.empty();
        } catch (RateLimitException e) {
            return Optional.of(Duration.ofMillis(Math.max(1, e.getRetryAfterMillis())));
        }
    }
}
