package io.reelay.lifecycle.streams;

import java.math.BigDecimal;
import java.time.Instant;

import org.jboss.logging.Logger;

import io.reelay.events.FailureReason;
import io.reelay.events.UpstreamErrorDetail;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoTaskEvent;
import io.reelay.state.TrackedTask;
import io.reelay.lifecycle.mapping.TrackerEvents;

/**
 * The one place where a request ends: its terminal event, and its move from the in-flight to the finished
 * store, in the same transaction.
 */
final class Endings {

    private static final Logger LOG = Logger.getLogger(Endings.class);

    private final TrackerState store;
    private final TrackerOutputs outputs;
    private final TrackerObserver observer;

    Endings(TrackerState store, TrackerOutputs outputs, TrackerObserver observer) {
        this.store = store;
        this.outputs = outputs;
        this.observer = observer;
    }

    void complete(TrackedTask task, VideoCompleted completion, long now) {
        OutputBounds.completion(completion);
        outputs.completed(completion, task.getTraceParent(), now);
        store.remember(task.getRequestId(), task.getUpstreamTaskId(), completion, null, now);
        observer.completed(task, now);
        observer.charged(task, completion.getActualCostUsd());
    }

    void fail(TrackedTask task, FailureReason reason, String message, boolean retryable, UpstreamErrorDetail detail,
            long now) {
        fail(task, reason, message, retryable, detail, null, null, now);
    }

    /**
     * @param charged what the upstream says it charged for the failed task, when it says
     * @param upstreamAnswer the upstream's answer when it was not fully understood, or null
     */
    void fail(TrackedTask task, FailureReason reason, String message, boolean retryable, UpstreamErrorDetail detail,
            BigDecimal charged, String upstreamAnswer, long now) {
        VideoFailed failure = OutputBounds.failure(TrackerEvents.failed(task, reason, message, retryable, detail,
                charged, upstreamAnswer, Instant.ofEpochMilli(now)));
        outputs.failed(failure, task.getTraceParent(), task.getProvider(), task.getModel(), now);
        store.remember(task.getRequestId(), task.getUpstreamTaskId(), null, failure, now);
        observer.failed(task, failure, now);
        observer.charged(task, failure.getActualCostUsd());
        LOG.infof("Request %s failed: %s", task.getRequestId(), reason);
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
        if (failure.getCallbackUrl() == null && existing != null) {
            failure.setCallbackUrl(existing.getCallbackUrl());
        }
        if (failure.getTenant() == null && existing != null) {
            failure.setTenant(existing.getTenant()); // a cancellation's refusal knows only the request id
            failure.setPriority(existing.getPriority());
        }
        if (failure.getEstimatedCostUsd() == null && existing != null) {
            failure.setEstimatedCostUsd(existing.getEstimatedCostUsd()); // admitted, then refused upstream
        }
        OutputBounds.failure(failure);
        // A model the catalog does not know is the producer's text: not a span attribute.
        boolean known = observer.inCatalog(failure.getProvider(), failure.getModel());
        outputs.failed(failure, existing == null ? null : existing.getTraceParent(),
                known ? failure.getProvider() : null, known ? failure.getModel() : null, now);
        store.remember(refusal.getRequestId(), null, null, failure, now);
        observer.failedBeforeSubmit(existing, failure, now);
    }
}
