package io.reelay.lifecycle.mapping;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.reelay.events.FailureReason;
import io.reelay.events.TaskStatus;
import io.reelay.events.UpstreamErrorDetail;
import io.reelay.events.VideoAsset;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoTaskEvent;
import io.reelay.events.VideoTaskEventType;
import io.reelay.state.TrackedTask;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamError;
import io.reelay.upstream.UpstreamStatus;
import io.reelay.upstream.VideoOutput;

/** Builds the tracker's output events from its state and what the upstream said. */
public final class TrackerEvents {

    private TrackerEvents() {
    }

    public static VideoCompleted completed(TrackedTask task, TaskReport report, Instant now, Duration urlLifetime) {
        List<VideoAsset> videos = report.videos().stream().map(TrackerEvents::asset).toList();
        return VideoCompleted.newBuilder()
                .setRequestId(task.getRequestId())
                .setUpstreamTaskId(task.getUpstreamTaskId())
                .setProvider(task.getProvider())
                .setModel(task.getModel())
                .setOperation(task.getOperation())
                .setVideos(videos)
                .setRequestedAt(instant(task.getRequestedAt()))
                .setSubmittedAt(instant(task.getSubmittedAt()))
                .setCompletedAt(now)
                .setUpstreamCompletedAt(report.updatedAt())
                .setUrlsExpireAt(now.plus(urlLifetime))
                .setPollCount(task.getPollCount())
                .setMetadata(task.getMetadata())
                .setEstimatedCostUsd(task.getEstimatedCostUsd())
                .setActualCostUsd(report.chargedUsd())
                .setUpstreamAnswer(report.upstreamAnswer())
                .setCallbackUrl(task.getCallbackUrl())
                .setTenant(task.getTenant())
                .setPriority(task.getPriority())
                .build();
    }

    public static VideoFailed failed(TrackedTask task, FailureReason reason, String message, boolean retryable,
            UpstreamErrorDetail upstreamError, Instant now) {
        return failed(task, reason, message, retryable, upstreamError, null, null, now);
    }

    /**
     * @param actualCostUsd what the upstream says it charged for the failed task, when it says
     * @param upstreamAnswer the upstream's answer as kept when it was not fully understood (see TaskReport), or null
     */
    public static VideoFailed failed(TrackedTask task, FailureReason reason, String message, boolean retryable,
            UpstreamErrorDetail upstreamError, BigDecimal actualCostUsd, String upstreamAnswer, Instant now) {
        return VideoFailed.newBuilder()
                .setRequestId(task.getRequestId())
                .setReason(reason)
                .setMessage(message)
                .setRetryable(retryable)
                .setUpstreamError(upstreamError)
                .setUpstreamTaskId(task.getUpstreamTaskId())
                .setProvider(task.getProvider())
                .setModel(task.getModel())
                .setOperation(task.getOperation())
                .setRequestedAt(instant(task.getRequestedAt()))
                .setSubmittedAt(instant(task.getSubmittedAt()))
                .setFailedAt(now)
                .setMetadata(task.getMetadata())
                .setEstimatedCostUsd(task.getEstimatedCostUsd())
                .setActualCostUsd(actualCostUsd)
                .setUpstreamAnswer(upstreamAnswer)
                .setCallbackUrl(task.getCallbackUrl())
                .setTenant(task.getTenant())
                .setPriority(task.getPriority())
                .build();
    }

    /** A failure for a request the tracker never held (refused before a task existed). */
    public static VideoFailed failedBeforeSubmit(VideoTaskEvent event, Instant now) {
        return VideoFailed.newBuilder()
                .setRequestId(event.getRequestId())
                .setReason(event.getFailureReason() == null ? FailureReason.internal_error : event.getFailureReason())
                .setMessage(event.getFailureMessage() == null ? "request refused" : event.getFailureMessage())
                .setRetryable(Boolean.TRUE.equals(event.getRetryable()))
                .setUpstreamError(event.getUpstreamError())
                .setValidationErrors(event.getValidationErrors())
                .setUpstreamTaskId(event.getUpstreamTaskId())
                .setProvider(event.getProvider())
                .setModel(event.getModel())
                .setOperation(event.getOperation())
                .setRequestedAt(event.getRequestedAt())
                .setSubmittedAt(event.getSubmittedAt())
                .setFailedAt(now)
                .setMetadata(event.getRequest() == null ? null : event.getRequest().getMetadata())
                .setEstimatedCostUsd(event.getEstimatedCostUsd())
                .setCallbackUrl(event.getRequest() == null ? null : event.getRequest().getCallbackUrl())
                .setTenant(event.getTenant())
                .setPriority(event.getPriority())
                .build();
    }

    /** A status_changed or progress event for a task still in flight. */
    public static VideoTaskEvent observed(TrackedTask task, VideoTaskEventType type, TaskReport report, Instant now) {
        return VideoTaskEvent.newBuilder()
                .setRequestId(task.getRequestId())
                .setType(type)
                .setOccurredAt(now)
                .setProvider(task.getProvider())
                .setModel(task.getModel())
                .setOperation(task.getOperation())
                .setUpstreamTaskId(task.getUpstreamTaskId())
                .setPollUrl(task.getPollUrl())
                .setStatus(status(report.status()))
                .setRawStatus(report.rawStatus())
                .setProgress(report.progress())
                .setRequestedAt(instant(task.getRequestedAt()))
                .setSubmittedAt(instant(task.getSubmittedAt()))
                .setTenant(task.getTenant())
                .setPriority(task.getPriority())
                .build();
    }

    public static UpstreamErrorDetail detail(UpstreamError error) {
        if (error == null) {
            return null;
        }
        return UpstreamErrorDetail.newBuilder()
                .setHttpStatus(error.httpStatus())
                .setCode(error.code())
                .setType(error.type())
                .setMessage(error.message())
                .setParam(error.param())
                .setRetryAfterSeconds(error.retryAfter() == null ? null : error.retryAfter().toSeconds())
                .build();
    }

    public static TaskStatus status(UpstreamStatus status) {
        return switch (status) {
            case PENDING -> TaskStatus.pending;
            case PROCESSING -> TaskStatus.processing;
            case COMPLETED -> TaskStatus.completed;
            case FAILED -> TaskStatus.failed;
            case UNRECOGNISED -> TaskStatus.unrecognised;
        };
    }

    private static VideoAsset asset(VideoOutput v) {
        return VideoAsset.newBuilder()
                .setUrl(v.url())
                .setDurationSeconds(v.durationSeconds())
                .setWidth(v.width())
                .setHeight(v.height())
                .setLastFrameUrl(v.lastFrameUrl())
                .setContentType(v.contentType())
                .setFileName(v.fileName())
                .setFileSizeBytes(v.fileSizeBytes())
                .build();
    }

    private static Instant instant(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis);
    }
}
