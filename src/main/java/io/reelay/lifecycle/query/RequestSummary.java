package io.reelay.lifecycle.query;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One request in a list or a change feed: what an operator scans a table for, without the videos' URLs or the request
 * as sent (those are on {@code GET /v1/requests/{id}}). Text fields are bounded ({@link #MAX_TEXT} characters): a
 * summary is built from records anybody able to write the topics may have shaped.
 *
 * @param owner the API client that posted it (who may see it); null for a request published straight to Kafka or one
 *        whose owner the change feed has not seen
 * @param submitAttempts submit attempts so far, while in flight (null once ended: the events do not say)
 * @param videos how many videos it ended with (null before)
 * @param requestAsSent on the change of a request's intent and of its created task: the request as sent upstream, as
 *        text (Avro's JSON rendering, at most {@value #MAX_REQUEST} characters); null elsewhere (the stores keep no copy)
 */
public record RequestSummary(String requestId, RequestStatus.State state, String provider, String model,
        String operation, String tenant, Integer priority, String owner, String upstreamStatus, Integer progress,
        Integer polls, Integer submitAttempts, boolean cancelRequested, BigDecimal estimatedCostUsd,
        BigDecimal actualCostUsd, Instant requestedAt, Instant expectedEndAt, Instant finishedAt, String failureReason,
        String failureMessage, Integer videos, String mirrorStatus, String requestAsSent) {

    /** Longest text a summary keeps of any one field. */
    public static final int MAX_TEXT = 500;
    /** Longest request as sent a change carries (its text). */
    public static final int MAX_REQUEST = 16_384;

    public RequestSummary {
        requestId = cap(requestId);
        provider = cap(provider);
        model = cap(model);
        operation = cap(operation);
        tenant = cap(tenant);
        owner = cap(owner);
        upstreamStatus = cap(upstreamStatus);
        failureReason = cap(failureReason);
        failureMessage = cap(failureMessage);
        mirrorStatus = cap(mirrorStatus);
        requestAsSent = requestAsSent == null || requestAsSent.length() <= MAX_REQUEST ? requestAsSent
                : requestAsSent.substring(0, MAX_REQUEST);
    }

    /** The summary of a request's full status; {@code submitAttempts} when known (in flight), else null. */
    public static RequestSummary of(RequestStatus s, Integer submitAttempts) {
        RequestStatus.Timings t = s.timings();
        RequestStatus.Failure f = s.failure();
        return new RequestSummary(s.requestId(), s.state(), s.provider(), s.model(), s.operation(), s.tenant(),
                s.priority(), s.owner(), s.upstreamStatus(), s.progress(), s.polls(), submitAttempts,
                s.cancelRequested(), s.estimatedCostUsd(), s.actualCostUsd(), t == null ? null : t.requestedAt(),
                t == null ? null : t.expectedEndAt(), t == null ? null : t.finishedAt(), f == null ? null : f.reason(),
                f == null ? null : f.message(), s.videos() == null ? null : s.videos().size(), s.mirrorStatus(), null);
    }

    /** The time the list orders by, newest first: when it was requested, else when it ended; 0 when neither is known. */
    public long sortMillis() {
        Instant at = requestedAt != null ? requestedAt : finishedAt;
        return at == null ? 0L : at.toEpochMilli();
    }

    /** This summary with its owner set (the change feed learns owners from a request's earlier records). */
    public RequestSummary withOwner(String knownOwner) {
        return new RequestSummary(requestId, state, provider, model, operation, tenant, priority, knownOwner,
                upstreamStatus, progress, polls, submitAttempts, cancelRequested, estimatedCostUsd, actualCostUsd,
                requestedAt, expectedEndAt, finishedAt, failureReason, failureMessage, videos, mirrorStatus,
                requestAsSent);
    }

    static String cap(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }
}
