package io.reelay.tracking.streams;

import java.time.Instant;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

import io.reelay.events.FailureReason;
import io.reelay.events.UpstreamErrorDetail;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoTaskEvent;
import io.reelay.messaging.Topics;
import io.reelay.state.FinishedRequest;
import io.reelay.state.TrackedTask;
import io.reelay.tracking.config.TrackerSettings;
import io.reelay.tracking.mapping.TrackerEvents;
import io.reelay.tracking.metrics.InFlightTasks;
import io.reelay.tracking.metrics.TrackerMetrics;
import io.reelay.tracking.tracing.TrackerTracing;

/**
 * One stream task's stores and outputs: every step that moves a request on, and the one place
 * where a request ends (its terminal event, and its move from the in-flight to the finished store,
 * in the same transaction).
 */
final class TrackerState {

    private static final Logger LOG = Logger.getLogger(TrackerState.class);
    /** How often an attempt not yet sent is looked at: if its writer is gone, it is resumed. */
    static final long RESUME_CHECK_MS = 10_000;
    /**
     * Most due requests one tick reads: when the rate budget holds polls back, the overdue part of the
     * schedule can be large, and reading all of it every tick would cost more than the polls it cannot send.
     */
    static final int MAX_DUE_PER_TICK = 2_048;

    private final ProcessorContext<Object, Object> context;
    private final TrackerSettings settings;
    private final KeyValueStore<String, TrackedTask> inFlight;
    private final KeyValueStore<String, FinishedRequest> finished;
    /** {@code <wake time, 13 digits>|<request id>}: the in-flight requests in the order they need attention. */
    private final KeyValueStore<String, String> schedule;
    private final Durations durations;
    private final TrackerMetrics metrics;
    /** This stream task's part of the in-flight gauge: follows every request stored and ended here. */
    private final InFlightTasks.Partition inFlightCount;
    private final TrackerTracing tracing;
    private DeadLetterOutput.Origin origin;

    TrackerState(ProcessorContext<Object, Object> context, TrackerSettings settings, TrackerMetrics metrics,
            TrackerTracing tracing) {
        this.context = context;
        this.settings = settings;
        this.metrics = metrics;
        this.tracing = tracing;
        this.inFlightCount = metrics.inFlight().open();
        this.inFlight = context.getStateStore(Topics.IN_FLIGHT_STORE);
        this.finished = context.getStateStore(Topics.FINISHED_STORE);
        this.schedule = context.getStateStore(Topics.SCHEDULE_STORE);
        this.durations = new Durations(context.getStateStore(Topics.DURATIONS_STORE), settings.polling());
    }

