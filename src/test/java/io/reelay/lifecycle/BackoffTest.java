package io.reelay.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesPerFailureUpToTheCap() {
        Duration first = Duration.ofSeconds(2);
        Duration max = Duration.ofSeconds(60);
        assertThat(Backoff.exponential(first, max, 1)).isEqualTo(2_000);
        assertThat(Backoff.exponential(first, max, 2)).isEqualTo(4_000);
        assertThat(Backoff.exponential(first, max, 5)).isEqualTo(32_000);
        assertThat(Backoff.exponential(first, max, 6)).isEqualTo(60_000);
        assertThat(Backoff.exponential(first, max, 1_000)).as("no overflow").isEqualTo(60_000);
    }

    @Test
    void jitterTakesOffAtMostItsSpread() {
        assertThat(Backoff.jittered(8_000, 0.25, 0)).isEqualTo(8_000);
        assertThat(Backoff.jittered(8_000, 0.25, 0.5)).isEqualTo(7_000);
        assertThat(Backoff.jittered(8_000, 0.25, 0.999_999)).isGreaterThan(6_000);
        assertThat(Backoff.jittered(8_000, 0.5, 0.999_999)).isGreaterThan(4_000).isLessThan(4_100);
    }

    @Test
    void aLongerRetryAfterWins() {
        assertThat(Backoff.delay(Duration.ofSeconds(2), Duration.ofMinutes(2), 1, 0.5, 0, 30_000L)).isEqualTo(30_000);
        assertThat(Backoff.delay(Duration.ofSeconds(2), Duration.ofMinutes(2), 1, 0.5, 0, 1_000L)).isEqualTo(2_000);
        assertThat(Backoff.delay(Duration.ofSeconds(2), Duration.ofMinutes(2), 1, 0.5, 0, null)).isEqualTo(2_000);
    }
}
