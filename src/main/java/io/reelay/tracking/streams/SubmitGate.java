package io.reelay.tracking.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.reelay.events.VideoTaskEvent;
import io.reelay.request.VideoRequest;
import io.reelay.request.mapping.RequestMapper;
import io.reelay.submission.SubmitFailure;
import io.reelay.submission.SubmitOutcomes;
import io.reelay.submission.mapping.TaskEventFactory;
import io.reelay.tracking.metrics.TrackerMetrics;
import io.reelay.upstream.VideoProvider;
import io.reelay.upstream.budget.RateBudgets;

/**
 * Makes each paid submit happen at most once. A submit goes out only when (1) this processor
 * itself admitted the request and wrote its {@code submitting} intent, and (2) it has read that
 * intent back from video.tasks, which proves the intent (and the store entry written with it) is
 * committed. After a crash or a rebalance the in-memory half is gone, so an intent read back by a
 * new owner never triggers a call: that request ends as submission_outcome_unknown instead of
 * risking a second charge. Stream thread only, except the HTTP callbacks, which touch nothing here
 * but the permits.
 */
final class SubmitGate {

    private final Semaphore permits;
    private final Function<String, VideoProvider> providers;
    private final SubmitOutcomes outcomes;
    private final Duration timeout;
    /** Intents written by this processor and not read back yet. */
    private final Set<String> awaitingCommit = new HashSet<>();
    /** Intents read back, waiting for a permit. */
    private final Deque<VideoTaskEvent> queued = new ArrayDeque<>();
    private final Set<String> queuedIds = new HashSet<>();
    /** Calls the circuit breaker stopped before they were sent: they wait for the next round (any thread). */
    private final java.util.Queue<VideoTaskEvent> notSent = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Set<String> notSentIds = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final RateBudgets budgets;
    private final TrackerMetrics metrics;

    SubmitGate(Semaphore permits, TrackerServices services, Duration timeout) {
        this(permits, services.providers(), services.outcomes(), timeout, services.budgets(), services.metrics());
    }

    private SubmitGate(Semaphore permits, Function<String, VideoProvider> providers, SubmitOutcomes outcomes,
            Duration timeout, RateBudgets budgets, TrackerMetrics metrics) {
        this.budgets = budgets;
        this.metrics = metrics;
        this.permits = permits;
        this.providers = providers;
        this.outcomes = outcomes;
        this.timeout = timeout;
    }

    void intentWritten(String requestId) {
        awaitingCommit.add(requestId);
    }

    /** True when the request's submit has certainly not gone out yet. */
    boolean notCalledYet(String requestId) {
        return awaitingCommit.contains(requestId) || queuedIds.contains(requestId) || notSentIds.contains(requestId);
    }

    /**
     * An intent was read back from video.tasks.
     *
     * @return true if this processor wrote it (and will now submit), false if it was not ours
     */
    boolean intentCommitted(VideoTaskEvent intent, long now) {
        if (!awaitingCommit.remove(intent.getRequestId())) {
            return false;
        }
        queued.add(intent);
        queuedIds.add(intent.getRequestId());
        launchQueued(now);
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
        if (notSentIds.remove(requestId)) {
            notSent.removeIf(intent -> intent.getRequestId().equals(requestId));
            return true;
        }
        return false;
    }

    /** Starts as many queued submits as permits allow. */
    void launchQueued(long now) {
        VideoTaskEvent stopped;
        while ((stopped = notSent.poll()) != null) {
            if (notSentIds.remove(stopped.getRequestId())) {
                queued.add(stopped);
                queuedIds.add(stopped.getRequestId());
            }
        }
        int rounds = queued.size();
        while (rounds-- > 0 && !queued.isEmpty()) {
            if (!permits.tryAcquire()) {
                break;
            }
            VideoTaskEvent intent = queued.peek();
            if (!budgets.tryTake(intent.getProvider(), now)) {
                permits.release();
                metrics.rateBudgetWait(intent.getProvider(), "submit");
                queued.add(queued.poll()); // its provider's budget is spent; others may have some
                continue;
            }
            queued.poll();
            queuedIds.remove(intent.getRequestId());
            launch(intent);
        }
    }

    private void launch(VideoTaskEvent intent) {
        VideoRequest request = RequestMapper.toDomain(intent.getRequest());
        String provider = intent.getProvider();
        io.smallrye.mutiny.Uni.createFrom().deferred(() -> providers.apply(provider).submit(request))
                .ifNoItem().after(timeout).fail()
                .subscribe().with(
                        task -> {
                            permits.release();
                            outcomes.record(TaskEventFactory.created(request, provider, task, Instant.now()));
                        },
                        failure -> {
                            permits.release();
                            if (failure instanceof CircuitBreakerOpenException) {
                                notSentIds.add(intent.getRequestId());
                                notSent.add(intent); // not sent: it goes out when the circuit lets it
                                return;
                            }
                            SubmitFailure f = SubmitFailure.of(failure);
                            outcomes.record(TaskEventFactory.submitFailed(request, provider, f.reason(), f.message(),
                                    f.upstreamError(), f.retryable(), Instant.now()));
                        });
    }
}
