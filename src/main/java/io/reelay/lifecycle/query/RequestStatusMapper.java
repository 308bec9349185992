package io.reelay.lifecycle.query;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.reelay.events.StoredCopy;
import io.reelay.events.UpstreamErrorDetail;
import io.reelay.events.ValidationError;
import io.reelay.events.VideoAsset;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.lifecycle.SentCopy;
import io.reelay.lifecycle.query.RequestStatus.State;
import io.reelay.kafka.RequestOwners;
import io.reelay.state.FinishedRequest;
import io.reelay.state.TrackedPhase;
import io.reelay.state.TrackedTask;

/**
 * From the lifecycle's stored records (generated Avro classes) to {@link RequestStatus}: the only place the read
 * side knows their shape. Records are read through their getters only, so a field added to them changes nothing
 * here until it is shown.
 */
public final class RequestStatusMapper {

    private RequestStatusMapper() {
    }

    /** A request between its intent to submit and its terminal event. */
    public static RequestStatus inFlight(TrackedTask task) {
        return inFlightState(task).withRequest(SentRequestMapper.sent(SentCopy.kept(task)));
    }

    private static RequestStatus inFlightState(TrackedTask task) {
        if (task.getCompletion() != null) {
            return mirroring(task, task.getCompletion());
        }
        boolean submitting = task.getPhase() == TrackedPhase.submitting;
        // While submitting, the planned poll times are placeholders: nothing is polled before the task exists.
        var timings = new RequestStatus.Timings(instant(task.getRequestedAt()), instant(task.getIntentAt()),
                instant(task.getSubmittedAt()), submitting ? null : instant(task.getNextPollAt()),
                submitting ? null : instant(task.getExpectedEndAt()), null, null);
        return new RequestStatus(task.getRequestId(), submitting ? State.SUBMITTING : State.IN_PROGRESS,
                task.getProvider(), task.getModel(), task.getOperation(), task.getUpstreamTaskId(), task.getRawStatus(),
                task.getProgress(), task.getCancelRequested(), task.getPollCount(), timings, null, null, null,
                shown(task.getMetadata()), owner(task.getMetadata()), task.getEstimatedCostUsd(), null, null, null, null,
                task.getTenant(), task.getPriority());
    }

    /** Completed upstream, its completion waiting for the copies: the videos as they stand, copies made so far. */
    private static RequestStatus mirroring(TrackedTask task, VideoCompleted waiting) {
        var timings = new RequestStatus.Timings(instant(task.getRequestedAt()), instant(task.getIntentAt()),
                instant(task.getSubmittedAt()), null, null, waiting.getUpstreamCompletedAt(), null);
        return new RequestStatus(task.getRequestId(), State.MIRRORING, task.getProvider(), task.getModel(),
                task.getOperation(), task.getUpstreamTaskId(), task.getRawStatus(), 100, false, task.getPollCount(),
                timings, waiting.getVideos().stream().map(RequestStatusMapper::video).toList(),
                waiting.getUrlsExpireAt(), null, shown(task.getMetadata()), owner(task.getMetadata()),
                task.getEstimatedCostUsd(), waiting.getActualCostUsd(), waiting.getUpstreamAnswer(), null,
                copyFailures(waiting), task.getTenant(), task.getPriority());
    }

    /** A request that has had its terminal event (kept for reelay.tracker.finished-retention). */
    public static RequestStatus finished(FinishedRequest done) {
        return finishedState(done).withRequest(SentRequestMapper.sent(SentCopy.of(done.getRequest())));
    }

    private static RequestStatus finishedState(FinishedRequest done) {
        if (done.getCompletion() != null) {
            return completed(done.getCompletion());
        }
        if (done.getFailure() != null) {
            return failed(done.getFailure());
        }
        // Finished before outcomes were kept with it: only the outcome itself is known.
        var timings = new RequestStatus.Timings(null, null, null, null, null, null, instant(done.getFinishedAt()));
        return new RequestStatus(done.getRequestId(), done.getCompleted() ? State.COMPLETED : State.FAILED, null,
                null, null, done.getUpstreamTaskId(), null, null, false, null, timings, null, null, null, null, null,
                null, null, null, null, null, done.getTenant(), done.getPriority());
    }

