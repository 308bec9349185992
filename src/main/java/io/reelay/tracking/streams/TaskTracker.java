package io.reelay.tracking.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.HashSet;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

import io.opentelemetry.context.Scope;
import io.reelay.events.FailureReason;
import io.reelay.events.VideoCancelRequested;
import io.reelay.events.VideoTaskEvent;
import io.reelay.events.VideoTaskEventType;
import io.reelay.messaging.DeadLetters.Code;
import io.reelay.messaging.RecordLimits;
import io.reelay.messaging.Topics;
import io.reelay.messaging.TraceHeaders;
import io.reelay.messaging.registry.SchemaRegistryUnavailableException;
import io.reelay.request.mapping.RequestMapper;
import io.reelay.submission.mapping.TaskEventFactory;
import io.reelay.state.FinishedRequest;
import io.reelay.state.TrackedPhase;
import io.reelay.state.TrackedTask;
import io.reelay.tracking.config.TrackerSettings;
import io.reelay.tracking.polling.DurationClass;
import io.reelay.tracking.polling.PollOrder;
import io.reelay.upstream.TaskHandle;
import io.reelay.upstream.VideoProvider;

/**
 * Owns the requests of one stream task (partition) from admission to their one terminal event:
 * requests are admitted by {@link Admission}, each paid submit passes the {@link SubmitGate},
 * lifecycle events (video.tasks) and cancellations move each request on here, and the wall-clock
 * {@link #tick} applies and starts {@link Polls}, resumes or retries submits and enforces deadlines.
 * Outputs and the end of a request go through {@link TrackerState}.
 */
final class TaskTracker implements Processor<String, byte[], Object, Object> {

