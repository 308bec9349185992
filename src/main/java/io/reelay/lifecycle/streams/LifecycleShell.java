package io.reelay.lifecycle.streams;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.reelay.config.ReelayConfig;
import io.reelay.events.MirrorStatus;
import io.reelay.events.UpstreamErrorDetail;
import io.reelay.events.LedgerEntryKind;
import io.reelay.events.VideoCompleted;
import io.reelay.ledger.LedgerEntries;
import io.reelay.events.VideoTaskEvent;
import io.reelay.events.VideoTaskEventType;
import io.reelay.kafka.DeadLetters;
import io.reelay.lifecycle.Effect;
import io.reelay.lifecycle.Lifecycle;
import io.reelay.lifecycle.LifecycleInput;
import io.reelay.lifecycle.OwnMarks;
import io.reelay.lifecycle.RequestStage;
import io.reelay.lifecycle.RequestState;
import io.reelay.lifecycle.StoredStage;
import io.reelay.lifecycle.Transition;
import io.reelay.kafka.TraceHeaders;
import io.reelay.intake.mapping.RequestMapper;
import io.reelay.state.FinishedRequest;
import io.reelay.state.TrackedTask;
import io.reelay.lifecycle.submit.mapping.TaskEventFactory;
import io.reelay.lifecycle.mapping.MirrorEvents;
import io.reelay.lifecycle.mapping.TrackerEvents;
import io.reelay.lifecycle.mirror.MirrorMetrics;
import io.reelay.upstream.TaskHandle;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.VideoProvider;

/**
 * Runs the {@link Lifecycle} for one stream task: reads a request's state (stored, and the steps this process
 * holds), asks the lifecycle what the input means, and performs its effects, in order. It decides nothing itself.
 */
final class LifecycleShell {

    private static final Logger LOG = Logger.getLogger(LifecycleShell.class);

    /**
     * What came with an input, for the effects that need it; every part may be null.
     *
     * @param record the record being read, for a dead letter
     * @param event the video.tasks record being read (an intent, an answer)
     * @param trace the request's trace as the record carried it, for the call
     * @param report a poll's answer
     * @param detail the upstream's error, for a failure event
     * @param adopted a request this partition did not hold, as its answer describes it
     * @param polls where the polls the tick starts are collected
     */
    record Reading(Record<String, byte[]> record, VideoTaskEvent event, Context trace, TaskReport report,
            UpstreamErrorDetail detail, TrackedTask adopted, List<TrackedTask> polls) {

        static Reading of(Record<String, byte[]> record) {
            return new Reading(record, null, null, null, null, null, null);
        }

        static Reading of(Record<String, byte[]> record, VideoTaskEvent event, Context trace) {
            return new Reading(record, event, trace, null, null, null, null);
        }

        static final Reading NONE = new Reading(null, null, null, null, null, null, null);
    }

    private final ReelayConfig config;
    private final TrackerState store;
    private final TrackerOutputs outputs;
    private final Endings endings;
    private final SubmitGate submits;
    private final Polls polls;
    private final Copies copies;
    private final MirrorMetrics mirrorMetrics;
    private final TrackerObserver observer;
    private final Function<String, VideoProvider> providers;

    LifecycleShell(ReelayConfig config, TrackerState store, TrackerOutputs outputs, Endings endings,
            SubmitGate submits, Polls polls, Copies copies, MirrorMetrics mirrorMetrics, TrackerObserver observer,
            Function<String, VideoProvider> providers) {
        this.config = config;
        this.store = store;
        this.outputs = outputs;
        this.endings = endings;
        this.submits = submits;
        this.polls = polls;
        this.copies = copies;
        this.mirrorMetrics = mirrorMetrics;
        this.observer = observer;
        this.providers = providers;
    }

