package io.reelay.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.reelay.config.ReelayConfig;
import org.junit.jupiter.api.Test;


class DeadlineTest {

    private static final ReelayConfig.Tracker SETTINGS = TestSettings.of(false).tracker();

    @Test
    void theRequestsOwnThenItsModelsThenTheDefault() {
        assertThat(Deadline.forRequest("slow-model", 90, SETTINGS)).isEqualTo(Duration.ofSeconds(90));
        assertThat(Deadline.forRequest("slow-model", null, SETTINGS)).isEqualTo(Duration.ofHours(2));
        assertThat(Deadline.forRequest("veo3.1", null, SETTINGS)).isEqualTo(TestSettings.MAX_WAIT);
    }

    @Test
    void aStoredRequestKeepsItsDeadlineAndOneStoredWithoutTakesTheDefault() {
        assertThat(Deadline.ms(90_000L, SETTINGS)).isEqualTo(90_000);
        assertThat(Deadline.ms(null, SETTINGS)).isEqualTo(TestSettings.MAX_WAIT.toMillis());
    }
}
