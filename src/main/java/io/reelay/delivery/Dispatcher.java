package io.reelay.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

import io.reelay.delivery.http.Attempt;
import io.reelay.delivery.http.WebhookSender;
import io.reelay.delivery.retry.RetrySchedule;
import io.reelay.delivery.state.DeliveryState;
import io.reelay.delivery.state.DeliveryState.AttemptRecord;
import io.reelay.delivery.state.DeliveryState.Status;
import io.reelay.delivery.state.DeliveryStore;
import io.reelay.delivery.state.SubscriptionState;

/**
 * Runs the attempts of pending deliveries. Each endpoint (a subscription, or a callback host) has a lane of its own
 * with its own concurrency and its own backlog, in the order its deliveries came due: a slow or dead endpoint delays
 * only its own deliveries, and the others, the reading of new events and the tracker (a separate consumer
 * altogether) go on. Memory is bounded by one global guard, {@link #full()}, over every delivery held here. After each attempt the new state is written ({@code record}) before the
 * next is planned; an ended delivery that was not delivered is also dead-lettered.
 */
public final class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final Targets targets;
    private final WebhookSender sender;
    private final RetrySchedule schedule;
    private final ScheduledExecutorService timer;
    private final Consumer<DeliveryState> record;
    private final Consumer<DeliveryState> deadLetter;
    private final WebhookMetrics metrics;
    private final Clock clock;
    private final int concurrency;
    private final int backlogWarning;
    private final int maxActive;
    private final Predicate<String> owned;
    private final DeliveryStore store;
    private final Consumer<SubscriptionState> recordSubscription;
    private final Map<String, Lane<Due>> lanes = new ConcurrentHashMap<>();
    /** Lanes whose backlog passed the warning mark and has not fallen back under half of it. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    /** Deliveries this instance runs, by key, in their latest state. */
    private final Map<String, DeliveryState> active = new ConcurrentHashMap<>();

    /**
     * @param record writes a state to the state topic (and the local store)
     * @param deadLetter writes a dead letter for a delivery that ended undelivered
     * @param backlogWarning deliveries due and waiting for one endpoint past which it is logged as backlogged (a
     *     warning only: its backlog waits, nothing else does)
     * @param maxActive deliveries held here past which {@link #full()} is true: reading new events waits
     * @param owned whether this instance runs a request's deliveries now (its terminal events' partition is assigned)
     * @param store where subscriptions' disablings are read (every instance reads them from the state topic)
     * @param recordSubscription writes a subscription's record to the state topic (and the local store)
     */
    public Dispatcher(Targets targets, WebhookSender sender, RetrySchedule schedule, ScheduledExecutorService timer,
            Consumer<DeliveryState> record, Consumer<DeliveryState> deadLetter, WebhookMetrics metrics, Clock clock,
            int concurrency, int backlogWarning, int maxActive, Predicate<String> owned, DeliveryStore store,
            Consumer<SubscriptionState> recordSubscription) {
        this.store = store;
        this.recordSubscription = recordSubscription;
        this.targets = targets;
        this.sender = sender;
        this.schedule = schedule;
        this.timer = timer;
        this.record = record;
        this.deadLetter = deadLetter;
        this.metrics = metrics;
        this.clock = clock;
        this.concurrency = Math.max(1, concurrency);
        this.backlogWarning = Math.max(1, backlogWarning);
        this.maxActive = Math.max(1, maxActive);
        this.owned = owned;
        metrics.gauges(this::active, this::waiting);
    }

    /**
     * Takes a pending delivery (new, read back after a restart, or replayed): planned for its next attempt unless a
     * newer state of it is already running here.
     */
    public void schedule(DeliveryState state) {
        if (state.terminal()) {
            return;
        }
        DeliveryState current = active.get(state.key());
        if (current != null && current.revision() >= state.revision()) {
            return;
        }
        active.put(state.key(), state);
        plan(state);
    }

    /** Stops running the deliveries of requests this instance no longer owns (after a rebalance). */
    public void release(Predicate<String> requestIds) {
        active.values().removeIf(s -> requestIds.test(s.requestId()));
    }

    /**
     * True when this instance holds {@code maxActive} deliveries or more (waiting for a retry, in an endpoint's
     * backlog, or in flight): reading new events waits until some end. The only reason reading waits: one endpoint's
     * backlog, however long, holds up nothing but its own deliveries.
     */
    public boolean full() {
        return active.size() >= maxActive;
    }

    /** Deliveries due and waiting for a slot, over every endpoint. */
    public int waiting() {
        return lanes.values().stream().mapToInt(Lane::waiting).sum();
    }

    /** Deliveries running or waiting here. */
    public int active() {
        return active.size();
    }

    private void plan(DeliveryState state) {
        Instant at = state.nextAttemptAt() == null ? clock.instant() : state.nextAttemptAt();
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        timer.schedule(() -> due(state), delay, TimeUnit.MILLISECONDS);
    }

    private void due(DeliveryState planned) {
        DeliveryState state = active.get(planned.key());
        if (state == null || state.revision() != planned.revision()) {
            return; // ended, released, or planned again since
        }
        if (!owned.test(state.requestId())) {
            active.remove(state.key(), state);
            return;
        }
        Optional<Endpoint> endpoint = targets.resume(state.endpoint(), state.url());
        if (endpoint.isEmpty()) {
            end(state, state.ended(Status.failed, clock.millis()));
            return;
        }
        if (disabled(endpoint.get())) {
            end(state, state.ended(Status.endpoint_disabled, clock.millis()));
            return;
        }
        Lane<Due> lane = lane(endpoint.get().lane());
        lane.offer(new Due(state, endpoint.get(), lane));
        int waiting = lane.waiting();
        if (waiting >= backlogWarning && warned.add(endpoint.get().lane())) {
            LOG.warnf("Webhook endpoint %s is slow or down: %d deliveries waiting for it (reelay.webhooks."
                    + "backlog-warning); they wait in its own backlog, every other endpoint goes on",
                    endpoint.get().name(), waiting);
        } else if (waiting < backlogWarning / 2 && warned.remove(endpoint.get().lane())) {
            LOG.infof("Webhook endpoint %s is catching up: %d deliveries waiting", endpoint.get().name(), waiting);
        }
    }

    /** A delivery that came due, as it was then, on its lane. */
    private record Due(DeliveryState state, Endpoint endpoint, Lane<Due> lane) {
    }

    /** A subscription that answered 410 Gone at its configured URL is not called again until it is enabled. */
    private boolean disabled(Endpoint endpoint) {
        return !Endpoint.CALLBACK.equals(endpoint.name())
                && store.subscription(endpoint.name()).map(s -> s.disables(endpoint.url())).orElse(false);
    }

    /**
     * A subscription answered 410 Gone: it asks to be disabled (Standard Webhooks). Recorded on the state topic, so
     * every instance, and this one after a restart, dead-letters its deliveries at once. A callback URL's 410 ends
     * that delivery only: nothing else is disabled.
     */
    private void disable(Endpoint endpoint, DeliveryState state, Instant now) {
        if (Endpoint.CALLBACK.equals(endpoint.name()) || disabled(endpoint)) {
            return;
        }
        recordSubscription.accept(SubscriptionState.gone(endpoint.name(), endpoint.url(), "410 Gone answered to "
                + state.webhookId() + " (request " + state.requestId() + ")", now,
                store.subscription(endpoint.name()).orElse(null)));
        metrics.disabled(endpoint.name());
        LOG.warnf("Webhook subscription %s answered 410 Gone: disabled. Its deliveries are dead-lettered "
                + "(endpoint_disabled) until its URL changes or POST /v1/webhooks/subscriptions/%s/enable",
                endpoint.name(), endpoint.name());
    }

    private Lane<Due> lane(String key) {
        return lanes.computeIfAbsent(key, k -> new Lane<>(concurrency,
                // Ended, released (a rebalance) or replayed while it waited: not sent from here.
                this::stillDue,
                due -> attempt(due.state(), due.endpoint(), due.lane())));
    }

    /** Whether a delivery that waited in its lane is still this instance's to send, in the state it waited in. */
    private boolean stillDue(Due due) {
        DeliveryState state = due.state();
        if (active.get(state.key()) != state) {
            return false; // ended, released, or replayed (planned again) while it waited
        }
        if (!owned.test(state.requestId())) {
            active.remove(state.key(), state);
            return false;
        }
        return true;
    }

    /** Starts an attempt; false when none was started (the subscription was disabled while it waited). */
    private boolean attempt(DeliveryState state, Endpoint endpoint, Lane<Due> lane) {
        if (disabled(endpoint)) { // queued before its subscription was disabled
            end(state, state.ended(Status.endpoint_disabled, clock.millis()));
            return false;
        }
        Instant readAt = state.nextAttemptAt();
        sender.send(endpoint.url(), state.webhookId(), state.payload(), endpoint.signer())
                .whenComplete((attempt, failure) -> {
                    try {
                        if (failure != null) {
                            attempt = new Attempt(clock.instant(), 0, "error: " + failure.getClass().getSimpleName(),
                                    Duration.ZERO, Optional.empty());
                        }
                        if (state.attemptCount() == 0 && state.replays() == 0 && readAt != null) {
                            metrics.firstAttempt(endpoint.name(),
                                    Duration.between(readAt, attempt.at().plus(attempt.latency())));
                        }
                        after(state, endpoint, attempt);
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "Webhook %s: recording an attempt failed", state.webhookId());
                    } finally {
                        lane.done();
                    }
                });
        return true;
    }

    private void after(DeliveryState state, Endpoint endpoint, Attempt attempt) {
        metrics.attempted(endpoint.name(), attempt);
        AttemptRecord done = new AttemptRecord(attempt.at(), attempt.status(), attempt.error(),
                attempt.latency().toMillis());
        Instant now = clock.instant();
        DeliveryState next = switch (attempt.verdict()) {
            case DELIVERED -> state.attempted(done, Status.delivered, null, now.toEpochMilli());
            case GONE -> {
                disable(endpoint, state, now);
                yield state.attempted(done, Status.gone, null, now.toEpochMilli());
            }
            case FAILED -> state.attempted(done, Status.failed, null, now.toEpochMilli());
            case RETRY -> {
                Instant first = state.firstAttemptAt() == null ? attempt.at() : state.firstAttemptAt();
                Optional<Instant> at = schedule.next(state.attemptCount() + 1, first, now, attempt.retryAfter());
                yield at.map(t -> state.attempted(done, Status.pending, t, now.toEpochMilli()))
                        .orElseGet(() -> state.attempted(done, Status.dead, null, now.toEpochMilli()));
            }
        };
        if (next.terminal()) {
            end(state, next);
        } else if (active.replace(state.key(), state, next)) {
            record.accept(next);
            plan(next);
        }
    }

    private void end(DeliveryState previous, DeliveryState ended) {
        if (!active.remove(previous.key(), previous)) {
            return; // replayed while this attempt ran: the replay goes on
        }
        record.accept(ended);
        metrics.ended(ended.endpoint(), ended.status());
        if (ended.status() != Status.delivered) {
            deadLetter.accept(ended);
            LOG.infof("Webhook %s to %s for %s ended %s after %d attempts", ended.webhookId(), ended.endpoint(),
                    ended.requestId(), ended.status(), ended.attemptCount());
        }
    }

}
