package io.reelay.lifecycle.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

import io.reelay.config.ReelayConfig;
import io.reelay.config.ReelayConfig.Polling.Strategy;
import io.reelay.events.VideoCancelRequested;
import io.reelay.events.VideoTaskEvent;
import io.reelay.lifecycle.Effect;
import io.reelay.lifecycle.Lifecycle;
import io.reelay.lifecycle.LifecycleInput;
import io.reelay.lifecycle.RequestStage;
import io.reelay.lifecycle.RequestState;
import io.reelay.lifecycle.Transition;
import io.reelay.ledger.SpendLimits;
import io.reelay.kafka.DeadLetters.Code;
import io.reelay.kafka.RecordLimits;
import io.reelay.kafka.Topics;
import io.reelay.kafka.TraceHeaders;
import io.reelay.kafka.registry.SchemaRegistryUnavailableException;
import io.reelay.state.TrackedTask;
import io.reelay.lifecycle.query.QueueBoard;
import io.reelay.lifecycle.query.RequestStatus;
import io.reelay.lifecycle.submit.mapping.TaskEventFactory;
import io.reelay.lifecycle.poll.PollOrder;
import io.reelay.lifecycle.poll.PollPlanner;

/**
 * The processor of one stream task (partition): a router. Each record is classified ({@link Inputs}); a request
 * goes to {@link Admission}; everything else that moves a request on (a cancellation, a record of video.tasks,
 * a poll's answer, the wall-clock tick) becomes a {@link LifecycleInput} that {@link LifecycleShell} hands to
 * {@link Lifecycle}, whose effects it performs. The rules are all in {@link Lifecycle}.
 */
final class TaskTracker implements Processor<String, byte[], Object, Object> {