    static RequestStatus completed(VideoCompleted event) {
        var timings = new RequestStatus.Timings(event.getRequestedAt(), null, event.getSubmittedAt(), null, null,
                event.getUpstreamCompletedAt(), event.getCompletedAt());
        List<RequestStatus.Video> videos = event.getVideos().stream().map(RequestStatusMapper::video).toList();
        return new RequestStatus(event.getRequestId(), State.COMPLETED, event.getProvider(), event.getModel(),
                event.getOperation(), event.getUpstreamTaskId(), null, 100, false, event.getPollCount(), timings,
                videos, event.getUrlsExpireAt(), null, shown(event.getMetadata()), owner(event.getMetadata()),
                event.getEstimatedCostUsd(), event.getActualCostUsd(), event.getUpstreamAnswer(),
                event.getMirrorStatus() == null ? null : event.getMirrorStatus().name(), copyFailures(event),
                event.getTenant(), event.getPriority());
    }

    static RequestStatus failed(VideoFailed event) {
        var timings = new RequestStatus.Timings(event.getRequestedAt(), null, event.getSubmittedAt(), null, null, null,
                event.getFailedAt());
        List<RequestStatus.FieldError> errors = event.getValidationErrors() == null
                || event.getValidationErrors().isEmpty() ? null
                        : event.getValidationErrors().stream().map(RequestStatusMapper::fieldError).toList();
        var failure = new RequestStatus.Failure(event.getReason().name(), event.getMessage(), event.getRetryable(),
                upstreamError(event.getUpstreamError()), errors);
        return new RequestStatus(event.getRequestId(), State.FAILED, event.getProvider(), event.getModel(),
                event.getOperation(), event.getUpstreamTaskId(), null, null, false, null, timings, null, null, failure,
                shown(event.getMetadata()), owner(event.getMetadata()), event.getEstimatedCostUsd(),
                event.getActualCostUsd(), event.getUpstreamAnswer(), null, null, event.getTenant(), event.getPriority());
    }

    /**
     * The request's owner, as the tracker keeps it under {@link RequestOwners#METADATA_KEY} once it has checked the
     * owner's signature on the record; null when it has none.
     */
    static String owner(Map<String, String> metadata) {
        return metadata == null ? null : metadata.get(RequestOwners.METADATA_KEY);
    }

    /** The producer's metadata without Reelay's reserved keys (the owner is a field of its own). */
    static Map<String, String> shown(Map<String, String> metadata) {
        if (metadata == null || metadata.keySet().stream().noneMatch(RequestStatusMapper::reserved)) {
            return metadata;
        }
        Map<String, String> shown = new LinkedHashMap<>();
        metadata.forEach((key, value) -> {
            if (!reserved(key)) {
                shown.put(key, value);
            }
        });
        return shown.isEmpty() ? null : shown;
    }

    private static boolean reserved(String key) {
        return key != null && key.startsWith(RequestOwners.RESERVED_PREFIX);
    }

    private static RequestStatus.Video video(VideoAsset asset) {
        return new RequestStatus.Video(asset.getUrl(), asset.getDurationSeconds(), asset.getWidth(), asset.getHeight(),
                asset.getLastFrameUrl(), asset.getContentType(), asset.getFileName(), asset.getFileSizeBytes(),
                stored(asset.getStored()), stored(asset.getLastFrameStored()));
    }

    private static RequestStatus.Stored stored(StoredCopy copy) {
        return copy == null ? null : new RequestStatus.Stored(copy.getBucket(), copy.getKey(), copy.getSizeBytes(),
                copy.getSha256(), copy.getContentType(), copy.getUrl(), copy.getUrlExpiresAt());
    }

    private static List<RequestStatus.CopyFailed> copyFailures(VideoCompleted event) {
        return event.getMirrorFailures() == null || event.getMirrorFailures().isEmpty() ? null
                : event.getMirrorFailures().stream().map(f -> new RequestStatus.CopyFailed(f.getVideoIndex(),
                        f.getFile(), f.getReason(), f.getMessage(), f.getRetryable(), f.getAttempts())).toList();
    }

    private static RequestStatus.FieldError fieldError(ValidationError error) {
        return new RequestStatus.FieldError(error.getField(), error.getCode(), error.getMessage(),
                error.getAllowed() == null || error.getAllowed().isEmpty() ? null : error.getAllowed());
    }

    private static RequestStatus.UpstreamError upstreamError(UpstreamErrorDetail detail) {
        return detail == null ? null : new RequestStatus.UpstreamError(detail.getHttpStatus(), detail.getCode(),
                detail.getType(), detail.getMessage(), detail.getParam(), detail.getRetryAfterSeconds());
    }

    private static Instant instant(Long epochMillis) {
        return epochMillis == null || epochMillis <= 0 ? null : Instant.ofEpochMilli(epochMillis);
    }
}
