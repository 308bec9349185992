package io.reelay.lifecycle.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.reelay.events.FailureReason;
import io.reelay.events.VideoTaskEvent;
import io.reelay.lifecycle.OwnMarks;
import io.reelay.lifecycle.RequestStage;
import io.reelay.intake.VideoRequest;
import io.reelay.intake.mapping.RequestMapper;
import io.reelay.lifecycle.query.QueueBoard;
import io.reelay.lifecycle.query.RequestStatus;
import io.reelay.lifecycle.submit.QueueEstimates;
import io.reelay.lifecycle.submit.SubmitFailure;
import io.reelay.lifecycle.submit.SubmitOutcomes;
import io.reelay.lifecycle.submit.SubmitQueue;
import io.reelay.config.ReelayConfig;
import io.reelay.lifecycle.submit.mapping.TaskEventFactory;
import io.reelay.observability.metrics.TrackerMetrics;
import io.reelay.upstream.VideoProvider;
import io.reelay.upstream.budget.RateBudgets;
import io.smallrye.mutiny.Uni;

/**
 * The mechanics of the paid submits: the queue of attempts waiting for a permit and the rate budget, the permits,
 * and the call itself. The protocol that makes each paid submit happen at most once is {@link
 * io.reelay.lifecycle.Lifecycle}'s (two committed marks, each read back before the next step) and
 * {@link OwnMarks}' (only the process that wrote a mark acts on its read-back); this class keeps the intents of
 * the attempts this process holds and makes the call when the lifecycle says so. Stream thread only, except the
 * HTTP callbacks.
 */
final class SubmitGate {

    private final Semaphore permits;
    private final Function<String, VideoProvider> providers;
    private final SubmitOutcomes outcomes;
    private final Duration timeout;
    private final RateBudgets budgets;
    private final TrackerMetrics metrics;
    private final io.reelay.intake.triage.RequestIntake intake;
    private final java.util.concurrent.Executor calls;
    private final SubmitDrain drain;
    private final OwnMarks marks = new OwnMarks();

    /** The intent of every attempt this process holds queued, marked or held back (any thread). */
    private final Map<String, VideoTaskEvent> intents = new ConcurrentHashMap<>();
    /** Attempts read back, waiting for a permit and the rate budget, by priority, then fair across tenants. */
    private final SubmitQueue queued;
    /** Attempts that started waiting since the last tick asked ({@link #drainEntered}), in order. */
    private final java.util.Set<String> entered = new java.util.LinkedHashSet<>();
    /** The duration each waiting attempt's task is expected to take, in ms, once looked up. */
    private final Map<String, Long> expectedMs = new HashMap<>();
    private final double pollReserve;
    private final int concurrency;
    /** How long a submit call takes, smoothed (seconds): how fast the permits turn over. */
    private volatile double callSeconds = 1.0;

    /** Attempts over their tenant's quota whose tenant fails them rather than wait, and why; taken by the tracker. */
    private final Map<String, String> overQuota = new java.util.LinkedHashMap<>();

    /** The attempts the last rounds found over a quota that fails, and why; emptied. */
    Map<String, String> drainOverQuota() {
        Map<String, String> over = new java.util.LinkedHashMap<>(overQuota);
        overQuota.clear();
        return over;
    }

    /**
     * Attempts granted whose call has not been paced yet (their mark written, not read back), by id, with their
     * provider: counted against what the provider's pacer can let leave at once. Only those this process still holds
     * at {@link RequestStage#MARKED} count; the others are dropped at the next round.
     */
    private final Map<String, String> grantedUnsent = new HashMap<>();
    /** Attempts that wait before their next round (their call was held back), and until when. */
    private final Map<String, Long> notBefore = new HashMap<>();
    /** How many times in a row each attempt's call was held back (any thread). */
    private final Map<String, Integer> holds = new ConcurrentHashMap<>();
    /** Guards {@link #closed} against a call held back while the stream task closes. */
    private final Object closing = new Object();
    /** The stream task closed: calls held back since cannot be put back in its queue. */
    private boolean closed;
    /** Per provider whose circuit is trying the upstream again, the one attempt let through (any thread). */
    private final Map<String, Trial> trials = new ConcurrentHashMap<>();

