package io.reelay.upstream;

import static io.reelay.upstream.UpstreamJson.decimal;
import static io.reelay.upstream.UpstreamJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/** Reading of error answers that every provider shares. */
public final class UpstreamErrors {

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
            String message = error.asText();
            return message.isBlank() ? null : UpstreamError.ofMessage(message);
        }
        Double retryAfter = decimal(error.get("retry_after"));
        return new UpstreamError(null, text(error, "code"), text(error, "type"), text(error, "message"),
                text(error, "param"), error.path("retryable").asBoolean(false),
                retryAfter == null ? null : Duration.ofMillis(Math.round(retryAfter * 1000)));
    }

    /** Rate limits, request timeouts and server-side errors may pass when tried again. */
    public static boolean retryableByStatus(int httpStatus) {
        return httpStatus == 429 || httpStatus == 408 || httpStatus >= 500;
    }

    /**
     * A {@code Retry-After} header in seconds. It may also be an HTTP date; no provider Reelay talks
     * to documents one, so anything but seconds is ignored.
     */
    public static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            long s = Long.parseLong(header.trim());
            return s < 0 ? null : Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The start of a body for a message: whitespace collapsed, at most {@link #EXCERPT_CHARS}. */
    public static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        String flat = body.strip().replaceAll("\\s+", " ");
        return flat.length() <= EXCERPT_CHARS ? flat : flat.substring(0, EXCERPT_CHARS) + "...";
    }
}
