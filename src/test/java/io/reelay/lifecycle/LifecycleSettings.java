package io.reelay.lifecycle;

import java.time.Duration;
import java.util.Map;

import io.reelay.tracking.config.TrackerSettings;

/** Settings for the lifecycle's tests: the numbers the tests reason with. */
final class LifecycleSettings {

    static final Duration OUTCOME_TIMEOUT = Duration.ofMinutes(2);
    static final Duration MAX_WAIT = Duration.ofMinutes(30);
    static final int MAX_ATTEMPTS = 3;

    private LifecycleSettings() {
    }

    static TrackerSettings of(boolean resubmitUnknownOutcomes) {
        return new TrackerSettings(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(60), 8, Duration.ofSeconds(10), MAX_WAIT, OUTCOME_TIMEOUT, Duration.ofDays(7),
                Duration.ofHours(24), 4, Duration.ofSeconds(30), MAX_ATTEMPTS, Duration.ofSeconds(2),
                Duration.ofMinutes(2), Map.of("slow-model", Duration.ofHours(2)), resubmitUnknownOutcomes, null);
    }
}
