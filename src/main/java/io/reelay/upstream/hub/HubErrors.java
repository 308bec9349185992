package io.reelay.upstream.hub;

import static io.reelay.upstream.UpstreamJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelay.upstream.UpstreamError;
import io.reelay.upstream.UpstreamErrors;
import io.reelay.upstream.UpstreamJson;
import java.time.Duration;

/**
 * Reads the hub's HTTP error answers. Their format is not documented, so every shape seen on
 * gateways of this kind is tried: an {@code {"error":{...}}} envelope, {@code {error_code,
 * error_message}} (the task's own failure fields), {@code {error, message}}; else the raw text.
 */
final class HubErrors {

    private HubErrors() {
    }

    /**
     * An HTTP error answer.
     *
     * @param error what the answer said, with a retry decision (the key not yet redacted)
     * @param recognised whether the body was a JSON error the hub itself could have written (else it
     *     may come from a proxy in front of the hub, which says nothing about whether the call took effect)
     */
    record ErrorAnswer(UpstreamError error, boolean recognised) {
    }

    /** Never fails: a missing or garbled body still yields an error with the HTTP status. */
    static ErrorAnswer parse(int httpStatus, String body, String retryAfterHeader) {
        JsonNode root = object(body);
        UpstreamError said = root == null ? null : said(root);
        Duration retryAfter = UpstreamErrors.retryAfter(retryAfterHeader);
        if (retryAfter == null && said != null) {
            retryAfter = said.retryAfter();
        }
        JsonNode retryableField = retryableField(root);
        boolean retryable = retryableField != null ? retryableField.booleanValue()
                : UpstreamErrors.retryableByStatus(httpStatus);
        String message = said != null && said.message() != null ? said.message() : rawMessage(httpStatus, body);
        return new ErrorAnswer(new UpstreamError(httpStatus, said == null ? null : said.code(),
                said == null ? null : said.type(), message, said == null ? null : said.param(), retryable,
                retryAfter), said != null);
    }

    private static UpstreamError said(JsonNode root) {
        JsonNode error = root.get("error");
        if (error != null && error.isObject()) {
            return UpstreamErrors.fromObject(error);
        }
        String code = text(root, "error_code");
        String message = text(root, "error_message");
        if (code != null || message != null) {
            return new UpstreamError(null, code, null, message, null, false, null);
        }
        String errorText = text(root, "error");
        message = text(root, "message");
        if (errorText != null || message != null) {
            // {"error": "not_found", "message": "..."}: the short word is a code when a message goes with it.
            return message == null
                    ? new UpstreamError(null, null, null, errorText, null, false, null)
                    : new UpstreamError(null, errorText, null, message, null, false, null);
        }
        return null;
    }

    private static JsonNode retryableField(JsonNode root) {
        if (root == null) {
            return null;
        }
        JsonNode inEnvelope = root.path("error").path("retryable");
        JsonNode field = inEnvelope.isBoolean() ? inEnvelope : root.path("retryable");
        return field.isBoolean() ? field : null;
    }

    private static String rawMessage(int httpStatus, String body) {
        String excerpt = UpstreamErrors.excerpt(body);
        return excerpt == null ? "HTTP " + httpStatus : "HTTP " + httpStatus + ": " + excerpt;
    }

    private static JsonNode object(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode root = UpstreamJson.MAPPER.readTree(body);
            return root != null && root.isObject() ? root : null;
        } catch (Exception e) {
            return null;
        }
    }
}
