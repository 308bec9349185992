package io.reelay.lifecycle.query;

import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

import io.reelay.events.TaskStatus;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoRequested;
import io.reelay.events.VideoTaskEvent;
import io.reelay.kafka.EventSerdes;
import io.reelay.kafka.TaskSignatures;
import io.reelay.kafka.Topics;

/**
 * A record of {@code video.tasks}, {@code video.completed} or {@code video.failed} as the change it tells of: the
 * request's summary after it. Anything else (another topic, bytes that are no such event, a {@code video.tasks}
 * record without the instances' signature, an internal mark) is no change. Never throws.
 */
public final class ChangeDecoder {

    private final Deserializer<VideoTaskEvent> tasks;
    private final Deserializer<VideoCompleted> completed;
    private final Deserializer<VideoFailed> failed;
    private final TaskSignatures signatures;

    public ChangeDecoder(EventSerdes serdes, TaskSignatures signatures) {
        this.tasks = serdes.of(VideoTaskEvent.class).deserializer();
        this.completed = serdes.of(VideoCompleted.class).deserializer();
        this.failed = serdes.of(VideoFailed.class).deserializer();
        this.signatures = signatures;
    }

    public Optional<RequestSummary> decode(String topic, String key, Headers headers, byte[] value) {
        if (topic == null || key == null || value == null || value.length == 0) {
            return Optional.empty();
        }
        try {
            RequestSummary row = switch (topic) {
                case Topics.TASKS -> signatures.verify(headers, value) ? task(tasks.deserialize(topic, headers, value))
                        : null;
                case Topics.COMPLETED -> RequestSummary.of(RequestStatusMapper.completed(
                        completed.deserialize(topic, headers, value)), null);
                case Topics.FAILED -> RequestSummary.of(RequestStatusMapper.failed(
                        failed.deserialize(topic, headers, value)), null);
                default -> null;
            };
            // The key is the request id: a record whose value names another request is no change of the key's.
            return row != null && key.equals(row.requestId()) ? Optional.of(row) : Optional.empty();
        } catch (RuntimeException | StackOverflowError e) {
            // Undecodable, or a schema this version does not know: nothing to show.
            return Optional.empty();
        }
    }

    /** The request as text, without Reelay's reserved metadata keys (the owner is a field of its own). */
    private static String asSent(VideoRequested request, Map<String, String> metadata) {
        Map<String, String> shown = RequestStatusMapper.shown(metadata);
        return metadata == null || shown == metadata ? request.toString()
                : VideoRequested.newBuilder(request).setMetadata(shown == null ? Map.of() : shown).build().toString();
    }

    private static RequestSummary task(VideoTaskEvent e) {
        if (e == null || e.getType() == null) {
            return null;
        }
        RequestStatus.State state;
        switch (e.getType()) {
            case submitting, sending, submit_failed -> state = RequestStatus.State.SUBMITTING;
            case created, status_changed, progress -> state = RequestStatus.State.IN_PROGRESS;
            default -> {
                return null; // outcome checks and unknown types change nothing a person sees
            }
        }
        VideoRequested request = e.getRequest();
        Map<String, String> metadata = request == null ? null : request.getMetadata();
        Integer progress = e.getProgress() != null ? e.getProgress()
                : e.getStatus() == TaskStatus.completed ? Integer.valueOf(100) : null;
        String reason = e.getFailureReason() == null ? null : e.getFailureReason().name();
        return new RequestSummary(e.getRequestId(), state, e.getProvider(), e.getModel(), e.getOperation(),
                e.getTenant(), e.getPriority(), RequestStatusMapper.owner(metadata), e.getRawStatus(), progress, null,
                null, false, e.getEstimatedCostUsd(), null, e.getRequestedAt(), null, null, reason,
                e.getFailureMessage(), null, null, request == null ? null : asSent(request, metadata));
    }
}