    private static final Logger LOG = Logger.getLogger(TaskTracker.class);
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);
    /** A cancellation's reason is quoted in the failure event: cut to this. */
    static final int MAX_CANCEL_REASON_CHARS = 500;

    private final TrackerSettings settings;
    private final TrackerServices services;
    private final Function<String, VideoProvider> providers;
    private final Semaphore pollPermits;
    private final SubmitGate submits;
    private final Deserializer<VideoCancelRequested> cancellationReader;
    private final Deserializer<VideoTaskEvent> taskReader;
    private final Inputs inputs;
    private final SchemaWait schemas;
    private Parking parking;

    /** Requests whose outcome check this processor wrote and has not read back yet. */
    private final Set<String> outcomeChecks = new HashSet<>();
    /** Jitter for back-offs, so that tasks refused together do not come back together. */
    private final java.util.SplittableRandom random = new java.util.SplittableRandom();

    private ProcessorContext<Object, Object> context;
    private TrackerState state;
    private Polls polls;
    private Admission admission;
    private KeyValueStore<String, TrackedTask> inFlight;
    private KeyValueStore<String, FinishedRequest> finished;

    TaskTracker(TrackerSettings settings, TrackerServices services, Semaphore pollPermits, Semaphore submitPermits) {
        this.settings = settings;
        this.services = services;
        this.providers = services.providers();
        this.pollPermits = pollPermits;
        this.submits = new SubmitGate(submitPermits, services, settings.submitTimeout());
        this.cancellationReader = services.serdes().of(VideoCancelRequested.class).deserializer();
        this.taskReader = services.serdes().of(VideoTaskEvent.class).deserializer();
        this.inputs = new Inputs(services.guards().signatures());
        this.schemas = new SchemaWait(services.serdes().schemaLookups());
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        if (state != null) {
            state.close(); // initialised again (a revived task): its store is counted afresh below
        }
        this.state = new TrackerState(context, settings, services.metrics(), services.tracing());
        state.fileUnscheduled();
        this.inFlight = state.inFlight();
        this.finished = state.finished();
        this.polls = new Polls(settings, services, pollPermits, state);
        this.parking = new Parking(context.getStateStore(Topics.PARKED_STORE), services.serdes().schemaLookups());
        this.admission = new Admission(settings, services.intake(), providers, submits, state, services.metrics(),
                services.tracing(), services.guards().owners(), schemas, parking);
        context.schedule(settings.tickInterval(), PunctuationType.WALL_CLOCK_TIME, now -> survive("tick", () -> tick(now)));
        Duration purge = settings.finishedRetention().compareTo(PURGE_INTERVAL) < 0
                ? settings.finishedRetention() : PURGE_INTERVAL;
        context.schedule(purge, PunctuationType.WALL_CLOCK_TIME, now -> survive("purge", () -> purgeFinished(now)));
    }

    @Override
    public void close() {
        if (state != null) {
            state.close();
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
        state.reading(DeadLetterOutput.Origin.of(context.recordMetadata(), record.headers()));
        var meta = context.recordMetadata();
        read(record, meta.map(m -> m.topic()).orElse(Topics.REQUESTS), meta.map(m -> m.partition()).orElse(-1),
                services.guards().partitions().getAsInt(), now);
    }

    /** A record read again from parking: as read from its own topic, already on its owning partition. */
    private void readParked(Record<String, byte[]> record, DeadLetterOutput.Origin origin, long now) {
        state.reading(origin);
        read(record, origin.topic(), -1, 0, now);
    }

    private void read(Record<String, byte[]> record, String topic, int partition, int partitions, long now) {
        try {
            route(record, topic, partition, partitions, now);
        } catch (SchemaRegistryUnavailableException e) {
            state.deadLetter(record, Code.schema_unavailable, "the schema registry did not answer: "
                    + RecordLimits.quote(e.getMessage()), e, now);
        } catch (Throwable e) { // NOPMD: totality is the point; the record is kept in the dead-letter topic
            services.metrics().internalError("process");
            LOG.errorf(e, "Record %s could not be processed; dead-lettered", describe(record));
            try {
                state.deadLetter(record, Code.internal_error, e.getClass().getSimpleName() + ": "
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
            state.deadLetter(record, refusal.code(), refusal.reason(), null, now);
        } else if (input instanceof Inputs.Reroute reroute) {
            state.reroute(record, reroute.from(), now);
        } else if (input instanceof Inputs.Request) {
            admission.onRequest(record, now);
        } else if (input instanceof Inputs.Cancellation cancel) {
            onCancel(record, cancel.requestId(), Cancellations.reason(cancel.value(), cancellationReader), now);
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

    /**
     * A new attempt, behind a new committed intent like the first: after a clear refusal, or after a
     * restart for an attempt that provably never went out (no committed sending mark).
     */
    private void retrySubmit(TrackedTask task, long now) {
        VideoTaskEvent intent = TaskEventFactory.submitting(RequestMapper.toDomain(task.getPendingRequest()),
                task.getProvider(), Instant.ofEpochMilli(now));
        task.setSubmitRetryAt(null);
        task.setSendingMarked(false);
        task.setIntentAt(now);
        state.save(task);
        state.emit(intent, task, now);
        submits.intentWritten(task.getRequestId());
        LOG.infof("Request %s: submit attempt %d to %s", task.getRequestId(), task.getSubmitAttempts() + 1,
                task.getProvider());
    }

    // ------------------------------------------------------------------ cancellations (video.cancellations)

    private void onCancel(Record<String, byte[]> record, String id, String reason, long now) {
        if (finished.get(id) != null) {
            state.deadLetter(record, Code.already_ended, "request " + id + " has already ended", null, now);
            return;
        }
        String why = reason == null ? "Cancelled by request"
                : "Cancelled by request: " + RecordLimits.cut(reason, MAX_CANCEL_REASON_CHARS);
        TrackedTask task = inFlight.get(id);
        if (task == null) {
            // Cancelled before the request arrived: it ends now, and the request will be refused as a repeat.
            state.endBeforeSubmit(TaskEventFactory.cancelled(id, why, Instant.ofEpochMilli(now)), null, now);
            return;
        }
        if (task.getPhase() == TrackedPhase.submitting) {
            if (submits.withdraw(id) || task.getSubmitRetryAt() != null || !task.getSendingMarked()) {
                state.fail(task, FailureReason.cancelled, why + " (before any upstream call)", false, null, now);
            } else if (task.getCancelRequested()) {
                state.deadLetter(record, Code.already_ended, "request " + id + " is already being cancelled", null,
                        now);
            } else {
                // The paid call is under way: the task will be cancelled as soon as its id is known.
                task.setCancelRequested(true);
                state.save(task);
                LOG.infof("Request %s: cancellation noted; the submit under way decides what to cancel", id);
            }
            return;
        }
        cancelUpstream(task);
        state.fail(task, FailureReason.cancelled, why + "; the upstream was asked to cancel task " + task.getUpstreamTaskId()
                + " (honoured only where it supports it: the task may still finish and be charged)", false, null, now);
    }

    private void cancelUpstream(TrackedTask task) {
        VideoProvider provider = providers.apply(task.getProvider());
        if (provider == null) {
            return;
        }
        String id = task.getRequestId();
        try (Scope ignored = TraceHeaders.fromTraceParent(task.getTraceParent()).makeCurrent()) {
            provider.cancel(new TaskHandle(task.getUpstreamTaskId(), task.getPollUrl())).subscribe().with(
                    ok -> LOG.infof("Request %s: the upstream cancelled task %s", id, task.getUpstreamTaskId()),
                    e -> LOG.infof("Request %s: the upstream did not cancel task %s: %s", id, task.getUpstreamTaskId(),
                            e.getMessage()));
        }
    }

    // ------------------------------------------------------------------ lifecycle (video.tasks)

    /** A signed record of video.tasks: decoded, checked against its key, then applied. */
    private void onTaskRecord(Record<String, byte[]> record, Inputs.TaskRecord signed, long now) {
        VideoTaskEvent event;
        try {
            event = decodeTask(signed.value());
        } catch (RuntimeException e) {
            var unseen = SchemaWait.find(e);
            boolean waiting = unseen != null && !unseen.isPermanent();
            if (!waiting || !parking.park(record, state.origin(), unseen.schemaId(), now)) {
                state.deadLetter(record, waiting ? Code.schema_unavailable : Code.undecodable,
                        "not a readable VideoTaskEvent: " + RecordLimits.quote(e.getMessage()), e, now);
            }
            return;
        }
        if (!signed.requestId().equals(event.getRequestId())) {
            state.deadLetter(record, Code.key_mismatch, "the key is not the event's request_id", null, now);
            return;
        }
        onTaskEvent(record, event, now);
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
        Headers headers = record.headers();
        VideoTaskEventType type = event.getType();
        switch (type) {
            case submitting -> onSubmitting(record, event, now);
            case sending -> submits.markCommitted(event.getRequestId(), TraceHeaders.extract(headers));
            case outcome_check -> onOutcomeCheck(event, now);
            case created -> onCreated(event, headers, now);
            case submit_failed -> onSubmitFailed(event, now);
            default -> {
                // status_changed and progress are this processor's own output, read back: nothing to do.
            }
        }
    }

    private void onSubmitting(Record<String, byte[]> record, VideoTaskEvent event, long now) {
        if (submits.intentCommitted(event)) {
            sendReady(now); // ours, and committed: it may go out as soon as a permit allows
            return;
        }
        // Written by another instance, or by this one before a restart: the store has its request (the intent was
        // committed with it), and the tick resumes it if it never went out. An intent for a request this partition
        // does not hold is never adopted: paying on it could pay for a request twice.
        String id = event.getRequestId();
        if (inFlight.get(id) == null && finished.get(id) == null) {
            state.deadLetter(record, Code.unknown_request, "an intent to submit request " + id
                    + ", which this partition does not hold: never submitted on", null, now);
        }
    }

    private void onCreated(VideoTaskEvent event, Headers headers, long now) {
        String id = event.getRequestId();
        FinishedRequest done = finished.get(id);
        if (done != null) {
            if (!Objects.equals(done.getUpstreamTaskId(), event.getUpstreamTaskId())) {
                LOG.errorf("Request %s already finished, yet upstream task %s was created for it: check for a double charge",
                        id, event.getUpstreamTaskId());
            }
            return;
        }
        TrackedTask existing = inFlight.get(id);
        if (existing != null && existing.getPhase() == TrackedPhase.in_flight) {
            if (!Objects.equals(existing.getUpstreamTaskId(), event.getUpstreamTaskId())) {
                LOG.errorf("Request %s has a second upstream task %s besides %s: check for a double charge; "
                        + "tracking the first", id, event.getUpstreamTaskId(), existing.getUpstreamTaskId());
            }
            return;
        }
        TrackedTask.Builder task = existing != null ? TrackedTask.newBuilder(existing) : TrackedTask.newBuilder()
                .setRequestId(id)
                .setProvider(event.getProvider())
                .setModel(event.getModel())
                .setOperation(event.getOperation())
                .setRequestedAt(millis(event.getRequestedAt()))
                .setIntentAt(now)
                .setMetadata(event.getRequest() == null ? null : event.getRequest().getMetadata())
                .setDurationClass(DurationClass.of(event.getProvider(), event.getRequest()))
                .setTraceParent(TraceHeaders.traceParent(TraceHeaders.extract(headers)));
        // The tracker's own clock: deadlines then never depend on another clock, and the answer was written ms ago.
        long submittedAt = now;
        TrackedTask tracked = task
                .setPhase(TrackedPhase.in_flight)
                .setPendingRequest(null)
                .setSubmitRetryAt(null)
                .setUpstreamTaskId(event.getUpstreamTaskId())
                .setPollUrl(event.getPollUrl())
                .setRawStatus(event.getRawStatus())
                .setSubmittedAt(submittedAt)
                .build();
        polls.planFirst(tracked, now);
        state.save(tracked);
        services.metrics().submitted(tracked.getProvider(), tracked.getModel());
        LOG.infof("Request %s: upstream task %s created (%s, %s)", id, event.getUpstreamTaskId(),
                event.getProvider(), event.getModel());
        TrackedTask created = inFlight.get(id);
        if (created.getCancelRequested()) {
            cancelUpstream(created);
            state.fail(created, FailureReason.cancelled, "Cancelled by request while the submit was under way; the upstream"
                    + " was asked to cancel task " + created.getUpstreamTaskId()
                    + " (honoured only where it supports it: the task may still finish and be charged)", false, null, now);
        }
    }

    private void onSubmitFailed(VideoTaskEvent event, long now) {
        String id = event.getRequestId();
        if (finished.get(id) != null) {
            return;
        }
        TrackedTask existing = inFlight.get(id);
        if (existing != null && existing.getPhase() == TrackedPhase.in_flight) {
            LOG.errorf("Request %s: a submit failure arrived after upstream task %s was created; the task is kept",
                    id, existing.getUpstreamTaskId());
            return;
        }
        if (existing != null && mayRetry(existing, event)) {
            long delay = retryDelay(existing.getSubmitAttempts() + 1, event);
            existing.setSubmitAttempts(existing.getSubmitAttempts() + 1);
            existing.setSubmitRetryAt(now + delay);
            state.save(existing);
            LOG.infof("Request %s: the upstream refused the submit for now (%s); attempt %d in %d ms", id,
                    event.getUpstreamError() == null ? event.getFailureReason() : event.getUpstreamError().getCode(),
                    existing.getSubmitAttempts() + 1, delay);
            return;
        }
        state.endBeforeSubmit(event, existing, now);
        LOG.infof("Request %s failed before an upstream task existed: %s", id, event.getFailureReason());
    }

    /** Writes the sending mark of every attempt that got a permit and budget; each goes out once read back. */
    private void sendReady(long now) {
        for (VideoTaskEvent intent : submits.readyToSend(now)) {
            submits.markWritten(intent);
            TrackedTask task = inFlight.get(intent.getRequestId());
            if (task == null || task.getPhase() != TrackedPhase.submitting) {
                submits.withdraw(intent.getRequestId()); // ended meanwhile: give the permit back
                continue;
            }
            task.setSendingMarked(true);
            task.setIntentAt(now);
            state.save(task);
            state.emit(TaskEventFactory.sending(intent, Instant.ofEpochMilli(now)), task, now);
        }
    }

    /** Only a clear refusal (no task was created) may be retried; an unknown outcome never is. */
    private boolean mayRetry(TrackedTask task, VideoTaskEvent refusal) {
        return task.getPhase() == TrackedPhase.submitting
                && !task.getCancelRequested()
                && refusal.getFailureReason() == FailureReason.upstream_unavailable
                && Boolean.TRUE.equals(refusal.getRetryable())
                && task.getPendingRequest() != null
                && task.getSubmitAttempts() + 1 < settings.maxSubmitAttempts();
    }

    /** Capped exponential back-off with jitter; a longer Retry-After from the upstream wins. */
    private long retryDelay(int attempt, VideoTaskEvent refusal) {
        long base = settings.submitRetryBackoff().toMillis() << Math.min(attempt - 1, 16);
        long capped = Math.min(settings.maxSubmitRetryBackoff().toMillis(), base);
        long jittered = capped / 2 + (long) (random.nextDouble() * (capped / 2.0));
        Long retryAfter = refusal.getUpstreamError() == null ? null : refusal.getUpstreamError().getRetryAfterSeconds();
        return retryAfter == null ? jittered : Math.max(jittered, retryAfter * 1000);
    }

    /** Applies finished polls, fails what is overdue, and starts the polls that are due. */
    void tick(long now) {
        parking.retry(now, this::readParked);
        polls.applyDone(now);
        sendReady(now);
        List<TrackedTask> due = new ArrayList<>();
        List<TrackedTask> overdue = new ArrayList<>();
        List<TrackedTask> retries = new ArrayList<>();
        for (TrackedTask task : state.due(now)) {
            {
                if (task.getPhase() == TrackedPhase.submitting) {
                    if (task.getSubmitRetryAt() != null) {
                        if (task.getSubmitRetryAt() <= now) {
                            retries.add(task);
                        }
                        continue;
                    }
                    if (submits.notCalledYet(task.getRequestId())) {
                        if (!task.getSendingMarked()) {
                            task.setIntentAt(now); // still waiting here: look again later, not every tick
                            state.save(task);
                        }
                        continue;
                    }
                    if (!task.getSendingMarked() && task.getPendingRequest() != null) {
                        retries.add(task); // provably never sent (a restart or a rebalance came between): resume
                    } else if (now - task.getIntentAt() >= settings.submitOutcomeTimeout().toMillis()) {
                        overdue.add(task);
                    }
                } else if (now - task.getSubmittedAt() >= maxWaitMs(task)) {
                    overdue.add(task);
                } else if (task.getNextPollAt() <= now && !polls.underWay(task.getRequestId())) {
                    due.add(task);
                }
            }
        }
        overdue.forEach(task -> forTask(task, now, () -> {
            if (task.getPhase() == TrackedPhase.submitting) {
                checkOutcome(task, now);
            } else {
                failOverdue(task, now);
            }
        }));
        retries.forEach(task -> forTask(task, now, () -> retrySubmit(task, now)));
        // Closest to (or past) their expected end first: when the budget is short, they are the likeliest to be done.
        due.sort(PollOrder.closestToExpectedEnd());
        polls.start(due, now);
        // Polls answered at once (a fast upstream, or a test) are applied in the same tick.
        polls.applyDone(now);
    }

    /**
     * Does one request's part of a tick. If it fails (a bug), that request fails with internal_error rather than
     * the tick, so one bad entry cannot hold back the others or come back every tick.
     */
    private void forTask(TrackedTask task, long now, Runnable step) {
        try {
            step.run();
        } catch (Throwable e) { // NOPMD: one request's trouble is its own
            services.metrics().internalError("tick");
            LOG.errorf(e, "Request %s: the tracker failed on it; it ends as internal_error", task.getRequestId());
            TrackedTask current = inFlight.get(task.getRequestId());
            if (current != null) {
                submits.withdraw(task.getRequestId());
                state.fail(current, FailureReason.internal_error, "Reelay failed on this request ("
                        + e.getClass().getSimpleName() + "); " + (current.getUpstreamTaskId() == null
                                ? "it was not sent" : "upstream task " + current.getUpstreamTaskId()
                                        + " may still finish and be charged"), false, null, now);
            }
        }
    }

    /**
     * Before a submit's outcome is declared unknown, a check mark goes through video.tasks, keyed like
     * the answer would be: when this processor reads it back, every answer written before it has
     * been read too. A tracker that lags (after a restart, or while a dead producer's transaction
     * still holds the partition back) thus never mistakes a late-read answer for a missing one.
     */
    private void checkOutcome(TrackedTask task, long now) {
        if (!outcomeChecks.add(task.getRequestId())) {
            return; // a check is on its way
        }
        state.emit(VideoTaskEvent.newBuilder()
                .setRequestId(task.getRequestId())
                .setType(VideoTaskEventType.outcome_check)
                .setOccurredAt(Instant.ofEpochMilli(now))
                .setProvider(task.getProvider())
                .setModel(task.getModel())
                .setOperation(task.getOperation())
                .build(), task, now);
    }

    private void onOutcomeCheck(VideoTaskEvent check, long now) {
        if (!outcomeChecks.remove(check.getRequestId())) {
            return; // not ours: a new check will be written if still needed
        }
        TrackedTask task = inFlight.get(check.getRequestId());
        if (task != null && task.getPhase() == TrackedPhase.submitting && task.getSendingMarked()
                && task.getSubmitRetryAt() == null && !submits.notCalledYet(task.getRequestId())) {
            boolean resubmit = settings.resubmitUnknownOutcomes() && !task.getCancelRequested()
                    && task.getPendingRequest() != null && task.getSubmitAttempts() + 1 < settings.maxSubmitAttempts();
            if (resubmit) {
                LOG.warnf("Request %s: the outcome of its submit is unknown; submitting again as configured "
                        + "(reelay.submitter.unknown-outcome=resubmit): the upstream may charge twice", task.getRequestId());
                task.setSubmitAttempts(task.getSubmitAttempts() + 1);
                retrySubmit(task, now);
            } else {
                failOverdue(task, now);
            }
        }
    }

    private long maxWaitMs(TrackedTask task) {
        return task.getMaxWaitMs() != null ? task.getMaxWaitMs() : settings.maxWait().toMillis();
    }

    private void failOverdue(TrackedTask task, long now) {
        if (task.getPhase() == TrackedPhase.submitting) {
            state.fail(task, FailureReason.submission_outcome_unknown,
                    "The upstream's answer to the submit was never recorded (within "
                            + settings.submitOutcomeTimeout() + "). A task may exist upstream and be charged; "
                            + "Reelay does not resubmit blindly.",
                    false, null, now);
        } else {
            state.fail(task, FailureReason.timeout, "Upstream task " + task.getUpstreamTaskId() + " did not finish within "
                    + java.time.Duration.ofMillis(maxWaitMs(task)), true, null, now);
        }
    }

    void purgeFinished(long now) {
        long cutoff = now - settings.finishedRetention().toMillis();
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

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
