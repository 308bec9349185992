package io.reelay.api.rest;

import java.time.Duration;

/** A key asked for one more event stream than it may hold open. */
final class StreamLimitException extends RuntimeException {

    private final Duration retryAfter;

    StreamLimitException(String message, Duration retryAfter) {
        super(message, null, false, false);
        this.retryAfter = retryAfter;
    }

    Duration retryAfter() {
        return retryAfter;
    }
}
