package io.reelay.lifecycle.streams;

import java.math.BigDecimal;

import io.reelay.events.VideoFailed;
import io.reelay.lifecycle.RequestState;
import io.reelay.lifecycle.Transition;
import io.reelay.kafka.DeadLetters.Code;
import io.reelay.state.TrackedTask;
import io.reelay.observability.metrics.InFlightTasks;
import io.reelay.observability.metrics.TrackerMetrics;

/**
 * Counts what the tracker does, as it does it: told of every transition and every output, it keeps the metrics
 * (and this stream task's part of the in-flight gauge) without any of the rules knowing about them.
 */
final class TrackerObserver {

    private final TrackerMetrics metrics;
    /** This stream task's part of the in-flight gauge: follows every request stored and ended here. */
    private final InFlightTasks.Partition inFlight;

    TrackerObserver(TrackerMetrics metrics) {
        this.metrics = metrics;
        this.inFlight = metrics.inFlight().open();
    }

    /** A request moved on. */
    void moved(RequestState before, Transition transition, TrackedTask task) {
        if (before.upstreamTaskId() == null && transition.state().upstreamTaskId() != null && task != null) {
            metrics.submitted(task.getProvider(), task.getModel(), task.getTenant());
        }
    }

    /** A request was stored for the first time. */
    void added(TrackedTask task) {
        inFlight.added(task.getProvider(), task.getModel());
    }

    /** The store is read afresh (restored, or a revived task): the gauge starts over. */
    void recount() {
        inFlight.clear();
    }

    void completed(TrackedTask task, long now) {
        inFlight.removed(task.getProvider(), task.getModel());
        metrics.completed(task.getProvider(), task.getModel(), task.getTenant(), task.getRequestedAt(), polls(task),
                now);
    }

    void failed(TrackedTask task, VideoFailed failure, long now) {
        inFlight.removed(task.getProvider(), task.getModel());
        metrics.failed(task.getProvider(), task.getModel(), task.getTenant(), failure.getReason().name(),
                task.getRequestedAt(),
                polls(task), now);
    }

    /** A request ended before any upstream task existed; {@code stored} is null if it was never stored. */
    void failedBeforeSubmit(TrackedTask stored, VideoFailed failure, long now) {
        if (stored != null) {
            inFlight.removed(stored.getProvider(), stored.getModel());
        }
        metrics.failed(failure.getProvider(), failure.getModel(), failure.getTenant(), failure.getReason().name(),
                failure.getRequestedAt() == null ? null : failure.getRequestedAt().toEpochMilli(), null, now);
    }

    /** The upstream said what it charged for a request (null: it did not). */
    void charged(TrackedTask task, BigDecimal usd) {
        if (usd != null) {
            metrics.charged(task.getProvider(), task.getModel(), task.getTenant(), usd);
        }
    }

    void deadLettered(String topic, Code code) {
        metrics.deadLettered(topic, code.name());
    }

    void rerouted(String from) {
        metrics.rerouted(from);
    }

    boolean inCatalog(String provider, String model) {
        return metrics.inCatalog(provider, model);
    }

    /** The partition is closed or moves away: its requests leave the gauge. */
    void close() {
        metrics.inFlight().close(inFlight);
    }

    /** Polls of the task's upstream task; null when none was created. */
    private static Integer polls(TrackedTask task) {
        return task.getUpstreamTaskId() == null ? null : task.getPollCount();
    }
}
