package io.reelay.tracking.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.reelay.events.FailureReason;
import io.reelay.events.VideoTaskEvent;
import io.reelay.request.VideoRequest;
import io.reelay.request.mapping.RequestMapper;
import io.reelay.submission.SubmitFailure;
import io.reelay.submission.SubmitOutcomes;
import io.reelay.submission.mapping.TaskEventFactory;
import io.reelay.tracking.metrics.TrackerMetrics;
import io.reelay.upstream.VideoProvider;
import io.reelay.upstream.budget.RateBudgets;
import io.smallrye.mutiny.Uni;

/**
 * Makes each paid submit happen at most once, and knows after a crash which submits certainly did
 * not happen. Each attempt passes two committed marks written by the processor, each read back
 * from video.tasks before the next step (reading it back proves it is committed):
 * <ol>
 * <li>{@code submitting}: the request is admitted (its store entry is committed with it);
 * <li>{@code sending}: a permit and the rate budget are taken and the call is about to go out.
 * </ol>
 * Only the process that wrote a mark acts on its read-back, so after a crash or a rebalance a new
 * owner never calls on an old mark. An attempt whose {@code sending} mark is committed may have gone
 * out: it ends as submission_outcome_unknown if no answer is recorded. An attempt without it
 * certainly did not, and is resumed. Stream thread only, except the HTTP callbacks.
 */
final class SubmitGate {

    private final Semaphore permits;
    private final Function<String, VideoProvider> providers;
    private final SubmitOutcomes outcomes;
    private final Duration timeout;
    private final RateBudgets budgets;
    private final TrackerMetrics metrics;
    private final io.reelay.request.RequestIntake intake;

    /** Intents written by this processor and not read back yet. */
    private final Set<String> awaitingCommit = new HashSet<>();
    /** Intents read back, waiting for a permit and the rate budget. */
    private final Deque<VideoTaskEvent> queued = new ArrayDeque<>();
    private final Set<String> queuedIds = new HashSet<>();
    /** Sending marks written (each holding a permit) and not read back yet. */
    private final Map<String, VideoTaskEvent> marking = new HashMap<>();
    /** Calls the circuit breaker held back unsent: back in the queue next round (any thread). */
    private final Queue<VideoTaskEvent> heldBack = new ConcurrentLinkedQueue<>();
    private final Set<String> heldBackIds = ConcurrentHashMap.newKeySet();

    SubmitGate(Semaphore permits, TrackerServices services, Duration timeout) {
        this.permits = permits;
        this.providers = services.providers();
        this.outcomes = services.outcomes();
        this.timeout = timeout;
        this.budgets = services.budgets();
        this.metrics = services.metrics();
        this.intake = services.intake();
    }

    void intentWritten(String requestId) {
        awaitingCommit.add(requestId);
    }

    /** True when this processor holds the request at a step before its call: certainly not sent. */
    boolean notCalledYet(String requestId) {
        return awaitingCommit.contains(requestId) || queuedIds.contains(requestId) || marking.containsKey(requestId)
                || heldBackIds.contains(requestId);
    }

    /**
     * An intent was read back.
     *
     * @return true if this processor wrote it (it now waits for a permit), false if not ours
     */
    boolean intentCommitted(VideoTaskEvent intent) {
        if (!awaitingCommit.remove(intent.getRequestId())) {
            return false;
        }
        queued.add(intent);
        queuedIds.add(intent.getRequestId());
        return true;
    }

    /**
     * Takes permits and rate budget for as many queued attempts as possible. The caller writes a
     * sending mark for each and reports it with {@link #markWritten}.
     */
    List<VideoTaskEvent> readyToSend(long now) {
        VideoTaskEvent back;
        while ((back = heldBack.poll()) != null) {
            if (heldBackIds.remove(back.getRequestId())) {
                queued.add(back);
                queuedIds.add(back.getRequestId());
            }
        }
        List<VideoTaskEvent> ready = new ArrayList<>();
        int rounds = queued.size();
        while (rounds-- > 0 && permits.tryAcquire()) {
            VideoTaskEvent intent = queued.poll();
            if (!budgets.tryTake(intent.getProvider(), now)) {
                permits.release();
                metrics.rateBudgetWait(intent.getProvider(), "submit");
                queued.add(intent); // its provider's budget is spent; others may have some
                continue;
            }
            queuedIds.remove(intent.getRequestId());
            ready.add(intent);
        }
        return ready;
    }

