package io.reelay.lifecycle.config;

import java.time.Duration;

import io.reelay.config.ReelayConfig;
import io.reelay.lifecycle.poll.PollingSettings;

/** The tracker's settings as plain values, so the topology can be built and tested without CDI. */
public record TrackerSettings(
        Duration tickInterval,
        Duration firstPollDelay,
        Duration pollInterval,
        Duration maxPollBackoff,
        int maxConcurrentPolls,
        Duration pollTimeout,
        Duration maxWait,
        Duration submitOutcomeTimeout,
        Duration finishedRetention,
        Duration urlLifetime,
        int maxConcurrentSubmits,
        Duration submitTimeout,
        int maxSubmitAttempts,
        Duration submitRetryBackoff,
        Duration maxSubmitRetryBackoff,
        java.util.Map<String, Duration> modelMaxWait,
        boolean resubmitUnknownOutcomes,
        PollingSettings polling) {

    public TrackerSettings {
        modelMaxWait = modelMaxWait == null ? java.util.Map.of() : java.util.Map.copyOf(modelMaxWait);
        polling = polling == null ? PollingSettings.defaults() : polling;
    }

    /** The same settings, polling as given. */
    public TrackerSettings withPolling(PollingSettings value) {
        return new TrackerSettings(tickInterval, firstPollDelay, pollInterval, maxPollBackoff, maxConcurrentPolls,
                pollTimeout, maxWait, submitOutcomeTimeout, finishedRetention, urlLifetime, maxConcurrentSubmits,
                submitTimeout, maxSubmitAttempts, submitRetryBackoff, maxSubmitRetryBackoff, modelMaxWait,
                resubmitUnknownOutcomes, value);
    }

    public static TrackerSettings from(ReelayConfig.Tracker c, ReelayConfig.Submitter s, ReelayConfig.Polling p) {
        return new TrackerSettings(c.tickInterval(), c.firstPollDelay(), c.pollInterval(), c.maxPollBackoff(),
                c.maxConcurrentPolls(), c.pollTimeout(), c.maxWait(), c.submitOutcomeTimeout(),
                c.finishedRetention(), c.urlLifetime(), s.concurrency(), s.callTimeout(), s.maxAttempts(),
                s.retryBackoff(), s.maxRetryBackoff(), c.modelMaxWait(),
                s.unknownOutcome() == ReelayConfig.Submitter.UnknownOutcomePolicy.RESUBMIT, PollingSettings.from(p));
    }
}