    /** What a provider's circuit breaker lets through now. */
    private enum Circuit {
        /** Every call. */
        CLOSED,
        /** A few trial calls; the rest would be held back: one attempt at a time. */
        TRIAL,
        /** None. */
        OPEN
    }

    /** The attempt let through as a provider's trial, and when (stream time). */
    private record Trial(String requestId, long grantedAt) {
    }

    SubmitGate(Semaphore permits, TrackerServices services, ReelayConfig config) {
        this(permits, services, config.submitter().callTimeout(), queueOf(config), config.scheduling().pollReserve(),
                config.submitter().concurrency());
    }

    private SubmitGate(Semaphore permits, TrackerServices services, Duration timeout, SubmitQueue queue,
            double pollReserve, int concurrency) {
        this.queued = queue;
        this.pollReserve = pollReserve;
        this.concurrency = concurrency;
        this.permits = permits;
        this.providers = services.providers();
        this.outcomes = services.outcomes();
        this.timeout = timeout;
        this.budgets = services.budgets();
        this.metrics = services.metrics();
        this.intake = services.intake();
        this.calls = services.calls();
        this.drain = services.drain();
    }

    /** The queue {@code reelay.scheduling.policy} asks for, weighing each tenant as configured. */
    static SubmitQueue queueOf(ReelayConfig config) {
        SubmitQueue.Policy policy = config.scheduling().policy() == ReelayConfig.Scheduling.Policy.FIRST_COME
                ? SubmitQueue.Policy.FIRST_COME : SubmitQueue.Policy.FAIR;
        int fallback = config.tenancy().defaults().weight();
        return new SubmitQueue(policy, tenant -> {
            ReelayConfig.Tenant named = config.tenants().get(tenant);
            return named == null ? fallback : named.weight();
        });
    }

    /** The marks this process wrote and has not read back, and the steps it holds. */
    OwnMarks marks() {
        return marks;
    }

    /**
     * An attempt waits for a permit and the rate budget, from {@code after} on; {@code intent} is null when it
     * was queued before.
     */
    void enqueue(String requestId, VideoTaskEvent intent, long after) {
        if (intent != null) {
            intents.put(requestId, intent);
        }
        if (after > 0) {
            notBefore.put(requestId, after);
        }
        marks.requeued(requestId);
        VideoTaskEvent known = intents.get(requestId);
        if (queued.add(requestId, known == null ? null : known.getTenant(), known == null ? null : known.getPriority(),
                known == null ? null : known.getProvider())) {
            entered.add(requestId);
        }
    }

    /** A new scheduling tick: the queue's places are computed afresh when next asked. */
    void newTick() {
        queued.tick();
    }

    /** How many attempts wait in the queue. */
    int waiting() {
        return queued.size();
    }

    /** Attempts started waiting since {@link #drainEntered} was last called (some may have been served since). */
    boolean anyEntered() {
        return !entered.isEmpty();
    }

    /** The attempts that started waiting since the last call and still wait (one served at once never waited). */
    List<String> drainEntered() {
        List<String> still = entered.stream().filter(queued::contains).toList();
        entered.clear();
        return still;
    }

