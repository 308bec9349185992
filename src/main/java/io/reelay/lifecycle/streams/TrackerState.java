package io.reelay.lifecycle.streams;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.reelay.config.ReelayConfig;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.lifecycle.Lifecycle;
import io.reelay.lifecycle.StoredStage;
import io.reelay.kafka.Topics;
import io.reelay.state.FinishedRequest;
import io.reelay.state.TrackedTask;

/**
 * One stream task's stored requests: the in-flight store, the finished store, the schedule that files in-flight
 * requests by when they next need attention, and the learned durations. Every read and write of them goes
 * through here.
 */
final class TrackerState {

    /** How often an attempt not yet sent is looked at: if its writer is gone, it is resumed. */
    static final long RESUME_CHECK_MS = Lifecycle.RESUME_CHECK_MS;
    /**
     * Most due requests one tick reads: when the rate budget holds polls back, the overdue part of the
     * schedule can be large, and reading all of it every tick would cost more than the polls it cannot send.
     */
    static final int MAX_DUE_PER_TICK = 2_048;

    private final KeyValueStore<String, TrackedTask> inFlight;
    private final KeyValueStore<String, FinishedRequest> finished;
    /** {@code <wake time, 13 digits>|<request id>}: the in-flight requests in the order they need attention. */
    private final KeyValueStore<String, String> schedule;
    private final ReelayConfig config;
    private final Durations durations;
    private final TrackerObserver observer;

    TrackerState(ProcessorContext<?, ?> context, ReelayConfig config, TrackerObserver observer) {
        this.config = config;
        this.observer = observer;
        this.inFlight = context.getStateStore(Topics.IN_FLIGHT_STORE);
        this.finished = context.getStateStore(Topics.FINISHED_STORE);
        this.schedule = context.getStateStore(Topics.SCHEDULE_STORE);
        this.durations = new Durations(context, config.polling());
    }

    Durations durations() {
        return durations;
    }

    /** The request in flight, or null. */
    TrackedTask inFlight(String requestId) {
        return inFlight.get(requestId);
    }

    /** The request ended within the retention, or null. */
    FinishedRequest finished(String requestId) {
        return finished.get(requestId);
    }

    /** True when the request is in flight or has ended within the retention: a repeat is refused. */
    boolean known(String requestId) {
        return inFlight.get(requestId) != null || finished.get(requestId) != null;
    }

    /** Stores a request and files it in the schedule under the time it next needs attention. */
    void save(TrackedTask task) {
        // Every stored request is filed (wake_at set, see fileUnscheduled): one without it is new.
        boolean added = task.getWakeAt() == null;
        file(task);
        if (added) {
            observer.added(task);
        }
    }

    private void file(TrackedTask task) {
        long wake = Lifecycle.wakeAt(StoredStage.of(task, null, false), config);
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
    List<TrackedTask> due(long now) {
        List<TrackedTask> due = new ArrayList<>();
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
        List<TrackedTask> unfiled = new ArrayList<>();
        observer.recount();
        try (var all = inFlight.all()) {
            while (all.hasNext()) {
                TrackedTask task = all.next().value;
                observer.added(task);
                if (task.getWakeAt() == null) {
                    unfiled.add(task);
                }
            }
        }
        unfiled.forEach(this::file);
    }

    /**
     * Moves a request from the in-flight store to the finished store, after its terminal event; the event
     * is kept with it so that the outcome stays readable for the retention.
     */
    void remember(String requestId, String upstreamTaskId, VideoCompleted completion, VideoFailed failure,
            long now) {
        TrackedTask task = inFlight.get(requestId);
        if (task != null && task.getWakeAt() != null) {
            schedule.delete(scheduleKey(task.getWakeAt(), requestId));
        }
        // Finished first, then out of flight: the status API reads in-flight, then finished, from another thread, so
        // this order never shows a request in neither (a moment's not_found that ended its event stream).
        finished.put(requestId, FinishedRequest.newBuilder()
                .setRequestId(requestId)
                .setCompleted(completion != null)
                .setUpstreamTaskId(upstreamTaskId)
                .setFinishedAt(now)
                .setCompletion(completion)
                .setFailure(failure)
                .setTenant(completion != null ? completion.getTenant() : failure != null ? failure.getTenant() : null)
                .setPriority(completion != null ? completion.getPriority()
                        : failure != null ? failure.getPriority() : null)
                .build());
        inFlight.delete(requestId);
    }

    /** Forgets the requests that ended before {@code cutoff}. */
    void purgeFinished(long cutoff) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, FinishedRequest> all = finished.all()) {
            while (all.hasNext()) {
                var entry = all.next();
                if (entry.value.getFinishedAt() < cutoff) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(finished::delete);
    }

    private static String scheduleKey(long at, String requestId) {
        return String.format("%013d|%s", Math.max(0, at), requestId);
    }
}
