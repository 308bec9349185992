package io.reelay.api;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One request as {@code GET /v1/requests} lists it and {@code GET /v1/changes} streams it: the fields of
 * {@link RequestView} an overview needs, without videos, metadata or the request as sent (snake_case, absent when
 * unknown).
 *
 * @param submitAttempts submit attempts so far, while in flight
 * @param expectedEndAt when the upstream task is expected to end, while in progress
 * @param failureReason the failure's reason code once failed (or the last refused submit's while submitting)
 * @param videos how many videos it ended with
 * @param requestAsSent on a change stream's submitting and created changes only: the request as sent upstream, as text
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestSummaryView(String requestId, RequestView.Status status, String provider, String model,
        String operation, String tenant, Integer priority, String owner, String upstreamStatus, Integer progress,
        Integer polls, Integer submitAttempts, Boolean cancelRequested, BigDecimal estimatedCostUsd,
        BigDecimal actualCostUsd, Instant requestedAt, Instant expectedEndAt, Instant finishedAt, String failureReason,
        String failureMessage, Integer videos, String mirrorStatus, String requestAsSent) {
}