    /** A request's state: what is stored of it, refined by the step this process holds it at. */
    RequestState stateOf(String requestId, TrackedTask task) {
        if (task != null) {
            return StoredStage.of(task, submits.marks().step(requestId), polls.underWay(requestId),
                    copies.underWay(requestId));
        }
        FinishedRequest done = store.finished(requestId);
        return done != null ? RequestState.ended(requestId, done.getUpstreamTaskId()) : RequestState.absent(requestId);
    }

    /** Reads the request's state, moves it on by {@code input}, and performs the effects. */
    Transition apply(String requestId, LifecycleInput input, Reading reading, long now) {
        return apply(requestId, store.inFlight(requestId), input, reading, now);
    }

    /** As {@link #apply(String, LifecycleInput, Reading, long)}, for a stored request already read. */
    Transition apply(String requestId, TrackedTask task, LifecycleInput input, Reading reading, long now) {
        return apply(requestId, task, marks -> input, reading, now);
    }

    /**
     * For a mark read back: the request's state is read first, then the mark is claimed ({@link OwnMarks}), so
     * the lifecycle sees the step the mark was written at and whether it was this process's.
     */
    Transition apply(String requestId, Function<OwnMarks, LifecycleInput> claim, Reading reading, long now) {
        return apply(requestId, store.inFlight(requestId), claim, reading, now);
    }

    private Transition apply(String requestId, TrackedTask task, Function<OwnMarks, LifecycleInput> claim,
            Reading reading, long now) {
        RequestState before = stateOf(requestId, task);
        Transition transition = Lifecycle.next(before, claim.apply(submits.marks()), now, config);
        perform(before, transition, task, reading, now);
        return transition;
    }

    /** Performs a transition's effects, in order. */
    void perform(RequestState before, Transition transition, TrackedTask stored, Reading reading, long now) {
        String id = before.requestId();
        TrackedTask task = stored;
        Instant at = Instant.ofEpochMilli(now);
        for (Effect effect : transition.effects()) {
            if (effect instanceof Effect.Save) {
                task = save(transition.state(), task, reading);
            } else if (effect instanceof Effect.WriteIntent) {
                writeIntent(task, now);
            } else if (effect instanceof Effect.Enqueue enqueue) {
                submits.enqueue(id, reading.event(), enqueue.notBefore());
            } else if (effect instanceof Effect.WriteMark) {
                submits.marks().markWritten(id);
                outputs.task(TaskEventFactory.sending(submits.intent(id), at), task.getTraceParent(), now);
            } else if (effect instanceof Effect.CallSubmit) {
                submits.send(id, reading.trace() == null ? Context.root() : reading.trace(), now);
            } else if (effect instanceof Effect.Withdraw) {
                submits.withdraw(id);
            } else if (effect instanceof Effect.WriteOutcomeCheck) {
                if (submits.marks().checkWritten(id)) {
                    outputs.task(outcomeCheck(task, at), task.getTraceParent(), now);
                }
            } else if (effect instanceof Effect.CallPoll) {
                reading.polls().add(task);
            } else if (effect instanceof Effect.CallCancel) {
                cancelUpstream(task);
            } else if (effect instanceof Effect.EmitObserved observed) {
                outputs.task(TrackerEvents.observed(task, observed.type(), reading.report(), at), task.getTraceParent(),
                        now);
            } else if (effect instanceof Effect.CopyFiles copy) {
                copies.start(task, copy.files());
            } else if (effect instanceof Effect.Complete complete) {
                complete(task, complete.unstored(), reading, at, now);
            } else if (effect instanceof Effect.Fail fail) {
                if (task == null) {
                    endings.endBeforeSubmit(TaskEventFactory.cancelled(id, fail.message(), at), null, now);
                } else {
                    endings.fail(task, fail.reason(), fail.message(), fail.retryable(), reading.detail(),
                            reading.report() == null ? null : reading.report().chargedUsd(),
                            reading.report() == null ? null : reading.report().upstreamAnswer(), now);
                }
            } else if (effect instanceof Effect.FailAsRefused) {
                endings.endBeforeSubmit(reading.event(), task, now);
                LOG.infof("Request %s failed before an upstream task existed: %s", id,
                        reading.event().getFailureReason());
            } else if (effect instanceof Effect.DeadLetter letter) {
                outputs.deadLetter(reading.record(), codeOf(letter.code()), letter.reason(), null, now);
            } else if (effect instanceof Effect.Ledger entry) {
                if (task != null) { // a request this partition never held was never reserved here
                    outputs.ledger(LedgerEntries.end(task, kindOf(entry.kind()), charged(task, reading), entry.reason(),
                            now), now);
                }
            } else if (effect instanceof Effect.Alert alert) {
                LOG.error(alert.message());
            }
        }
        if (transition.ends()) {
            submits.ended(id);
        }
        if (transition.ends() || before.stage().submitting() && !transition.state().stage().submitting()
                || transition.state().stage() == RequestStage.RETRY_WAIT) {
            submits.withdraw(id); // whatever this process still held for it is moot
        }
        observer.moved(before, transition, task);
        log(before, transition, task);
    }