    /**
     * Where every waiting attempt stands and when it is expected to start and finish, computed from this tick's
     * places (one walk of the queue) in O(n log n).
     *
     * @param others how many submits for a provider wait in this instance's other queues (they share its rate)
     * @param expected the duration an attempt's task is expected to take, in ms (looked up once per attempt)
     */
    QueueBoard.Board places(long now, Function<String, int[]> others,
            ToLongFunction<String> expected) {
        SubmitQueue.Positions positions = queued.positions();
        Map<String, Double> rates = new HashMap<>();
        Map<String, int[]> sharing = new HashMap<>();
        Map<String, RequestStatus.Queue> places = new HashMap<>(positions.place().size() * 2);
        Instant asOf = Instant.ofEpochMilli(now);
        double call = callSeconds;
        positions.place().forEach((id, place) -> {
            VideoTaskEvent intent = intents.get(id);
            if (intent == null) {
                return;
            }
            String provider = intent.getProvider();
            double rate = rates.computeIfAbsent(provider, p -> QueueEstimates
                    .submitsPerSecond(budgets.perMinuteHere(p), pollReserve, concurrency, call));
            double seconds = QueueEstimates.secondsToStartSorted(place - 1,
                    sharing.computeIfAbsent(provider, p -> QueueEstimates.sharing(others.apply(p))), rate);
            Instant start = null;
            Instant finish = null;
            if (Double.isFinite(seconds)) {
                long at = Math.max(now + Math.round(seconds * 1000), notBefore.getOrDefault(id, 0L));
                start = Instant.ofEpochMilli(at);
                long takes = expectedMs.computeIfAbsent(id, expected::applyAsLong);
                finish = takes > 0 ? start.plusMillis(takes) : null;
            }
            places.put(id, new RequestStatus.Queue(place, positions.waiting(provider),
                    start, finish, asOf));
        });
        return new QueueBoard.Board(places, positions.waiting(), now);
    }

    /** How many times in a row the request's calls were held back. */
    int holds(String requestId) {
        return holds.getOrDefault(requestId, 0);
    }

    /** The intent of an attempt this process holds, or null. */
    VideoTaskEvent intent(String requestId) {
        return intents.get(requestId);
    }

