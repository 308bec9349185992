package io.reelay.intake.decode;

import io.reelay.intake.Echo;
import io.reelay.intake.IntakeLimits;

/**
 * A record on video.requests that cannot be read as a request; it goes to the dead-letter topic. The message is
 * cut to {@link IntakeLimits#MAX_REASON_LENGTH}, whatever the producer sent.
 */
public class UndecodableRequestException extends RuntimeException {

    public UndecodableRequestException(String message) {
        super(Echo.truncate(message, IntakeLimits.MAX_REASON_LENGTH));
    }

    public UndecodableRequestException(String message, Throwable cause) {
        super(Echo.truncate(message, IntakeLimits.MAX_REASON_LENGTH), cause);
    }
}