    void markWritten(VideoTaskEvent intent) {
        marking.put(intent.getRequestId(), intent);
    }

    /**
     * A sending mark was read back: if this processor wrote it, the call goes out now.
     *
     * @param trace the request's trace, which the mark carried
     * @return true if it was ours
     */
    boolean markCommitted(String requestId, Context trace) {
        VideoTaskEvent intent = marking.remove(requestId);
        if (intent == null) {
            return false;
        }
        send(intent, trace);
        return true;
    }

    /**
     * Withdraws a request's submit if it has not gone out.
     *
     * @return true if the call had not gone out (and now never will)
     */
    boolean withdraw(String requestId) {
        if (awaitingCommit.remove(requestId)) {
            return true;
        }
        if (queuedIds.remove(requestId)) {
            queued.removeIf(intent -> intent.getRequestId().equals(requestId));
            return true;
        }
        if (marking.remove(requestId) != null) {
            permits.release();
            return true;
        }
        if (heldBackIds.remove(requestId)) {
            heldBack.removeIf(intent -> intent.getRequestId().equals(requestId));
            return true;
        }
        return false;
    }

    /**
     * Why this attempt must not go out, or null. Every paid call (first, resumed after a crash, retried) passes the
     * same catalog and URL rules as a new request: an intent only ever carries what Reelay validated, and this
     * holds even if the rules changed since.
     */
    private String notSendable(VideoRequest request, String provider) {
        if (providers.apply(provider) == null) {
            return "provider " + provider + " is not configured; not sent";
        }
        var validation = intake.revalidate(request);
        return validation.ok() ? null : "invalid on re-validation before the call, not sent: "
                + io.reelay.messaging.RecordLimits.cut(validation.summary(), 1_000);
    }

    private void send(VideoTaskEvent intent, Context trace) {
        VideoRequest request = RequestMapper.toDomain(intent.getRequest());
        String provider = intent.getProvider();
        // The call's HTTP span and the answer's record join the request's trace.
        try (Scope ignored = trace.makeCurrent()) {
            send(intent, request, provider, trace);
        }
    }

    private void send(VideoTaskEvent intent, VideoRequest request, String provider, Context trace) {
        String notSent = notSendable(request, provider);
        if (notSent != null) {
            outcomes.record(TaskEventFactory.submitFailed(request, provider,
                            notSent.startsWith("invalid") ? FailureReason.invalid_request : FailureReason.internal_error,
                            notSent, null, false, Instant.now()), trace)
                    .onTermination().invoke(permits::release)
                    .subscribe().with(done -> { }, e -> { });
            return;
        }
        // Deferred: a provider that throws instead of failing its Uni must not take the stream thread down.
        // The permit is held until the answer is in Kafka: when Kafka is slow or away, submits stop
        // instead of piling up paid answers that only memory holds.
        Uni.createFrom().deferred(() -> providers.apply(provider).submit(request))
                .ifNoItem().after(timeout).fail()
                .onItemOrFailure().transformToUni((task, failure) -> {
                    if (failure instanceof CircuitBreakerOpenException) {
                        heldBackIds.add(intent.getRequestId());
                        heldBack.add(intent); // not sent: it goes out when the circuit lets it
                        return Uni.createFrom().voidItem();
                    }
                    if (failure == null) {
                        return outcomes.record(TaskEventFactory.created(request, provider, task, Instant.now()), trace);
                    }
                    SubmitFailure f = SubmitFailure.of(failure);
                    return outcomes.record(TaskEventFactory.submitFailed(request, provider, f.reason(), f.message(),
                            f.upstreamError(), f.retryable(), Instant.now()), trace);
                })
                .onTermination().invoke(permits::release)
                .subscribe().with(done -> { }, e -> { });
    }
}
