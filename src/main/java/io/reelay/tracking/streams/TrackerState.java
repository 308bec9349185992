package io.reelay.tracking.streams;

import java.time.Instant;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

import io.reelay.events.FailureReason;
import io.reelay.events.UpstreamErrorDetail;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoTaskEvent;
import io.reelay.messaging.Topics;
import io.reelay.state.FinishedRequest;
import io.reelay.state.TrackedTask;
import io.reelay.tracking.mapping.TrackerEvents;

/**
 * One stream task's stores and outputs: every step that moves a request on, and the one place
 * where a request ends (its terminal event, and its move from the in-flight to the finished store,
 * in the same transaction).
 */
final class TrackerState {

    private static final Logger LOG = Logger.getLogger(TrackerState.class);

    private final ProcessorContext<String, Object> context;
    private final KeyValueStore<String, TrackedTask> inFlight;
    private final KeyValueStore<String, FinishedRequest> finished;

    TrackerState(ProcessorContext<String, Object> context) {
        this.context = context;
        this.inFlight = context.getStateStore(Topics.IN_FLIGHT_STORE);
        this.finished = context.getStateStore(Topics.FINISHED_STORE);
    }

    KeyValueStore<String, TrackedTask> inFlight() {
        return inFlight;
    }

    KeyValueStore<String, FinishedRequest> finished() {
        return finished;
    }

    /** True when the request is in flight or has ended within the retention: a repeat is refused. */
    boolean known(String requestId) {
        return inFlight.get(requestId) != null || finished.get(requestId) != null;
    }

    long now() {
        return context.currentSystemTimeMs();
    }

    void save(TrackedTask task) {
        inFlight.put(task.getRequestId(), task);
    }

    /** A lifecycle event for video.tasks. */
    void emit(VideoTaskEvent event, long now) {
        context.forward(new Record<>(event.getRequestId(), (Object) event, now), TrackerTopology.TASKS_SINK);
    }

    void forward(Record<String, Object> record, String sink) {
        context.forward(record, sink);
    }

    java.util.Optional<org.apache.kafka.streams.processor.api.RecordMetadata> recordMetadata() {
        return context.recordMetadata();
    }

    void complete(TrackedTask task, VideoCompleted completion, long now) {
        context.forward(new Record<>(task.getRequestId(), (Object) completion, now), TrackerTopology.COMPLETED_SINK);
        remember(task.getRequestId(), true, task.getUpstreamTaskId(), now);
    }

    void fail(TrackedTask task, FailureReason reason, String message, boolean retryable, UpstreamErrorDetail detail,
            long now) {
        context.forward(new Record<>(task.getRequestId(),
                (Object) TrackerEvents.failed(task, reason, message, retryable, detail, Instant.ofEpochMilli(now)), now),
                TrackerTopology.FAILED_SINK);
        remember(task.getRequestId(), false, task.getUpstreamTaskId(), now);
        LOG.infof("Request %s failed: %s", task.getRequestId(), reason);
    }

    /** Ends a request refused before any upstream task existed. */
    void endBeforeSubmit(VideoTaskEvent refusal, TrackedTask existing, long now) {
        var failure = TrackerEvents.failedBeforeSubmit(refusal, Instant.ofEpochMilli(now));
        if (failure.getMetadata() == null && existing != null) {
            failure.setMetadata(existing.getMetadata());
        }
        context.forward(new Record<>(refusal.getRequestId(), (Object) failure, now), TrackerTopology.FAILED_SINK);
        remember(refusal.getRequestId(), false, null, now);
    }

    /** Moves a request from the in-flight store to the finished store, after its terminal event. */
    private void remember(String requestId, boolean completed, String upstreamTaskId, long now) {
        inFlight.delete(requestId);
        finished.put(requestId, FinishedRequest.newBuilder()
                .setRequestId(requestId)
                .setCompleted(completed)
                .setUpstreamTaskId(upstreamTaskId)
                .setFinishedAt(now)
                .build());
    }
}
