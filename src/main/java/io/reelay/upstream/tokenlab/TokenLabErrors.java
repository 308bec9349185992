package io.reelay.upstream.tokenlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelay.upstream.FailureClass;
import io.reelay.upstream.UpstreamError;
import io.reelay.upstream.UpstreamErrors;
import io.reelay.upstream.UpstreamException;
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

    /**
     * What an error means, from TokenLab's documented codes first (a task unknown or expired is gone
     * whatever the status), else from its HTTP status.
     */
    public static FailureClass meaning(UpstreamError error) {
        String code = error.code() == null ? "" : error.code();
        return switch (code) {
            case "async_task_not_found" -> FailureClass.TASK_GONE;
            case "rate_limit_exceeded" -> FailureClass.RATE_LIMITED;
            case MATERIAL_PREPARING -> FailureClass.RETRY_LATER;
            case "server_error", "upstream_error", "all_channels_failed", "delivery_tier_unavailable" ->
                    FailureClass.UNAVAILABLE;
            case "invalid_request_error", "invalid_api_key", "expired_api_key", "insufficient_balance",
                    "quota_exceeded", "task_not_owned", "payload_too_large", "unsupported_task_cancel",
                    "task_not_cancellable" -> FailureClass.REFUSED;
            default -> FailureClass.byStatus(UpstreamException.Kind.ERROR_ANSWER, error);
        };
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
