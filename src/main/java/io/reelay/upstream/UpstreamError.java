package io.reelay.upstream;

import java.time.Duration;

/**
 * An upstream error, as close to the upstream's words as possible. Every field may be null but
 * {@code retryable}.
 *
 * @param httpStatus HTTP status of the answer, or null when the error was inside a task
 * @param code upstream error code, e.g. {@code insufficient_balance}
 * @param type upstream error type, e.g. {@code invalid_request_error}
 * @param message upstream message, verbatim but for control characters, cut to 1 KB
 * @param param the request field the upstream blamed
 * @param retryable whether the same call may succeed later
 * @param retryAfter how long the upstream asked us to wait, when it said, at most an hour
 */
public record UpstreamError(Integer httpStatus, String code, String type, String message, String param,
        boolean retryable, Duration retryAfter) {

    /** Every field held to {@link UpstreamBounds}, whoever built the error: an upstream's words are shown, never trusted. */
    public UpstreamError {
        httpStatus = UpstreamBounds.within(httpStatus, 100, 599);
        code = UpstreamBounds.text(code, UpstreamBounds.MAX_CODE_CHARS);
        type = UpstreamBounds.text(type, UpstreamBounds.MAX_CODE_CHARS);
        message = UpstreamBounds.text(message, UpstreamBounds.MAX_MESSAGE_CHARS);
        param = UpstreamBounds.text(param, UpstreamBounds.MAX_PARAM_CHARS);
        retryAfter = UpstreamBounds.retryAfter(retryAfter);
    }

    public static UpstreamError ofMessage(String message) {
        return new UpstreamError(null, null, null, message, null, false, null);
    }
}