    /**
     * Takes permits and rate budget for as many queued attempts as possible; each holds a permit until
     * {@link #send} or {@link #withdraw}, or {@link #giveBack} if it is not marked.
     *
     * <p>The circuit breaker, the permit and the budget are decided here, before the attempt's {@code sending} mark
     * is written: an attempt whose provider's circuit is open stays queued with no mark (stored as an unsent
     * intent: resumed after a crash, never declared unknown) and spends no permit and no budget; while the circuit
     * tries the upstream again, one attempt at a time goes. So the committed marks without an answer are the calls
     * really under way, at most {@code reelay.submitter.concurrency}.
     */
    List<String> readyToSend(long now) {
        if (drain.draining()) {
            return List.of(); // the instance is stopping: they stay unmarked, and their next owner sends them
        }
        List<String> ready = new ArrayList<>();
        Map<String, Circuit> circuits = new HashMap<>(); // each provider's circuit, read once a round
        // Providers none of whose submits can go this round (budget spent, circuit open): the round stops once every
        // provider waiting is in it, so a spent budget costs one look a round, not a walk of the whole queue.
        java.util.Set<String> closed = new java.util.HashSet<>();
        SubmitQueue.Round round = queued.round();
        // Granted calls not yet sent are counted only when they may bind: while the map (stale entries included)
        // holds fewer than a provider's pacer lets go at once, so does the count. Against a budget of thousands a
        // second it never binds, and a round every few ms walking a thousand grants was 4 % of the service's CPU.
        if (grantedUnsent.size() > 2 * concurrency) {
            sweepUnsent(); // stale ones (sent, withdrawn) outnumber the permits: kept bounded
        }
        Map<String, Long> unsent = null;
        String id;
        while ((id = round.next()) != null) {
            VideoTaskEvent intent = marks.step(id) == RequestStage.QUEUED ? intents.get(id) : null;
            if (intent == null) {
                queued.remove(id); // withdrawn meanwhile
                expectedMs.remove(id);
                continue;
            }
            String provider = intent.getProvider();
            if (closed.contains(provider)) {
                continue;
            }
            Long after = notBefore.get(id);
            if (after != null && after > now) {
                continue; // held back by the circuit not long ago: it waits in its place, and spends no budget
            }
            Circuit circuit = circuits.computeIfAbsent(provider, this::circuit);
            if (circuit == Circuit.OPEN || circuit == Circuit.TRIAL && trialUnderWay(provider, now)) {
                // The call would be held back: no mark, no permit, no budget until it may go.
                if (closeAndStop(closed, provider)) {
                    break;
                }
                continue;
            }
            long leaving = budgets.callsLeavingAtOnce(provider, now);
            if (unsent == null && grantedUnsent.size() >= leaving) {
                unsent = countUnsent(ready);
            }
            if (unsent != null && unsent.getOrDefault(provider, 0L) >= leaving) {
                // Granted calls not yet sent fill what the pacer can let go at once: more grants would wait behind
                // them in the order granted. They wait here instead, in their places (priority and fairness kept).
                metrics.rateBudgetWaits(provider, "submit", queued.size(provider));
                if (closeAndStop(closed, provider)) {
                    break;
                }
                continue;
            }
            if (!budgets.tenants().tryTake(intent.getTenant(), id, now)) {
                var limits = budgets.tenants().limits(intent.getTenant());
                if (limits.failOnLimit()) {
                    overQuota.put(id, "Tenant " + intent.getTenant() + " is at its quota (max-in-flight "
                            + limits.maxInFlight() + ", submits-per-minute " + limits.submitsPerMinute()
                            + "); not submitted, nothing paid");
                    continue; // each of its submits is failed, one by one
                }
                round.passOver(); // its tenant's quota is spent: its submits wait, in their places; others may go
                continue;
            }
            if (!permits.tryAcquire()) {
                budgets.tenants().giveBack(intent.getTenant(), id);
                break; // it keeps its place: first in line when a permit comes back
            }
            if (!budgets.tryTake(provider, intent.getModel(), id, now)) {
                permits.release();
                budgets.tenants().giveBack(intent.getTenant(), id);
                if (budgets.submitRoom(provider, now)) {
                    metrics.rateBudgetWait(provider, "submit");
                    continue; // its model's limit: the provider's other models may go
                }
                // The provider's budget is spent: none of its submits can go this round, and none is offered.
                metrics.rateBudgetWaits(provider, "submit", queued.size(provider));
                if (closeAndStop(closed, provider)) {
                    break;
                }
                continue;
            }
            notBefore.remove(id);
            entered.remove(id);
            expectedMs.remove(id);
            grantedUnsent.put(id, provider);
            if (unsent != null) {
                unsent.merge(provider, 1L, Long::sum);
            }
            round.take();
            if (circuit == Circuit.TRIAL) {
                trials.put(provider, new Trial(id, now));
            }
            ready.add(id);
        }
        return ready;
    }

    private void sweepUnsent() {
        sweepUnsent(java.util.Set.of());
    }

    /** Forgets the grants sent or withdrawn since; those of the round under way ({@code now}) are not marked yet. */
    private void sweepUnsent(java.util.Collection<String> now) {
        grantedUnsent.keySet().removeIf(granted -> marks.step(granted) != RequestStage.MARKED
                && !now.contains(granted));
    }

    /** The granted calls not yet sent, by provider (the stale entries swept first), this round's {@code now} included. */
    private Map<String, Long> countUnsent(List<String> now) {
        sweepUnsent(new java.util.HashSet<>(now));
        Map<String, Long> unsent = new HashMap<>();
        grantedUnsent.values().forEach(provider -> unsent.merge(provider, 1L, Long::sum));
        return unsent;
    }

    /** No more of the provider's submits go this round; true when that leaves no provider with any. */
    private boolean closeAndStop(java.util.Set<String> closed, String provider) {
        closed.add(provider);
        return closed.size() >= queued.groups();
    }

    /** What the provider's circuit breaker lets through now (a provider not configured: all; send fails it). */
    private Circuit circuit(String provider) {
        VideoProvider p = providers.apply(provider);
        if (p == null || p.acceptsCalls() && !p.onTrial()) {
            return Circuit.CLOSED;
        }
        return p.acceptsCalls() ? Circuit.TRIAL : Circuit.OPEN;
    }