    Durations durations() {
        return durations;
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

    /** Takes this stream task's requests out of the in-flight gauge: the partition is closed or moves away. */
    void close() {
        metrics.inFlight().close(inFlightCount);
    }

    /** Stores a request and files it in the schedule under the time it next needs attention. */
    void save(TrackedTask task) {
        // Every stored request is filed (wake_at set, see fileUnscheduled): one without it is new.
        boolean added = task.getWakeAt() == null;
        file(task);
        if (added) {
            inFlightCount.added(task.getProvider(), task.getModel());
        }
    }

    private void file(TrackedTask task) {
        long wake = wakeAt(task);
        if (task.getWakeAt() == null || task.getWakeAt() != wake) {
            if (task.getWakeAt() != null) {
                schedule.delete(scheduleKey(task.getWakeAt(), task.getRequestId()));
            }
            schedule.put(scheduleKey(wake, task.getRequestId()), task.getRequestId());
            task.setWakeAt(wake);
        }
        inFlight.put(task.getRequestId(), task);
    }

    /**
     * The requests whose time has come, most overdue first, at most {@link #MAX_DUE_PER_TICK}. Reads
     * only the due part of the schedule, however many requests are in flight.
     */
    java.util.List<TrackedTask> due(long now) {
        java.util.List<TrackedTask> due = new java.util.ArrayList<>();
        try (var entries = schedule.range(scheduleKey(0, ""), scheduleKey(now, "\uffff"))) {
            while (entries.hasNext() && due.size() < MAX_DUE_PER_TICK) {
                TrackedTask task = inFlight.get(entries.next().value);
                if (task != null) {
                    due.add(task);
                }
            }
        }
        return due;
    }

    /**
     * Counts the stored requests for the in-flight gauge, and files every one the schedule does not know
     * yet (state written before the schedule existed). Called once the store is restored.
     */
    void fileUnscheduled() {
        java.util.List<TrackedTask> unfiled = new java.util.ArrayList<>();
        inFlightCount.clear();
        try (var all = inFlight.all()) {
            while (all.hasNext()) {
                TrackedTask task = all.next().value;
                inFlightCount.added(task.getProvider(), task.getModel());
                if (task.getWakeAt() == null) {
                    unfiled.add(task);
                }
            }
        }
        unfiled.forEach(this::file);
    }

    /** The next poll or the deadline in flight; the retry or the outcome check while submitting. */
    private long wakeAt(TrackedTask task) {
        if (task.getPhase() == io.reelay.state.TrackedPhase.submitting) {
            if (task.getSubmitRetryAt() != null) {
                return task.getSubmitRetryAt();
            }
            // Unsent attempts are looked at again soon (resumed if their writer is gone); sent ones at the timeout.
            long after = task.getSendingMarked() ? settings.submitOutcomeTimeout().toMillis()
                    : Math.min(RESUME_CHECK_MS, settings.submitOutcomeTimeout().toMillis());
            return task.getIntentAt() + after;
        }
        long maxWait = task.getMaxWaitMs() != null ? task.getMaxWaitMs() : settings.maxWait().toMillis();
        return Math.min(task.getNextPollAt(), task.getSubmittedAt() + maxWait);
    }

    private static String scheduleKey(long at, String requestId) {
        return String.format("%013d|%s", Math.max(0, at), requestId);
    }

    /** A lifecycle event for video.tasks, in the request's trace. */
    void emit(VideoTaskEvent event, TrackedTask task, long now) {
        context.forward(new Record<Object, Object>(event.getRequestId(), event, now,
                TrackerTracing.lifecycle(task.getTraceParent())), TrackerTopology.TASKS_SINK);
    }

    /** Sends a record to the dead-letter topic: its one outcome. */
    void deadLetter(Record<String, byte[]> record, io.reelay.messaging.DeadLetters.Code code, String reason,
            Throwable cause, long now) {
        context.forward(DeadLetterOutput.letter(record, origin, code, reason, cause, now), TrackerTopology.DLQ_SINK);
        metrics.deadLettered(origin == null ? "none" : origin.topic(), code.name());
    }

    /** The record being read now, and where its producer put it: named by a dead letter, kept by parking. */
    void reading(DeadLetterOutput.Origin origin) {
        this.origin = origin;
    }

    DeadLetterOutput.Origin origin() {
        return origin;
    }

    /** Writes a request or cancellation to the partition that owns its key (video.rerouted's default partitioner). */
    void reroute(Record<String, byte[]> record, String from, long now) {
        org.apache.kafka.common.header.Headers headers = new org.apache.kafka.common.header.internals.RecordHeaders(
                record.headers().toArray());
        headers.remove(Inputs.REROUTED_FROM);
        headers.add(Inputs.REROUTED_FROM, from.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        // Where the producer put it: a dead letter written after the move still names the original position.
        headers.remove(DeadLetterOutput.ORIGIN_PARTITION);
        headers.remove(DeadLetterOutput.ORIGIN_OFFSET);
        context.recordMetadata().ifPresent(m -> {
            headers.add(DeadLetterOutput.ORIGIN_PARTITION, Integer.toString(m.partition()).getBytes());
            headers.add(DeadLetterOutput.ORIGIN_OFFSET, Long.toString(m.offset()).getBytes());
        });
        context.forward(new Record<Object, Object>(record.key(), record.value(), record.timestamp(), headers),
                TrackerTopology.REROUTED_SINK);
        metrics.rerouted(from);
    }

    java.util.Optional<org.apache.kafka.streams.processor.api.RecordMetadata> recordMetadata() {
        return context.recordMetadata();
    }

    void complete(TrackedTask task, VideoCompleted completion, long now) {
        OutputBounds.completion(completion);
        context.forward(new Record<Object, Object>(task.getRequestId(), completion, now, tracing.terminal(Topics.COMPLETED,
                task.getRequestId(), task.getTraceParent(), task.getProvider(), task.getModel(), null)),
                TrackerTopology.COMPLETED_SINK);
        remember(task.getRequestId(), task.getUpstreamTaskId(), completion, null, now);
        inFlightCount.removed(task.getProvider(), task.getModel());
        metrics.completed(task.getProvider(), task.getModel(), task.getRequestedAt(), polls(task), now);
    }

    void fail(TrackedTask task, FailureReason reason, String message, boolean retryable, UpstreamErrorDetail detail,
            long now) {
        VideoFailed failure = OutputBounds.failure(
                TrackerEvents.failed(task, reason, message, retryable, detail, Instant.ofEpochMilli(now)));
        context.forward(new Record<Object, Object>(task.getRequestId(), failure, now,
                tracing.terminal(Topics.FAILED, task.getRequestId(), task.getTraceParent(), task.getProvider(),
                        task.getModel(), reason.name())),
                TrackerTopology.FAILED_SINK);
        remember(task.getRequestId(), task.getUpstreamTaskId(), null, failure, now);
        inFlightCount.removed(task.getProvider(), task.getModel());
        metrics.failed(task.getProvider(), task.getModel(), reason.name(), task.getRequestedAt(), polls(task), now);
        LOG.infof("Request %s failed: %s", task.getRequestId(), reason);
    }

    /** Polls of the task's upstream task; null when none was created. */
    private static Integer polls(TrackedTask task) {
        return task.getUpstreamTaskId() == null ? null : task.getPollCount();
    }

    /**
     * Ends a request refused before any upstream task existed; in its stored trace, else in the current
     * context's (the admission span of a request refused on arrival).
     */
    void endBeforeSubmit(VideoTaskEvent refusal, TrackedTask existing, long now) {
        var failure = TrackerEvents.failedBeforeSubmit(refusal, Instant.ofEpochMilli(now));
        if (failure.getMetadata() == null && existing != null) {
            failure.setMetadata(existing.getMetadata());
        }
        OutputBounds.failure(failure);
        // A model the catalog does not know is the producer's text: not a span attribute.
        boolean known = metrics.inCatalog(failure.getProvider(), failure.getModel());
        context.forward(new Record<Object, Object>(refusal.getRequestId(), failure, now, tracing.terminal(Topics.FAILED,
                refusal.getRequestId(), existing == null ? null : existing.getTraceParent(),
                known ? failure.getProvider() : null, known ? failure.getModel() : null, failure.getReason().name())),
                TrackerTopology.FAILED_SINK);
        remember(refusal.getRequestId(), null, null, failure, now);
        if (existing != null) {
            inFlightCount.removed(existing.getProvider(), existing.getModel());
        }
        metrics.failed(failure.getProvider(), failure.getModel(), failure.getReason().name(),
                failure.getRequestedAt() == null ? null : failure.getRequestedAt().toEpochMilli(), null, now);
    }

    /**
     * Moves a request from the in-flight store to the finished store, after its terminal event; the event
     * is kept with it so that the outcome stays readable for the retention.
     */
    private void remember(String requestId, String upstreamTaskId, VideoCompleted completion, VideoFailed failure,
            long now) {
        TrackedTask task = inFlight.get(requestId);
        if (task != null && task.getWakeAt() != null) {
            schedule.delete(scheduleKey(task.getWakeAt(), requestId));
        }
        inFlight.delete(requestId);
        finished.put(requestId, FinishedRequest.newBuilder()
                .setRequestId(requestId)
                .setCompleted(completion != null)
                .setUpstreamTaskId(upstreamTaskId)
                .setFinishedAt(now)
                .setCompletion(completion)
                .setFailure(failure)
                .build());
    }
}
