package io.reelay.api.limit;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.faulttolerance.api.RateLimitType;

/**
 * One client's calls a minute: SmallRye Fault Tolerance's rolling rate limit (already Reelay's library for the
 * upstream circuit breakers), at most the budget in any minute, bursts allowed, and it says how long until the next
 * call is. Its smooth type was not taken: it spaces calls evenly and refuses the second of two quick ones. The
 * rolling window remembers one time per call of the budget (8 bytes each: 600 a minute is 4.8 KB per client).
 */
final class CallBudget {

    private final Guard guard;

    CallBudget(String client, int perMinute) {
        this.guard = Guard.create()
                .withDescription("API calls of " + client)
                .withRateLimit()
                    .limit(Math.max(1, perMinute))
                    .window(1, ChronoUnit.MINUTES)
                    .type(RateLimitType.ROLLING)
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
