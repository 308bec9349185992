package io.reelay.upstream;

import static io.reelay.upstream.UpstreamJson.decimal;
import static io.reelay.upstream.UpstreamJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/** Reading of error answers that every provider shares. */
public final class UpstreamErrors {

    /** The code of a submit answer whose task id Reelay cannot use (see {@link UpstreamHttp#unusableTaskId}). */
    public static final String UNUSABLE_TASK_ID = "unusable_task_id";

    /** Longest piece of an unrecognised error body kept in a message. */
    public static final int EXCERPT_CHARS = 200;

    private UpstreamErrors() {
    }

    /**
     * An OpenAI-style error object {@code {code, type, message, param, retryable, retry_after}}, or a
     * plain string taken as the message; null when there is nothing.
     */
    public static UpstreamError fromObject(JsonNode error) {
        if (error == null || error.isNull() || error.isMissingNode()) {
            return null;
        }
        if (!error.isObject()) {
            // A number, a string or (from a hostile gateway) an array: only a scalar is a message.
            String message = error.isValueNode() ? error.asText() : null;
            return message == null || message.isBlank() ? null : UpstreamError.ofMessage(message);
        }
        // UpstreamError cuts every text field and bounds the wait; a NaN or 1e300 retry_after is no hint.
        return new UpstreamError(null, text(error, "code"), text(error, "type"), text(error, "message"),
                text(error, "param"), error.path("retryable").asBoolean(false),
                UpstreamBounds.retryAfterSeconds(decimal(error.get("retry_after"))));
    }

    /** Rate limits, request timeouts and server-side errors may pass when tried again. */
    public static boolean retryableByStatus(int httpStatus) {
        return httpStatus == 429 || httpStatus == 408 || httpStatus >= 500;
    }

    /**
     * A {@code Retry-After} header in whole seconds, held to 0 to {@link UpstreamBounds#MAX_RETRY_AFTER}
     * (a 30-digit value is the cap, not an overflow). It may also be an HTTP date; no provider Reelay
     * talks to documents one, so anything but digits is ignored.
     */
    public static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        String digits = header.strip();
        if (digits.isEmpty() || digits.length() > 64 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        // More than 18 digits cannot be parsed as a long, and is far past the cap anyway.
        return UpstreamBounds.retryAfter(digits.length() > 18 ? UpstreamBounds.MAX_RETRY_AFTER
                : Duration.ofSeconds(Long.parseLong(digits)));
    }

    /** The start of a body for a message: whitespace collapsed, at most {@link #EXCERPT_CHARS}. */
    public static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        // Cut first: collapsing whitespace in a megabyte to keep 200 characters is wasted work.
        String head = body.strip();
        head = head.length() > 4 * EXCERPT_CHARS ? head.substring(0, 4 * EXCERPT_CHARS) : head;
        String flat = head.replaceAll("\\s+", " ");
        return UpstreamBounds.text(flat.length() <= EXCERPT_CHARS ? flat : flat.substring(0, EXCERPT_CHARS) + "...",
                EXCERPT_CHARS + 3);
    }
}
