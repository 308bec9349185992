package io.reelay.lifecycle.streams;

import java.time.Duration;

import io.reelay.config.ReelayConfig.Polling.Strategy;
import io.reelay.config.TestConfig;

/** The tracker settings the topology tests reason with; every key not named here has its production default. */
final class TrackerTestConfig {

    private TrackerTestConfig() {
    }

    /**
     * A 0.5 s tick; 8 polls and 2 submits in flight; polls time out after 10 s, submits after 30 s; 3 submit attempts,
     * 2 s to 60 s apart; polls every 5 s (fixed: these tests are about the lifecycle, AdaptivePollingTest plans polls).
     */
    static TestConfig fixedPolling() {
        return TestConfig.defaults()
                .set(c -> c.tracker().tickInterval(), Duration.ofMillis(500))
                .set(c -> c.tracker().maxConcurrentPolls(), 8)
                .set(c -> c.tracker().pollTimeout(), Duration.ofSeconds(10))
                .set(c -> c.submitter().concurrency(), 2)
                .set(c -> c.submitter().callTimeout(), Duration.ofSeconds(30))
                .set(c -> c.submitter().maxAttempts(), 3)
                .set(c -> c.submitter().maxRetryBackoff(), Duration.ofSeconds(60))
                .set(c -> c.polling().strategy(), Strategy.FIXED);
    }
}
