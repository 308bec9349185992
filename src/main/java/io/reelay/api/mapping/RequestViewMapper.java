package io.reelay.api.mapping;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.reelay.api.RequestView;
import io.reelay.api.RequestView.Status;
import io.reelay.api.security.Ownership;
import io.reelay.events.UpstreamErrorDetail;
import io.reelay.events.ValidationError;
import io.reelay.events.VideoAsset;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.state.FinishedRequest;
import io.reelay.state.TrackedPhase;
import io.reelay.state.TrackedTask;

/** From the tracker's stored state (generated Avro classes) to the API's {@link RequestView}. */
public final class RequestViewMapper {

    private RequestViewMapper() {
    }

    /** A request between its intent to submit and its terminal event. */
    public static RequestView inFlight(TrackedTask task) {
        boolean submitting = task.getPhase() == TrackedPhase.submitting;
        var timings = new RequestView.Timings(instant(task.getRequestedAt()), instant(task.getIntentAt()),
                instant(task.getSubmittedAt()), submitting ? null : instant(task.getNextPollAt()),
                submitting ? null : instant(task.getExpectedEndAt()), null, null);
        return new RequestView(task.getRequestId(), submitting ? Status.submitting : Status.in_progress,
                task.getProvider(), task.getModel(), task.getOperation(), task.getUpstreamTaskId(), task.getRawStatus(),
                task.getProgress(), task.getCancelRequested() ? Boolean.TRUE : null, task.getPollCount(), timings, null,
                null, null, shown(task.getMetadata()), owner(task.getMetadata()));
    }

    /** A request that has had its terminal event (kept for reelay.tracker.finished-retention). */
    public static RequestView finished(FinishedRequest done) {
        if (done.getCompletion() != null) {
            return completed(done.getCompletion());
        }
        if (done.getFailure() != null) {
            return failed(done.getFailure());
        }
        // Finished before outcomes were kept with it: only the outcome itself is known.
        var timings = new RequestView.Timings(null, null, null, null, null, null, instant(done.getFinishedAt()));
        return new RequestView(done.getRequestId(), done.getCompleted() ? Status.completed : Status.failed, null, null,
                null, done.getUpstreamTaskId(), null, null, null, null, timings, null, null, null, null, null);
    }

    static RequestView completed(VideoCompleted event) {
        var timings = new RequestView.Timings(event.getRequestedAt(), null, event.getSubmittedAt(), null, null,
                event.getUpstreamCompletedAt(), event.getCompletedAt());
        List<RequestView.Video> videos = event.getVideos().stream().map(RequestViewMapper::video).toList();
        return new RequestView(event.getRequestId(), Status.completed, event.getProvider(), event.getModel(),
                event.getOperation(), event.getUpstreamTaskId(), null, 100, null, event.getPollCount(), timings, videos,
                event.getUrlsExpireAt(), null, shown(event.getMetadata()), owner(event.getMetadata()));
    }

    static RequestView failed(VideoFailed event) {
        var timings = new RequestView.Timings(event.getRequestedAt(), null, event.getSubmittedAt(), null, null, null,
                event.getFailedAt());
        List<RequestView.FieldError> errors = event.getValidationErrors() == null || event.getValidationErrors().isEmpty()
                ? null : event.getValidationErrors().stream().map(RequestViewMapper::fieldError).toList();
        var failure = new RequestView.Failure(event.getReason().name(), event.getMessage(), event.getRetryable(),
                upstreamError(event.getUpstreamError()), errors);
        return new RequestView(event.getRequestId(), Status.failed, event.getProvider(), event.getModel(),
                event.getOperation(), event.getUpstreamTaskId(), null, null, null, null, timings, null, null, failure,
                shown(event.getMetadata()), owner(event.getMetadata()));
    }

    /**
     * The request's owner, as the tracker keeps it under {@link Ownership#OWNER_KEY} once it has checked the
     * owner's signature on the record; null when it has none.
     */
    static String owner(Map<String, String> metadata) {
        return metadata == null ? null : metadata.get(Ownership.OWNER_KEY);
    }

    /** The producer's metadata without Reelay's reserved keys (the owner is a field of its own). */
    static Map<String, String> shown(Map<String, String> metadata) {
        if (metadata == null || metadata.keySet().stream().noneMatch(RequestViewMapper::reserved)) {
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
        return key != null && key.startsWith(Ownership.RESERVED_PREFIX);
    }

    private static RequestView.Video video(VideoAsset asset) {
        return new RequestView.Video(asset.getUrl(), asset.getDurationSeconds(), asset.getWidth(), asset.getHeight(),
                asset.getLastFrameUrl(), asset.getContentType(), asset.getFileName(), asset.getFileSizeBytes());
    }

    private static RequestView.FieldError fieldError(ValidationError error) {
        return new RequestView.FieldError(error.getField(), error.getCode(), error.getMessage(),
                error.getAllowed() == null || error.getAllowed().isEmpty() ? null : error.getAllowed());
    }

    private static RequestView.UpstreamError upstreamError(UpstreamErrorDetail detail) {
        return detail == null ? null : new RequestView.UpstreamError(detail.getHttpStatus(), detail.getCode(),
                detail.getType(), detail.getMessage(), detail.getParam(), detail.getRetryAfterSeconds());
    }

    private static Instant instant(Long epochMillis) {
        return epochMillis == null || epochMillis <= 0 ? null : Instant.ofEpochMilli(epochMillis);
    }
}