    /** A trial of the provider is under way; one lost somehow lapses after twice the call's timeout. */
    private boolean trialUnderWay(String provider, long now) {
        Trial trial = trials.get(provider);
        return trial != null && now - trial.grantedAt() < 2 * timeout.toMillis();
    }

    private void trialEnded(String requestId) {
        trials.values().removeIf(t -> t.requestId().equals(requestId));
    }

    /** A permit taken by {@link #readyToSend} goes back unused. */
    void giveBack() {
        permits.release();
    }

    /**
     * Withdraws what this process holds of a request's submit.
     *
     * @return true if the call had not gone out (and now never will)
     */
    boolean withdraw(String requestId) {
        RequestStage step = marks.forget(requestId);
        intents.remove(requestId);
        queued.remove(requestId);
        entered.remove(requestId);
        expectedMs.remove(requestId);
        notBefore.remove(requestId);
        holds.remove(requestId);
        trialEnded(requestId);
        if (step == RequestStage.MARKED) {
            permits.release();
        }
        return step != null && step != RequestStage.OUTCOME_CHECK;
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
                + io.reelay.kafka.RecordLimits.cut(validation.summary(), 1_000);
    }

    /**
     * Makes the call of an attempt whose mark this process wrote and read back; the permit is its mark's. {@code now}
     * is the tracker's wall clock, the one its budgets are kept by.
     */
    void send(String requestId, Context trace, long now) {
        VideoTaskEvent intent = intents.remove(requestId);
        if (intent == null) {
            trialEnded(requestId);
            permits.release();
            return;
        }
        send(intent, trace, now);
    }

    private void send(VideoTaskEvent intent, Context trace, long now) {
        VideoRequest request = RequestMapper.toDomain(intent.getRequest());
        String provider = intent.getProvider();
        // The call's HTTP span and the answer's record join the request's trace.
        try (Scope ignored = trace.makeCurrent()) {
            send(intent, request, provider, trace, now);
        }
    }

    private void send(VideoTaskEvent intent, VideoRequest request, String provider, Context trace, long now) {
        String notSent = notSendable(request, provider);
        if (notSent != null) {
            outcomes.record(TaskEventFactory.submitFailed(request, provider,
                            notSent.startsWith("invalid") ? FailureReason.invalid_request : FailureReason.internal_error,
                            notSent, null, false, Instant.now()), trace)
                    .onTermination().invoke(() -> {
                        trialEnded(intent.getRequestId());
                        permits.release();
                    })
                    .subscribe().with(done -> { }, e -> { });
            return;
        }
        // Deferred: a provider that throws instead of failing its Uni must not take the stream thread down.
        // The permit is held until the answer is in Kafka: when Kafka is slow or away, submits stop
        // instead of piling up paid answers that only memory holds.
        AtomicBoolean held = new AtomicBoolean();
        long[] started = new long[1];
        Uni<io.reelay.upstream.SubmittedTask> call = Uni.createFrom().deferred(() -> {
            started[0] = System.nanoTime();
            return providers.apply(provider).submit(request);
        }).ifNoItem().after(timeout).fail();
        // Granted at an even pace, but read back in batches: it leaves no faster than the rate the upstream counts.
        long pacedMs = budgets.callWait(provider, now);
        metrics.callPaced(provider, pacedMs);
        PacedCall.after(call, pacedMs, calls)
                .onItemOrFailure().transformToUni((task, failure) -> {
                    if (failure instanceof CircuitBreakerOpenException) {
                        if (holdBack(intent)) {
                            // Its permit stays taken until the stream thread has withdrawn its mark (heldDrained): so
                            // committed marks without an answer or a withdrawal never outnumber the permits.
                            held.set(true);
                            return Uni.createFrom().voidItem();
                        }
                        // Its stream task closed meanwhile: no stream thread here will withdraw its mark. The call
                        // certainly never left, so its answer says so, and the partition's owner retries it.
                        holds.remove(intent.getRequestId());
                        return outcomes.record(TaskEventFactory.heldBack(intent, Instant.now()), trace);
                    }
                    holds.remove(intent.getRequestId());
                    timed(System.nanoTime() - started[0]);
                    if (failure == null) {
                        return outcomes.record(TaskEventFactory.created(request, provider, task,
                                intent.getEstimatedCostUsd(), Instant.now()), trace);
                    }
                    SubmitFailure f = SubmitFailure.of(failure);
                    return outcomes.record(TaskEventFactory.submitFailed(request, provider, f.reason(), f.message(),
                            f.upstreamError(), f.retryable(), Instant.now()), trace);
                })
                .onTermination().invoke(() -> {
                    trialEnded(intent.getRequestId());
                    if (!held.get()) {
                        permits.release();
                    }
                })
                .subscribe().with(done -> { }, e -> { });
    }

