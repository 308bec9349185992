package io.reelay.lifecycle;

import java.time.Duration;

import io.reelay.config.ReelayConfig;


/**
 * The one deadline rule: a request's own {@code max_wait_seconds}, else its model's
 * {@code reelay.tracker.model-max-wait}, else {@code reelay.tracker.max-wait}. It is fixed at admission and
 * stored with the request ({@code max_wait_ms}); a record stored without it takes the default.
 */
public final class Deadline {

    private Deadline() {
    }

    /** The deadline of a request being admitted. */
    public static Duration forRequest(String model, Integer requestedSeconds, ReelayConfig.Tracker tracker) {
        if (requestedSeconds != null) {
            return Duration.ofSeconds(requestedSeconds);
        }
        return tracker.modelMaxWait().getOrDefault(model, tracker.maxWait());
    }

    /** The deadline of a stored request, in ms after the upstream accepted it. */
    public static long ms(Long storedMaxWaitMs, ReelayConfig.Tracker tracker) {
        return storedMaxWaitMs != null ? storedMaxWaitMs : tracker.maxWait().toMillis();
    }
}
