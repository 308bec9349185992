package io.reelay.lifecycle;

import java.time.Duration;
import java.util.Map;


/** Settings for the lifecycle's tests: the numbers the tests reason with. */
final class TestSettings {

    static final Duration OUTCOME_TIMEOUT = Duration.ofMinutes(2);
    static final Duration MAX_WAIT = Duration.ofMinutes(30);
    static final int MAX_ATTEMPTS = 3;
    static final Duration MAX_SUBMIT_BACKOFF = Duration.ofMinutes(2);

    private TestSettings() {
    }

    static LifecycleSettings of(boolean resubmitUnknownOutcomes) {
        return new LifecycleSettings(OUTCOME_TIMEOUT, MAX_ATTEMPTS, Duration.ofSeconds(2), MAX_SUBMIT_BACKOFF,
                resubmitUnknownOutcomes, Duration.ofSeconds(5), Duration.ofSeconds(60), MAX_WAIT,
                Map.of("slow-model", Duration.ofHours(2)));
    }
}
