package io.reelay.delivery.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private static RetrySchedule schedule(double random) {
        return new RetrySchedule(Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofHours(24), () -> random);
    }

    @Test
    void backOffDoublesWithJitterBetweenHalfAndAllOfTheStep() {
        for (int attempts = 1; attempts <= 8; attempts++) {
            long step = 5_000L << (attempts - 1);
            assertThat(schedule(0.0).backoff(attempts)).isEqualTo(Duration.ofMillis(step / 2));
            assertThat(schedule(0.999_999).backoff(attempts).toMillis()).isBetween(step - 1, step);
        }
    }

    @Test
    void backOffIsCappedAndNeverOverflows() {
        assertThat(schedule(0.999_999).backoff(20).toMillis()).isBetween(3_599_000L, 3_600_000L);
        assertThat(schedule(0.999_999).backoff(Integer.MAX_VALUE).toMillis()).isBetween(3_599_000L, 3_600_000L);
        assertThat(schedule(0.5).backoff(0)).isPositive();
    }

    @Test
    void aLongerRetryAfterWinsAShorterOneDoesNot() {
        Instant now = T0.plusSeconds(60);
        assertThat(schedule(0.0).next(1, T0, now, Optional.of(Duration.ofMinutes(10))))
                .contains(now.plus(Duration.ofMinutes(10)));
        assertThat(schedule(0.0).next(1, T0, now, Optional.of(Duration.ofMillis(1))))
                .contains(now.plusMillis(2_500));
    }

    @Test
    void nothingIsPlannedPastTheWindow() {
        Instant late = T0.plus(Duration.ofHours(23)).plus(Duration.ofMinutes(59));
        assertThat(schedule(0.0).next(30, T0, late, Optional.empty())).isEmpty();
        assertThat(schedule(0.0).next(1, T0, T0, Optional.of(Duration.ofHours(25)))).isEmpty();
        assertThat(schedule(0.0).next(1, T0, T0, Optional.empty())).isPresent();
    }

    @Test
    void aDayOfRetriesIsAboutThirtyAttempts() {
        RetrySchedule s = schedule(1.0);
        Instant now = T0;
        int attempts = 0;
        Optional<Instant> next = Optional.of(T0);
        while (next.isPresent()) {
            now = next.get();
            attempts++;
            next = s.next(attempts, T0, now, Optional.empty());
        }
        assertThat(attempts).isBetween(25, 40);
        assertThat(now).isBefore(T0.plus(Duration.ofHours(24)).plusSeconds(1));
    }
}
