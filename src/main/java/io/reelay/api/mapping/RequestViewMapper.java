package io.reelay.api.mapping;

import java.util.List;

import io.reelay.api.RequestView;
import io.reelay.lifecycle.query.RequestStatus;

/**
 * Between the lifecycle's {@link RequestStatus} and the API's JSON {@link RequestView}, both ways: a status is
 * shown as a view, and the view another instance answered with is read back as the status it showed.
 */
public final class RequestViewMapper {

    private RequestViewMapper() {
    }

    /** The request as GET /v1/requests/{id} shows it. */
    public static RequestView view(RequestStatus status) {
        RequestStatus.Timings t = status.timings();
        var timings = t == null ? null : new RequestView.Timings(t.requestedAt(), t.acceptedAt(), t.submittedAt(),
                t.nextPollAt(), t.expectedEndAt(), t.upstreamCompletedAt(), t.finishedAt());
        return new RequestView(status.requestId(), wireStatus(status.state()), status.provider(), status.model(),
                status.operation(), status.upstreamTaskId(), status.upstreamStatus(), status.progress(),
                status.cancelRequested() ? Boolean.TRUE : null, status.polls(), timings,
                map(status.videos(), RequestViewMapper::video), status.urlsExpireAt(), failure(status.failure()),
                status.metadata(), status.owner(), status.estimatedCostUsd(), status.actualCostUsd(),
                status.upstreamAnswer(), status.mirrorStatus(), map(status.mirrorFailures(),
                        f -> new RequestView.CopyFailed(f.videoIndex(), f.file(), f.reason(), f.message(),
                                f.retryable(), f.attempts())), status.tenant(), status.priority(),
                queue(status.queue()), SentViews.view(status.request()));
    }

    /** The status a view shows: how the answer of the instance that owns a request is read. */
    public static RequestStatus status(RequestView view) {
        RequestView.Timings t = view.timings();
        var timings = t == null ? null : new RequestStatus.Timings(t.requestedAt(), t.acceptedAt(), t.submittedAt(),
                t.nextPollAt(), t.expectedEndAt(), t.upstreamCompletedAt(), t.finishedAt());
        return new RequestStatus(view.requestId(), state(view.status()), view.provider(), view.model(),
                view.operation(), view.upstreamTaskId(), view.upstreamStatus(), view.progress(),
                Boolean.TRUE.equals(view.cancelRequested()), view.polls(), timings,
                map(view.videos(), RequestViewMapper::video), view.urlsExpireAt(), failure(view.failure()),
                view.metadata(), view.owner(), view.estimatedCostUsd(), view.actualCostUsd(), view.upstreamAnswer(),
                view.mirrorStatus(), map(view.mirrorFailures(), f -> new RequestStatus.CopyFailed(f.videoIndex(),
                        f.file(), f.reason(), f.message(), f.retryable(), f.attempts())), view.tenant(), view.priority(),
                queue(view.queue()), SentViews.sent(view.request()));
    }

    /** A request's status as the API names it (submitting, in_progress, completed, failed). */
    public static RequestView.Status wireStatus(RequestStatus.State state) {
        return switch (state) {
            case SUBMITTING -> RequestView.Status.submitting;
            case IN_PROGRESS -> RequestView.Status.in_progress;
            case MIRRORING -> RequestView.Status.mirroring;
            case COMPLETED -> RequestView.Status.completed;
            case FAILED -> RequestView.Status.failed;
        };
    }

    public static RequestStatus.State state(RequestView.Status status) {
        if (status == null) {
            throw new IllegalArgumentException("a request without a status");
        }
        return switch (status) {
            case submitting -> RequestStatus.State.SUBMITTING;
            case in_progress -> RequestStatus.State.IN_PROGRESS;
            case mirroring -> RequestStatus.State.MIRRORING;
            case completed -> RequestStatus.State.COMPLETED;
            case failed -> RequestStatus.State.FAILED;
        };
    }

    private static RequestView.Queue queue(RequestStatus.Queue q) {
        return q == null ? null : new RequestView.Queue(q.position(), q.waiting(), q.estimatedStartAt(),
                q.estimatedFinishAt(), q.asOf());
    }

    private static RequestStatus.Queue queue(RequestView.Queue q) {
        return q == null ? null : new RequestStatus.Queue(q.position(), q.waiting(), q.estimatedStartAt(),
                q.estimatedFinishAt(), q.asOf());
    }

    private static RequestView.Video video(RequestStatus.Video v) {
        return new RequestView.Video(v.url(), v.durationSeconds(), v.width(), v.height(), v.lastFrameUrl(),
                v.contentType(), v.fileName(), v.fileSizeBytes(), stored(v.stored()), stored(v.lastFrameStored()));
    }

    private static RequestStatus.Video video(RequestView.Video v) {
        return new RequestStatus.Video(v.url(), v.durationSeconds(), v.width(), v.height(), v.lastFrameUrl(),
                v.contentType(), v.fileName(), v.fileSizeBytes(), stored(v.stored()), stored(v.lastFrameStored()));
    }

    private static RequestView.Stored stored(RequestStatus.Stored s) {
        return s == null ? null : new RequestView.Stored(s.bucket(), s.key(), s.sizeBytes(), s.sha256(),
                s.contentType(), s.url(), s.urlExpiresAt());
    }

    private static RequestStatus.Stored stored(RequestView.Stored s) {
        return s == null ? null : new RequestStatus.Stored(s.bucket(), s.key(), s.sizeBytes(), s.sha256(),
                s.contentType(), s.url(), s.urlExpiresAt());
    }

    private static RequestView.Failure failure(RequestStatus.Failure f) {
        if (f == null) {
            return null;
        }
        RequestStatus.UpstreamError u = f.upstreamError();
        return new RequestView.Failure(f.reason(), f.message(), f.retryable(), u == null ? null
                : new RequestView.UpstreamError(u.httpStatus(), u.code(), u.type(), u.message(), u.param(),
                        u.retryAfterSeconds()),
                map(f.validationErrors(), e -> new RequestView.FieldError(e.field(), e.code(), e.message(),
                        e.allowed())));
    }

    private static RequestStatus.Failure failure(RequestView.Failure f) {
        if (f == null) {
            return null;
        }
        RequestView.UpstreamError u = f.upstreamError();
        return new RequestStatus.Failure(f.reason(), f.message(), f.retryable(), u == null ? null
                : new RequestStatus.UpstreamError(u.httpStatus(), u.code(), u.type(), u.message(), u.param(),
                        u.retryAfterSeconds()),
                map(f.validationErrors(), e -> new RequestStatus.FieldError(e.field(), e.code(), e.message(),
                        e.allowed())));
    }

    private static <A, B> List<B> map(List<A> items, java.util.function.Function<A, B> each) {
        return items == null ? null : items.stream().map(each).toList();
    }
}