    /**
     * Keeps a call the circuit breaker held back for the stream thread to put back in the queue; false once the
     * stream task has closed, when no stream thread of this gate would ever pick it up (its permit would stay taken).
     */
    private boolean holdBack(VideoTaskEvent intent) {
        synchronized (closing) {
            if (closed) {
                return false;
            }
            intents.put(intent.getRequestId(), intent);
            holds.merge(intent.getRequestId(), 1, Integer::sum);
            marks.held(intent.getRequestId()); // not sent: it goes out when the circuit lets it
            return true;
        }
    }

    /** The stream task is initialised (again, for a revived task): calls held back are kept for it again. */
    void open() {
        synchronized (closing) {
            closed = false;
        }
    }

    /** Smooths how long submit calls take (any thread; a lost update only delays the smoothing). */
    private void timed(long nanos) {
        callSeconds = 0.8 * callSeconds + 0.2 * (nanos / 1e9);
    }

    /** A held-back call's mark has been withdrawn (or its request ended): the permit it kept goes back. */
    void heldDrained() {
        permits.release();
    }

    /** The request ended: the model concurrency its upstream task held goes back. */
    void ended(String requestId) {
        budgets.ended(requestId);
    }

    /**
     * What a closing stream task gives up, by request id, with each attempt's intent.
     *
     * @param unread sending marks written and not read back yet: the new owner reads each, then is told it was never
     *        called ({@code unsent})
     * @param heldBack calls the circuit breaker held back whose marks were not withdrawn yet: this process read those
     *        marks, so the new owner is told as a call's answer would tell it ({@link TaskEventFactory#heldBack})
     */
    record Uncalled(Map<String, VideoTaskEvent> unread, Map<String, VideoTaskEvent> heldBack) {

        boolean isEmpty() {
            return unread.isEmpty() && heldBack.isEmpty();
        }
    }

    /**
     * The stream task closes (its partition handed over, or the instance stopping): the attempts whose mark this
     * process wrote but never called (not read back yet, or held back by the circuit) are given up, so no read-back
     * can make their calls from here any more, and their permits go back.
     *
     * @return their intents: the new owner is told each was never sent
     */
    Uncalled close() {
        grantedUnsent.clear();
        synchronized (closing) {
            closed = true; // a call held back from now on is answered, not kept (holdBack)
            marks.drainHeld();
        }
        Map<String, VideoTaskEvent> unread = new java.util.LinkedHashMap<>();
        Map<String, VideoTaskEvent> heldBack = new java.util.LinkedHashMap<>();
        for (String id : marks.uncalledMarks()) {
            RequestStage step = marks.forget(id);
            holds.remove(id);
            permits.release(); // a mark's permit is held until its call's answer, or its withdrawal: this one
            VideoTaskEvent intent = intents.remove(id);
            if (intent != null) {
                (step == RequestStage.HELD ? heldBack : unread).put(id, intent);
            }
        }
        return new Uncalled(unread, heldBack);
    }
}
