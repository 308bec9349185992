package io.reelay.api.mapping;

import io.reelay.api.RequestSummaryView;
import io.reelay.lifecycle.query.RequestSummary;

/** Between the lifecycle's {@link RequestSummary} and its JSON {@link RequestSummaryView}, both ways. */
public final class SummaryMapper {

    private SummaryMapper() {
    }

    public static RequestSummaryView view(RequestSummary s) {
        return new RequestSummaryView(s.requestId(), s.state() == null ? null : RequestViewMapper.wireStatus(s.state()),
                s.provider(), s.model(), s.operation(), s.tenant(), s.priority(), s.owner(), s.upstreamStatus(),
                s.progress(), s.polls(), s.submitAttempts(), s.cancelRequested() ? Boolean.TRUE : null,
                s.estimatedCostUsd(), s.actualCostUsd(), s.requestedAt(), s.expectedEndAt(), s.finishedAt(),
                s.failureReason(), s.failureMessage(), s.videos(), s.mirrorStatus(), s.requestAsSent());
    }

    /** The summary another instance listed; a row without a status is no row. */
    public static RequestSummary summary(RequestSummaryView v) {
        if (v.status() == null || v.requestId() == null) {
            throw new IllegalArgumentException("a listed request without an id or a status");
        }
        return new RequestSummary(v.requestId(), RequestViewMapper.state(v.status()), v.provider(), v.model(),
                v.operation(), v.tenant(), v.priority(), v.owner(), v.upstreamStatus(), v.progress(), v.polls(),
                v.submitAttempts(), Boolean.TRUE.equals(v.cancelRequested()), v.estimatedCostUsd(), v.actualCostUsd(),
                v.requestedAt(), v.expectedEndAt(), v.finishedAt(), v.failureReason(), v.failureMessage(), v.videos(),
                v.mirrorStatus(), v.requestAsSent());
    }
}
