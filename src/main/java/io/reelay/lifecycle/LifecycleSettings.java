package io.reelay.lifecycle;

import java.time.Duration;
import java.util.Map;

/**
 * The settings the lifecycle's rules read, and nothing else: the lifecycle depends on no configuration class.
 *
 * @param submitOutcomeTimeout how long a sent submit's answer is waited for before its outcome is checked
 * @param maxSubmitAttempts attempts per request, the first included
 * @param submitRetryBackoff back-off before the second attempt; doubled for each further one
 * @param maxSubmitRetryBackoff the longest back-off between attempts
 * @param resubmitUnknownOutcomes submit again when an outcome is unknown (the upstream may charge twice)
 * @param pollInterval back-off after the first failed poll; doubled for each further one
 * @param maxPollBackoff the longest back-off between failed polls
 * @param maxWait the default deadline after the upstream accepted a request
 * @param modelMaxWait deadlines per model
 */
public record LifecycleSettings(Duration submitOutcomeTimeout, int maxSubmitAttempts, Duration submitRetryBackoff,
        Duration maxSubmitRetryBackoff, boolean resubmitUnknownOutcomes, Duration pollInterval,
        Duration maxPollBackoff, Duration maxWait, Map<String, Duration> modelMaxWait) {

    public LifecycleSettings {
        modelMaxWait = modelMaxWait == null ? Map.of() : Map.copyOf(modelMaxWait);
    }
}
