package io.reelay.upstream.tokenlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelay.upstream.UpstreamError;
import io.reelay.upstream.UpstreamErrors;
import java.time.Duration;

/** Reads TokenLab's HTTP error answers: {@code {"error":{"message","type","code","param","retryable","retry_after"}}}. */
public final class TokenLabErrors {

    /** Submit refused because Seedance is still preparing uploaded material: the same body succeeds later. */
    static final String MATERIAL_PREPARING = "seedance_material_preparing";

    private TokenLabErrors() {
    }

    /**
     * An HTTP error answer.
     *
     * @param error what the answer said, with a retry decision
     * @param enveloped whether the body carried TokenLab's error envelope (else the answer may come
     *     from a proxy in front of TokenLab, which says nothing about whether the call took effect)
     */
    public record ErrorAnswer(UpstreamError error, boolean enveloped) {
    }

    /** Never fails: a missing or garbled body still yields an error with the HTTP status. */
    public static ErrorAnswer parse(int httpStatus, String body, String retryAfterHeader, ObjectMapper mapper) {
        JsonNode envelope = envelope(body, mapper);
        UpstreamError inner = envelope == null ? null : UpstreamErrors.fromObject(envelope);
        String code = inner == null ? null : inner.code();
        String message = inner != null && inner.message() != null ? inner.message() : "HTTP " + httpStatus;
        Duration retryAfter = UpstreamErrors.retryAfter(retryAfterHeader);
        if (retryAfter == null && inner != null) {
            retryAfter = inner.retryAfter();
        }
        JsonNode retryableField = envelope != null && envelope.isObject() ? envelope.get("retryable") : null;
        boolean retryable = retryableField != null && retryableField.isBoolean()
                ? retryableField.booleanValue()
                : retryableByStatus(httpStatus, code);
        UpstreamError error = new UpstreamError(httpStatus, code, inner == null ? null : inner.type(), message,
                inner == null ? null : inner.param(), retryable, retryAfter);
        return new ErrorAnswer(error, envelope != null);
    }

    static boolean retryableByStatus(int httpStatus, String code) {
        return UpstreamErrors.retryableByStatus(httpStatus)
                || (httpStatus == 409 && MATERIAL_PREPARING.equals(code));
    }

    private static JsonNode envelope(String body, ObjectMapper mapper) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode root = mapper.readTree(body);
            JsonNode error = root == null ? null : root.get("error");
            return error == null || error.isNull() ? null : error;
        } catch (Exception e) {
            return null;
        }
    }
}
