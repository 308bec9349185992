package io.reelay.lifecycle;

import java.time.Duration;
import java.util.Map;

import io.reelay.config.ReelayConfig;
import io.reelay.config.ReelayConfig.Submitter.UnknownOutcomePolicy;
import io.reelay.config.TestConfig;

/** Settings for the lifecycle's tests: the numbers the tests reason with, the production defaults for the rest. */
final class TestSettings {

    static final Duration OUTCOME_TIMEOUT = Duration.ofMinutes(2);
    static final Duration MAX_WAIT = Duration.ofMinutes(30);
    static final int MAX_ATTEMPTS = 3;
    static final Duration MAX_SUBMIT_BACKOFF = Duration.ofMinutes(2);

    private TestSettings() {
    }

    static ReelayConfig of(boolean resubmitUnknownOutcomes) {
        return TestConfig.defaults()
                .set(c -> c.tracker().submitOutcomeTimeout(), OUTCOME_TIMEOUT)
                .set(c -> c.tracker().maxWait(), MAX_WAIT)
                .set(c -> c.tracker().modelMaxWait(), Map.of("slow-model", Duration.ofHours(2)))
                .set(c -> c.tracker().pollInterval(), Duration.ofSeconds(5))
                .set(c -> c.tracker().maxPollBackoff(), Duration.ofSeconds(60))
                .set(c -> c.submitter().maxAttempts(), MAX_ATTEMPTS)
                .set(c -> c.submitter().retryBackoff(), Duration.ofSeconds(2))
                .set(c -> c.submitter().maxRetryBackoff(), MAX_SUBMIT_BACKOFF)
                .set(c -> c.submitter().unknownOutcome(),
                        resubmitUnknownOutcomes ? UnknownOutcomePolicy.RESUBMIT : UnknownOutcomePolicy.FAIL)
                .build();
    }
}