    /**
     * The tracker failed on a request it holds (a bug nothing else caught): the request ends as the lifecycle says
     * for an internal error, so it cannot fail again at every tick. A task that completed upstream ends completed.
     * If ending it fails too, that is logged and the request stays as it was.
     */
    void internalError(String requestId, Throwable cause, long now) {
        try {
            TrackedTask task = store.inFlight(requestId);
            if (task == null) {
                return; // ended (or never held): nothing left to end
            }
            RequestState before = stateOf(requestId, task);
            String what = io.reelay.kafka.RecordLimits.cut(cause.getClass().getSimpleName(), 100);
            perform(before, Lifecycle.next(before, new LifecycleInput.InternalError(what), now, config), task,
                    Reading.NONE, now);
        } catch (Throwable again) { // NOPMD: the caller's guard must not throw in turn
            LOG.errorf(again, "Request %s could not be ended after an internal error either", requestId);
        }
    }

    /** Out with the completion: kept while its files were copied, or (mirroring off) straight from the answer. */
    private void complete(TrackedTask task, Effect.Unstored unstored, Reading reading, Instant at, long now) {
        VideoCompleted completion = task.getCompletion();
        if (completion == null) {
            completion = TrackerEvents.completed(task, reading.report(), at, config.tracker().urlLifetime());
            completion.setMirrorStatus(MirrorStatus.off);
        } else {
            if (unstored != null) {
                MirrorEvents.stopped(completion, StoredStage.files(completion), unstored.reason(), unstored.message());
            }
            MirrorEvents.finish(completion, StoredStage.files(completion));
            String status = completion.getMirrorStatus().name();
            try {
                mirrorMetrics.completed(task.getProvider(), status);
            } catch (RuntimeException e) { // a meter must never hold back a paid completion
                LOG.errorf(e, "Request %s: its mirror outcome could not be counted", task.getRequestId());
            }
        }
        endings.complete(task, completion, now);
        LOG.infof("Request %s completed: %d video(s) after %d poll(s), mirror %s", task.getRequestId(),
                completion.getVideos().size(), task.getPollCount(), completion.getMirrorStatus());
    }

    private TrackedTask save(RequestState state, TrackedTask stored, Reading reading) {
        TrackedTask task = stored != null ? stored : reading.adopted();
        if (state.mirroring() != null && task.getCompletion() == null) {
            // The paid result is kept before anything else happens to it: a crash from here on loses no video.
            task.setCompletion(TrackerEvents.completed(task, reading.report(),
                    Instant.ofEpochMilli(state.mirroring().since()), config.tracker().urlLifetime()));
        }
        boolean accepted = task.getUpstreamTaskId() == null && state.upstreamTaskId() != null;
        StoredStage.apply(state, task);
        if (accepted && reading.event() != null) {
            task.setPollUrl(reading.event().getPollUrl());
        }
        store.save(task);
        return task;
    }

