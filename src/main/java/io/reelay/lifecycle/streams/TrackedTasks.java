package io.reelay.lifecycle.streams;

import java.time.Instant;

import io.reelay.events.VideoTaskEvent;
import io.reelay.lifecycle.SentCopy;
import io.reelay.state.TrackedPhase;
import io.reelay.state.TrackedTask;
import io.reelay.lifecycle.poll.DurationClass;

/** The one builder of a stored request: what every new in-flight record holds, whichever way it came in. */
final class TrackedTasks {

    private TrackedTasks() {
    }

    /** A request admitted here: stored with its intent, which carries the request itself. */
    static TrackedTask admitted(VideoTaskEvent intent, long now, long maxWaitMs, String traceParent) {
        return base(intent, now, traceParent)
                .setPhase(TrackedPhase.submitting)
                .setPendingRequest(intent.getRequest())
                .setMaxWaitMs(maxWaitMs)
                .build();
    }

    /**
     * A request this partition did not hold whose upstream task was created (by another instance): tracked from
     * the answer, which carries what it needs.
     */
    static TrackedTask adopted(VideoTaskEvent created, long now, String traceParent) {
        return base(created, now, traceParent)
                .setPhase(TrackedPhase.in_flight)
                .setSentRequest(SentCopy.of(created.getRequest()))
                .build();
    }

    private static TrackedTask.Builder base(VideoTaskEvent event, long now, String traceParent) {
        return TrackedTask.newBuilder()
                .setRequestId(event.getRequestId())
                .setProvider(event.getProvider())
                .setModel(event.getModel())
                .setOperation(event.getOperation())
                .setRequestedAt(millis(event.getRequestedAt()))
                .setIntentAt(now)
                .setMetadata(event.getRequest() == null ? null : event.getRequest().getMetadata())
                .setCallbackUrl(event.getRequest() == null ? null : event.getRequest().getCallbackUrl())
                .setDurationClass(DurationClass.of(event.getProvider(), event.getRequest()))
                .setEstimatedCostUsd(event.getEstimatedCostUsd())
                .setTenant(event.getTenant())
                .setPriority(event.getPriority())
                .setTraceParent(traceParent);
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