    private static final Logger LOG = Logger.getLogger(TaskTracker.class);
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);
    /** A cancellation's reason is quoted in the failure event: cut to this. */
    static final int MAX_CANCEL_REASON_CHARS = 500;

    private final ReelayConfig config;
    private final TrackerServices services;
    private final Semaphore pollPermits;
    /** The instance's submit permits: one is held from a call's grant until its answer is written. */
    private final Semaphore submitPermits;
    /** The instance's queue leaders (see {@link QueueLeaders}), shared with its other stream tasks. */
    private final QueueLeaders leaders;
    private final SubmitGate submits;
    private final Deserializer<VideoCancelRequested> cancellationReader;
    private final Deserializer<VideoTaskEvent> taskReader;
    private final Inputs inputs;
    private final SchemaWait schemas;
    private final java.util.SplittableRandom random = new java.util.SplittableRandom();

    private ProcessorContext<Object, Object> context;
    private TrackerObserver observer;
    private TrackerOutputs outputs;
    private TrackerState store;
    private Endings endings;
    private Polls polls;
    private Copies copies;
    private LifecycleShell lifecycle;
    private Admission admission;
    private Parking parking;
    private TickPace pace;
    /** This stream task's partition: the key of its queue's places on the board. */
    private int partition;
    /**
     * How often places are computed at most: one walk of the whole queue, which a tick every few milliseconds with
     * thousands waiting cannot afford each time (the status API asks for places at most a second old).
     */
    static final long PLACES_EVERY_MS = 500;
    /**
     * Walks of the queue take at most one part in this many of the stream thread: the next waits this many times as
     * long as the last took, when that is longer than {@link #PLACES_EVERY_MS}. A bulk of a million submits waiting walks a
     * million entries; every 500 ms that would leave the thread little time to read back the marks that let them go.
     */
    static final int PLACES_COST_SHARE = 20;
    /** When this queue's places may next be computed. */
    private long placesNextAt = Long.MIN_VALUE / 2;
    /** Least time between two rounds of grants made as records are read (a round looks at every grant unsent). */
    static final long GRANT_EVERY_MS = 5;
    /** When this stream task last granted permits between ticks. */
    private long grantedAt = Long.MIN_VALUE / 2;
    /** Places with waiting submits are on the board (an empty queue shows once, then is left alone). */
    private boolean showingQueue;

    TaskTracker(ReelayConfig config, TrackerServices services, Semaphore pollPermits, Semaphore submitPermits,
            QueueLeaders leaders) {
        this.config = config;
        this.leaders = leaders;
        this.services = services;
        this.pollPermits = pollPermits;
        this.submitPermits = submitPermits;
        this.submits = new SubmitGate(submitPermits, services, config);
        this.cancellationReader = services.serdes().of(VideoCancelRequested.class).deserializer();
        this.taskReader = services.serdes().of(VideoTaskEvent.class).deserializer();
        this.inputs = new Inputs(services.guards().signatures());
        this.schemas = new SchemaWait(services.serdes().schemaLookups());
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.partition = context.taskId().partition();
        submits.open();
        if (observer != null) {
            observer.close(); // initialised again (a revived task): its store is counted afresh below
        }
        this.observer = new TrackerObserver(services.metrics());
        this.outputs = new KafkaTrackerOutputs(context, services.tracing(), observer);
        this.store = new TrackerState(context, config, observer);
        long started = context.currentSystemTimeMs();
        // Its tasks running upstream keep their tenants' and models' places (quotas and leases live in memory).
        store.fileAll(started, task -> services.budgets().holdRestored(task.getProvider(), task.getModel(),
                task.getTenant(), task.getRequestId(), started));
        this.endings = new Endings(store, outputs, observer);
        this.polls = new Polls(config, services, pollPermits, store, endings, leaders);
        this.copies = new Copies(services.mirroring(), services.metrics(), store);
        this.lifecycle = new LifecycleShell(config, store, outputs, endings, submits, polls, copies,
                services.mirroring().metrics(), observer, services.providers());
        this.parking = new Parking(context.getStateStore(Topics.PARKED_STORE), services.serdes().schemaLookups());
        this.admission = new Admission(config.tracker(), services.intake(), services.providers(), submits.marks(),
                store, outputs, endings, services.metrics(), services.tracing(), services.guards().owners(), schemas,
                parking, tenant -> SpendLimits.of(config, tenant).limited());
        if (pace != null) {
            pace.close(); // initialised again (a revived task): the old pace's ticks are not waited for
        }
        this.pace = new TickPace(context, config.tracker().tickInterval().toMillis(), started, now -> {
            survive("tick", () -> tick(now));
            survive("tick", () -> pace.after(now, underWay(now), store.nextDue()));
        });
        Duration purge = config.tracker().finishedRetention().compareTo(PURGE_INTERVAL) < 0
                ? config.tracker().finishedRetention() : PURGE_INTERVAL;
        context.schedule(purge, PunctuationType.WALL_CLOCK_TIME, now -> survive("purge", () -> purgeFinished(now)));
    }

    @Override
    public void close() {
        if (pace != null) {
            pace.close();
        }
        handOver(submits.close());
        services.queues().remove(partition);
        if (observer != null) {
            observer.close();
        }
    }

    /**
     * Tells the partition's next owner which of its requests' sending marks this process wrote and never called,
     * through the answers' own producer, so it resumes them at once instead of waiting for an answer that cannot come
     * and ending them {@code submission_outcome_unknown}. Kafka Streams commits a revoked or stopping task before it
     * closes its processors, so the marks are committed by now.
     * <ul>
     * <li>A mark not read back yet: one {@code unsent} record. The new owner reads the mark, and acts only on a mark it
     * read itself, so one whose transaction was aborted (a task closed dirty) is never taken back.</li>
     * <li>A call the circuit breaker held back: this process read that mark, so the new owner could not tell it from
     * a call under way; it gets the answer such a call gets, a clear refusal it retries
     * ({@link TaskEventFactory#heldBack}).</li>
     * </ul>
     * A record that is lost (the process dies first) leaves that request to the outcome check, as a kill does.
     */
    private void handOver(SubmitGate.Uncalled uncalled) {
        if (uncalled.isEmpty() || store == null) {
            return;
        }
        Instant now = Instant.now();
        List<String> told = new ArrayList<>();
        uncalled.unread().forEach((id, intent) -> tell(id, told, task -> TaskEventFactory.unsent(intent,
                Instant.ofEpochMilli(task.getIntentAt()), now)));
        uncalled.heldBack().forEach((id, intent) -> tell(id, told, task -> TaskEventFactory.heldBack(intent, now)));
        LOG.infof("Partition %d handed over with %d requests marked but never sent, told to their next owner: %s",
                partition, told.size(), told);
    }

    /** Writes what the next owner is told of one request whose stored mark this process never called. */
    private void tell(String id, List<String> told, java.util.function.Function<TrackedTask, VideoTaskEvent> record) {
        try {
            TrackedTask task = store.inFlight(id);
            if (task == null || !task.getSendingMarked()) {
                return; // nothing stored stands for its mark: nothing to take back
            }
            services.outcomes().record(record.apply(task), TraceHeaders.fromTraceParent(task.getTraceParent()))
                    .subscribe().with(done -> { }, e -> { });
            told.add(id);
        } catch (RuntimeException e) { // NOPMD: closing; that request is left to the outcome check
            LOG.warnf(e, "Request %s: could not tell its next owner its call was never made", id);
        }
    }

    /**
     * Every record ends here in exactly one outcome: admitted (or applied, for the tracker's own lifecycle records),
     * a failure event, or a dead letter. Whatever goes wrong on the way, a bug included, ends as a dead letter
     * rather than in Kafka Streams' hands, where an exception would stop the tracker on this record for good.
     */
    @Override
    public void process(Record<String, byte[]> record) {
        long now = context.currentSystemTimeMs();
        outputs.reading(DeadLetterOutput.Origin.of(context.recordMetadata(), record.headers()));
        var meta = context.recordMetadata();
        read(record, meta.map(m -> m.topic()).orElse(Topics.REQUESTS), meta.map(m -> m.partition()).orElse(-1),
                services.guards().partitions().getAsInt(), now);
        grantReturned(now);
        pace.soon(now);
    }

    /**
     * Grants the permits that came back since the last round to the submits waiting, without waiting for the tick. A
     * permit comes back when a call's answer is written (a producer's thread); between records the stream thread is
     * the first to see it. Waiting for the tick (100 ms) would hold it idle for a third of its turn: a mark's round
     * trip and the call take about 0.2 s against an upstream that answers at once, so with a bulk waiting the tick
     * would bound how fast submits go, not the permits. At most one round every {@link #GRANT_EVERY_MS}.
     */
    private void grantReturned(long now) {
        if (now - grantedAt >= GRANT_EVERY_MS && submits.waiting() > 0 && submitPermits.availablePermits() > 0) {
            grantedAt = now;
            survive("grant", () -> sendReady(now));
        }
    }

    /** A record read again from parking: as read from its own topic, already on its owning partition. */
    private void readParked(Record<String, byte[]> record, DeadLetterOutput.Origin origin, long now) {
        outputs.reading(origin);
        read(record, origin.topic(), -1, 0, now);
    }

    private void read(Record<String, byte[]> record, String topic, int partition, int partitions, long now) {
        try {
            route(record, topic, partition, partitions, now);
        } catch (SchemaRegistryUnavailableException e) {
            outputs.deadLetter(record, Code.schema_unavailable, "the schema registry did not answer: "
                    + RecordLimits.quote(e.getMessage()), e, now);
        } catch (Throwable e) { // NOPMD: totality is the point; the record is kept in the dead-letter topic
            services.metrics().internalError("process");
            LOG.errorf(e, "Record %s could not be processed; dead-lettered", describe(record));
            try {
                outputs.deadLetter(record, Code.internal_error, e.getClass().getSimpleName() + ": "
                        + RecordLimits.quote(e.getMessage()), e, now);
            } catch (Throwable again) {
                LOG.errorf(again, "Record %s could not be dead-lettered either; skipped", describe(record));
            }
        }
    }

    private void route(Record<String, byte[]> record, String topic, int partition, int partitions, long now) {
        Inputs.Input input = inputs.classify(topic, partition, partitions, record.key(), record.value(),
                record.headers());
        if (input instanceof Inputs.Refusal refusal) {
            outputs.deadLetter(record, refusal.code(), refusal.reason(), null, now);
        } else if (input instanceof Inputs.Reroute reroute) {
            outputs.reroute(record, reroute.from(), now);
        } else if (input instanceof Inputs.Request) {
            admission.onRequest(record, now);
        } else if (input instanceof Inputs.Cancellation cancel) {
            String reason = Cancellations.reason(cancel.value(), cancellationReader);
            lifecycle.apply(cancel.requestId(), new LifecycleInput.Cancel(reason == null ? null
                    : RecordLimits.cut(reason, MAX_CANCEL_REASON_CHARS)), LifecycleShell.Reading.of(record), now);
        } else if (input instanceof Inputs.TaskRecord task) {
            onTaskRecord(record, task, now);
        }
    }

    /** Runs a punctuation; a failure is counted and logged, and the next punctuation runs as usual. */
    private void survive(String what, Runnable punctuation) {
        try {
            punctuation.run();
        } catch (Throwable e) { // NOPMD: a punctuation that throws would stop the tracker
            services.metrics().internalError(what);
            LOG.errorf(e, "The tracker's %s failed; it runs again at its next interval", what);
        }
    }

    private static String describe(Record<String, byte[]> record) {
        return "with key " + RecordLimits.quote(record.key()) + " (" + (record.value() == null ? "no value"
                : record.value().length + " bytes") + ")";
    }

    // ------------------------------------------------------------------ lifecycle records (video.tasks)

    /** A signed record of video.tasks: decoded, checked against its key, then applied. */
    private void onTaskRecord(Record<String, byte[]> record, Inputs.TaskRecord signed, long now) {
        VideoTaskEvent event;
        try {
            event = decodeTask(signed.value());
        } catch (RuntimeException e) {
            var unseen = SchemaWait.find(e);
            boolean waiting = unseen != null && !unseen.isPermanent();
            if (!waiting || !parking.park(record, outputs.origin(), unseen.schemaId(), now)) {
                outputs.deadLetter(record, waiting ? Code.schema_unavailable : Code.undecodable,
                        "not a readable VideoTaskEvent: " + RecordLimits.quote(e.getMessage()), e, now);
            }
            return;
        }
        if (!signed.requestId().equals(event.getRequestId())) {
            outputs.deadLetter(record, Code.key_mismatch, "the key is not the event's request_id", null, now);
            return;
        }
        onTaskEvent(record, event, now);
    }

    /** Times one of this process's own marks from its write to its read-back, both by the tracker's clock. */
    private void readBack(VideoTaskEvent mark, long now) {
        services.metrics().markReadBack(mark.getType().name(),
                Duration.ofMillis(now - mark.getOccurredAt().toEpochMilli()));
    }

    /** Reads a lifecycle record; one in a schema version this instance has not seen waits briefly for its lookup. */
    private VideoTaskEvent decodeTask(byte[] value) {
        try {
            return taskReader.deserialize(Topics.TASKS, value);
        } catch (RuntimeException e) {
            if (schemas.becameKnown(e)) {
                return taskReader.deserialize(Topics.TASKS, value);
            }
            throw e;
        }
    }

    /** {@code record}'s headers carry the request's trace: every record on video.tasks is written in it. */
    private void onTaskEvent(Record<String, byte[]> record, VideoTaskEvent event, long now) {
        String id = event.getRequestId();
        var reading = LifecycleShell.Reading.of(record, event, TraceHeaders.extract(record.headers()));
        switch (event.getType()) {
            case submitting -> {
                Transition read = lifecycle.apply(id,
                        marks -> new LifecycleInput.IntentCommitted(marks.intentCommitted(id)), reading, now);
                if (read.has(Effect.Enqueue.class)) {
                    readBack(event, now);
                    sendReady(now); // ours, and committed: it may go out as soon as a permit allows
                }
            }
            case sending -> {
                long markAt = event.getOccurredAt().toEpochMilli();
                Transition read = lifecycle.apply(id,
                        marks -> new LifecycleInput.MarkCommitted(marks.markCommitted(id, markAt)), reading, now);
                if (read.has(Effect.CallSubmit.class)) {
                    readBack(event, now);
                }
            }
            case unsent -> {
                // Another process's mark it never called (it gave the partition up): resumed if that mark stands.
                if (event.getMarkAt() != null) {
                    long markAt = event.getMarkAt().toEpochMilli();
                    lifecycle.apply(id, marks -> new LifecycleInput.MarkWithdrawn(markAt,
                            marks.othersMarkRead(id, markAt)), reading, now);
                }
            }
            case outcome_check -> lifecycle.apply(id,
                    marks -> new LifecycleInput.OutcomeCheckRead(marks.checkCommitted(id)), reading, now);
            case created -> onCreated(reading, now);
            // The ledger's answer to a limited tenant's reservation. Anything but a request waiting for it ignores it.
            case reservation_confirmed -> lifecycle.apply(id, new LifecycleInput.ReservationConfirmed(), reading, now);
            case reservation_refused -> lifecycle.apply(id, new LifecycleInput.ReservationRefused(
                    io.reelay.ledger.Balances.refusalText(event.getFailureMessage())), reading, now);
            case submit_failed -> lifecycle.apply(id, new LifecycleInput.SubmitFailed(event.getFailureReason(),
                    Boolean.TRUE.equals(event.getRetryable()), retryAfterMs(event), random.nextDouble()), reading,
                    now);
            default -> {
                // status_changed, progress and queued (informational) are this processor's own output, read back:
                // nothing to do, whatever they hold.
            }
        }
    }

    private void onCreated(LifecycleShell.Reading reading, long now) {
        VideoTaskEvent event = reading.event();
        TrackedTask task = store.inFlight(event.getRequestId());
        TrackedTask subject = task != null ? task
                : TrackedTasks.adopted(event, now, TraceHeaders.traceParent(reading.trace()));
        long told = event.getSubmittedAt() == null ? 0 : event.getSubmittedAt().toEpochMilli();
        PollPlanner.Plan first = polls.planFirst(subject, Lifecycle.acceptedAt(told, now));
        if (config.polling().strategy() == Strategy.ADAPTIVE) {
            subject.setExpectedEndAt(first.expectedEndAt());
        }
        lifecycle.apply(event.getRequestId(), task, new LifecycleInput.Created(event.getUpstreamTaskId(),
                event.getRawStatus(), first.pollAt(), told), new LifecycleShell.Reading(reading.record(), event,
                        reading.trace(), null, null, task == null ? subject : null, null), now);
    }

    private static Long retryAfterMs(VideoTaskEvent refusal) {
        Long seconds = refusal.getUpstreamError() == null ? null : refusal.getUpstreamError().getRetryAfterSeconds();
        return seconds == null ? null : seconds * 1000;
    }

    /** Puts held-back calls back in the queue, then marks every attempt that got a permit and budget. */
    private void sendReady(long now) {
        for (String id : submits.marks().drainHeld()) {
            try {
                Transition back = lifecycle.apply(id, new LifecycleInput.CircuitHeld(submits.holds(id),
                        random.nextDouble()), LifecycleShell.Reading.NONE, now);
                if (back.ignored()) {
                    submits.withdraw(id);
                }
            } finally {
                submits.heldDrained(); // only now: its mark is withdrawn in this transaction
            }
        }
        for (String id : submits.readyToSend(now)) {
            Transition marked = lifecycle.apply(id, new LifecycleInput.Granted(), LifecycleShell.Reading.NONE, now);
            if (!marked.has(Effect.WriteMark.class)) {
                submits.giveBack(); // moved on meanwhile
            }
        }
        submits.drainOverQuota().forEach((id, why) -> lifecycle.apply(id, new LifecycleInput.QuotaExceeded(why),
                LifecycleShell.Reading.NONE, now));
    }

    // ------------------------------------------------------------------ the tick

    /** Applies finished polls, moves on every request whose time has come, and starts the polls that are due. */
    void tick(long now) {
        submits.newTick();
        parking.retry(now, this::readParked);
        polls.applyDone(now, lifecycle);
        copies.applyDone(now, lifecycle);
        record Due(TrackedTask task, RequestState before, Transition transition) {
        }
        List<Due> ending = new ArrayList<>();
        List<Due> moving = new ArrayList<>();
        for (TrackedTask task : store.due(now)) {
            forTask(task, now, () -> {
                RequestState before = lifecycle.stateOf(task.getRequestId(), task);
                Transition t = Lifecycle.next(before, new LifecycleInput.Due(before.stage() == RequestStage.IN_FLIGHT
                        ? polls.pollNotBefore(task, now) : null), now, config);
                (t.ends() || t.has(Effect.WriteOutcomeCheck.class) ? ending : moving).add(new Due(task, before, t));
            });
        }
        // Overdue ones first, then new attempts; then polls, within the permits and the rate budget; submits last.
        List<TrackedTask> due = new ArrayList<>();
        var reading = new LifecycleShell.Reading(null, null, null, null, null, null, due);
        for (List<Due> group : List.of(ending, moving)) {
            group.forEach(d -> forTask(d.task(), now, () -> lifecycle.perform(d.before(), d.transition(), d.task(),
                    reading, now)));
        }
        // Closest to (or past) their expected end first: when the budget is short, they are the likeliest to be done.
        due.sort(PollOrder.closestToExpectedEnd());
        polls.start(due, now);
        // Submits after the due polls: polls of tasks already paid for take the budget first when it is short.
        sendReady(now);
        // Polls answered at once (a fast upstream, or a test) are applied in the same tick.
        polls.applyDone(now, lifecycle);
        store.durations().publish(now);
        showQueue(now);
    }

    /**
     * Whether anything in memory may need the next tick before the schedule's next due request: calls under way
     * (their answers are applied at a tick; a submit's permit is held from its grant until its answer is written, or
     * its held-back call is taken back), submits waiting, parked records, a queue's places being shown or asked for, or
     * learned durations not shared yet.
     * Otherwise a record read is what moves anything on, and {@link TickPace} sleeps until the schedule's next.
     */
    private boolean underWay(long now) {
        return polls.anyUnderWay() || copies.anyUnderWay() || submits.waiting() > 0 || submits.anyEntered()
                || submitPermits.availablePermits() < config.submitter().concurrency()
                || parking.any() || showingQueue || services.queues().asked(now) || store.durations().unpublished();
    }

    /**
     * Computes where the waiting submits stand (one walk of the queue) only when it is needed: someone asked lately
     * (GET, or an event stream), or submits started waiting since the last tick, each of which gets one {@code queued}
     * record on video.tasks. A submit served at once never waited and gets none; nothing is written tick by tick.
     */
    private void showQueue(long now) {
        var board = services.queues();
        if (now < placesNextAt) {
            return; // places a moment old are fresh enough; ones that started waiting since get theirs next time
        }
        if (!submits.anyEntered() && !board.asked(now)) {
            if (showingQueue && submits.waiting() == 0) {
                board.publish(partition, new QueueBoard.Board(Map.of(), Map.of(), now));
                showingQueue = false;
            }
            return;
        }
        long began = System.nanoTime();
        List<String> entered = submits.drainEntered();
        QueueBoard.Board places = submits.places(now, provider -> board.othersWaiting(partition, provider),
                this::expectedMs);
        board.publish(partition, places);
        placesNextAt = now + placesInterval(System.nanoTime() - began);
        showingQueue = submits.waiting() > 0;
        for (String id : entered) {
            RequestStatus.Queue place = places.places().get(id);
            VideoTaskEvent intent = submits.intent(id);
            TrackedTask task = store.inFlight(id);
            if (place != null && intent != null && task != null) {
                outputs.task(TaskEventFactory.queued(intent, place.position(), place.estimatedStartAt(),
                        place.estimatedFinishAt(), Instant.ofEpochMilli(now)), task.getTraceParent(), now);
            }
        }
    }

    /** How long after a walk of the queue that took {@code walkNanos} the next may start. */
    static long placesInterval(long walkNanos) {
        return Math.max(PLACES_EVERY_MS, PLACES_COST_SHARE * walkNanos / 1_000_000);
    }

    /** The duration a waiting request's task is expected to take: what polling plans with for its class. */
    private long expectedMs(String requestId) {
        TrackedTask task = store.inFlight(requestId);
        return task == null ? 0 : store.durations().fitFor(task).medianMs();
    }

    /**
     * Does one request's part of a tick. If it fails (a bug), that request ends as the lifecycle says for an internal
     * error rather than the tick failing, so one bad entry cannot hold back the others or come back every tick: a
     * completed (paid) task still ends completed, anything else fails with internal_error.
     */
    private void forTask(TrackedTask task, long now, Runnable step) {
        try {
            step.run();
        } catch (Throwable e) { // NOPMD: one request's trouble is its own
            services.metrics().internalError("tick");
            LOG.errorf(e, "Request %s: the tracker failed on it; it ends now", task.getRequestId());
            lifecycle.internalError(task.getRequestId(), e, now);
        }
    }

    void purgeFinished(long now) {
        store.purgeFinished(now - config.tracker().finishedRetention().toMillis());
    }
}