    /** A new attempt, behind a new committed intent like the first. */
    private void writeIntent(TrackedTask task, long now) {
        VideoTaskEvent intent = TaskEventFactory.submitting(RequestMapper.toDomain(task.getPendingRequest()),
                task.getProvider(), task.getEstimatedCostUsd(), Instant.ofEpochMilli(now));
        submits.marks().intentWritten(task.getRequestId());
        outputs.task(intent, task.getTraceParent(), now);
        LOG.infof("Request %s: submit attempt %d to %s", task.getRequestId(), task.getSubmitAttempts() + 1,
                task.getProvider());
    }

    /**
     * Keyed like the answer would be: when this process reads it back, every answer written before it has been
     * read too.
     */
    private static VideoTaskEvent outcomeCheck(TrackedTask task, Instant at) {
        return VideoTaskEvent.newBuilder()
                .setRequestId(task.getRequestId())
                .setType(VideoTaskEventType.outcome_check)
                .setOccurredAt(at)
                .setProvider(task.getProvider())
                .setModel(task.getModel())
                .setOperation(task.getOperation())
                .setTenant(task.getTenant())
                .setPriority(task.getPriority())
                .build();
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

    private static void log(RequestState before, Transition transition, TrackedTask task) {
        RequestState after = transition.state();
        if (transition.ends() || transition.ignored()) {
            return;
        }
        if (before.upstreamTaskId() == null && after.upstreamTaskId() != null && task != null) {
            LOG.infof("Request %s: upstream task %s created (%s, %s)", after.requestId(), after.upstreamTaskId(),
                    task.getProvider(), task.getModel());
        } else if (before.marked() && !after.marked() && after.stage() == RequestStage.RETRY_WAIT) {
            LOG.infof("Request %s: its sending mark was handed over uncalled; submitted from here", after.requestId());
        } else if (after.stage() == RequestStage.RETRY_WAIT && before.stage() != RequestStage.RETRY_WAIT
                || after.retryAt() != null && !after.retryAt().equals(before.retryAt())) {
            LOG.infof("Request %s: the upstream refused the submit for now; attempt %d at %s", after.requestId(),
                    after.attempts() + 1, Instant.ofEpochMilli(after.retryAt()));
        } else if (after.stage() == RequestStage.CANCEL_PENDING && before.stage() != RequestStage.CANCEL_PENDING) {
            LOG.infof("Request %s: cancellation noted; the submit under way decides what to cancel",
                    after.requestId());
        } else if (before.stage() == RequestStage.OUTCOME_CHECK && transition.has(Effect.WriteIntent.class)) {
            LOG.warnf("Request %s: the outcome of its submit is unknown; submitting again as configured "
                    + "(reelay.submitter.unknown-outcome=resubmit): the upstream may charge twice", after.requestId());
        }
    }

    /** The core's dead-letter reasons are a subset of the wire's codes, by the same names. */
    /** What the upstream says it charged: on the answer just read, else on the completion kept while mirroring. */
    private static java.math.BigDecimal charged(TrackedTask task, Reading reading) {
        if (reading.report() != null && reading.report().chargedUsd() != null) {
            return reading.report().chargedUsd();
        }
        return task.getCompletion() == null ? null : task.getCompletion().getActualCostUsd();
    }

    private static LedgerEntryKind kindOf(Effect.LedgerKind kind) {
        return switch (kind) {
            case SETTLE -> LedgerEntryKind.settle;
            case RELEASE -> LedgerEntryKind.release;
            case FLAG_UNKNOWN -> LedgerEntryKind.flag_unknown;
        };
    }

    private static DeadLetters.Code codeOf(Effect.DeadLetter.Why why) {
        return switch (why) {
            case unknown_request -> DeadLetters.Code.unknown_request;
            case already_ended -> DeadLetters.Code.already_ended;
        };
    }
}
