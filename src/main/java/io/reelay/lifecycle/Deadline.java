package io.reelay.lifecycle;

import java.time.Duration;


/**
 * The one deadline rule: a request's own {@code max_wait_seconds}, else its model's
 * {@code reelay.tracker.model-max-wait}, else {@code reelay.tracker.max-wait}. It is fixed at admission and
 * stored with the request ({@code max_wait_ms}); a record stored without it takes the default.
 */
public final class Deadline {

    private Deadline() {
    }

    /** The deadline of a request being admitted. */
    public static Duration forRequest(String model, Integer requestedSeconds, LifecycleSettings settings) {
        if (requestedSeconds != null) {
            return Duration.ofSeconds(requestedSeconds);
        }
        return settings.modelMaxWait().getOrDefault(model, settings.maxWait());
    }

    /** The deadline of a stored request, in ms after the upstream accepted it. */
    public static long ms(Long storedMaxWaitMs, LifecycleSettings settings) {
        return storedMaxWaitMs != null ? storedMaxWaitMs : settings.maxWait().toMillis();
    }
}
