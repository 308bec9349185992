package io.reelay.lifecycle;

import static io.reelay.lifecycle.RequestStage.CANCEL_PENDING;
import static io.reelay.lifecycle.RequestStage.IN_FLIGHT;
import static io.reelay.lifecycle.RequestStage.MARKED;
import static io.reelay.lifecycle.RequestStage.OUTCOME_CHECK;
import static io.reelay.lifecycle.RequestStage.POLLING;
import static io.reelay.lifecycle.RequestStage.QUEUED;
import static io.reelay.lifecycle.RequestStage.SENT;

import java.time.Duration;
import java.util.Objects;

import io.reelay.config.ReelayConfig;
import io.reelay.config.ReelayConfig.Submitter.UnknownOutcomePolicy;
import io.reelay.events.FailureReason;
import io.reelay.events.VideoTaskEventType;
import io.reelay.lifecycle.LifecycleInput.Cancel;
import io.reelay.lifecycle.LifecycleInput.CircuitHeld;
import io.reelay.lifecycle.LifecycleInput.Created;
import io.reelay.lifecycle.LifecycleInput.Due;
import io.reelay.lifecycle.LifecycleInput.Granted;
import io.reelay.lifecycle.LifecycleInput.IntentCommitted;
import io.reelay.lifecycle.LifecycleInput.InternalError;
import io.reelay.lifecycle.LifecycleInput.MarkCommitted;
import io.reelay.lifecycle.LifecycleInput.MirrorCopied;
import io.reelay.lifecycle.LifecycleInput.MirrorFailed;
import io.reelay.lifecycle.LifecycleInput.OutcomeCheckRead;
import io.reelay.lifecycle.LifecycleInput.PollAnswered;
import io.reelay.lifecycle.LifecycleInput.PollFailed;
import io.reelay.lifecycle.LifecycleInput.SubmitFailed;
import io.reelay.lifecycle.Effect.Alert;
import io.reelay.lifecycle.Effect.CallCancel;
import io.reelay.lifecycle.Effect.CallPoll;
import io.reelay.lifecycle.Effect.CallSubmit;
import io.reelay.lifecycle.Effect.Complete;
import io.reelay.lifecycle.Effect.DeadLetter;
import io.reelay.lifecycle.Effect.EmitObserved;
import io.reelay.lifecycle.Effect.Enqueue;
import io.reelay.lifecycle.Effect.Fail;
import io.reelay.lifecycle.Effect.FailAsRefused;
import io.reelay.lifecycle.Effect.Save;
import io.reelay.lifecycle.Effect.Withdraw;
import io.reelay.lifecycle.Effect.WriteIntent;
import io.reelay.lifecycle.Effect.WriteMark;
import io.reelay.lifecycle.Effect.WriteOutcomeCheck;

/**
 * The request lifecycle: what moves a request from one {@link RequestStage} to the next, and what is done on the
 * way. One pure function, {@link #next}: no Kafka, no clock, no randomness (the time and every random draw come
 * in as arguments), so each rule is tested alone ({@code LifecycleTest} runs every stage against every input).
 *
 * <pre>
 * stage           input                       next            effects
 * ADMITTED        intent committed (ours)     QUEUED          enqueue
 * RESERVING       reservation confirmed       ADMITTED        save, write intent (its tenant has a spending limit:
 *                                                             it waited, stored, for the ledger's answer)
 * RESERVING       reservation refused         ENDED           withdraw, fail budget_exceeded (nothing paid)
 * QUEUED          tenant's quota spent, fail  ENDED           withdraw, fail quota_exceeded (nothing paid)
 * QUEUED          circuit closed, permit and  MARKED          save, write mark (while the circuit is open it waits
 *                 budget granted                              here: nothing written, no permit, no budget)
 * MARKED          mark committed (ours)       SENT            call submit
 * SENT            circuit held the call       HELD            (it opened after the gate asked; the HTTP callback)
 * SENT            unsent (its mark, seen)     RETRY_WAIT      save (unmarked, due now: its writer handed it over
 *                                                             uncalled; resumed behind a new intent, no attempt spent)
 * CANCEL_PENDING  unsent (its mark, seen)     ENDED           withdraw, fail cancelled "before any upstream call"
 * HELD            circuit held (read)         QUEUED          save (mark withdrawn), enqueue after a wait
 * any submitting  created                     IN_FLIGHT       save [+ call cancel, fail cancelled if CANCEL_PENDING]
 * any submitting  submit failed, retryable    RETRY_WAIT      save (back-off; only a clear refusal, within attempts)
 * any submitting  submit failed, final        ENDED           fail with the refusal
 * RETRY_WAIT      due                         ADMITTED        save, write intent (a new attempt)
 * UNSENT          due                         ADMITTED        save, write intent (resumed: certainly never sent)
 * SENT            due past the outcome wait   OUTCOME_CHECK   write outcome check
 * CANCEL_PENDING  due past the outcome wait   OUTCOME_CHECK   write outcome check
 * OUTCOME_CHECK   check read back (ours)      ENDED           fail submission_outcome_unknown (or, if configured,
 *                                                             a new attempt)
 * before the call cancel                      ENDED           withdraw, fail cancelled "before any upstream call"
 * SENT            cancel                      CANCEL_PENDING  save (the answer decides what to cancel)
 * IN_FLIGHT       due past its next poll      POLLING         call poll
 * IN_FLIGHT       due, its class says later   IN_FLIGHT       save (the poll filed for then: pollNotBefore)
 * IN_FLIGHT       due past its deadline       ENDED           fail timeout
 * POLLING         poll answered, running      IN_FLIGHT       [emit status/progress], save
 * POLLING         poll answered, ended        ENDED           complete, or fail (mirroring off)
 * POLLING         poll answered, completed    COPYING         save (the completion kept), copy its files
 *                 (mirroring on)
 * MIRRORING       due past its retry time     COPYING         save (next round), copy the files left
 * COPYING         copied / failed, others     COPYING         save (the copy or the failure kept)
 *                 still under way
 * COPYING         copied / failed, last of    ENDED           complete, when no file is left to copy, or the next
 *                 its round                   or MIRRORING    round would come past the bound; else save (back-off)
 * MIRRORING /     due past the bound          ENDED           complete with the copies made (a failure for each
 * COPYING                                                     file without one)
 * MIRRORING /     cancel                      (stays)         dead letter already_ended: the task completed, paid,
 * COPYING                                                     and the request ends as completed
 * POLLING         poll failed                 IN_FLIGHT       save (back-off) ; task gone: fail task_not_found
 * IN_FLIGHT       cancel                      ENDED           call cancel, fail cancelled
 * ENDED           cancel                      ENDED           dead letter already_ended
 * ABSENT          cancel                      ENDED           fail cancelled (the request is refused when it comes)
 * MIRRORING /     internal error (a bug)      ENDED           complete (paid: never failed) with the copies made, every
 * COPYING                                                     file without one failed for internal_error
 * any other held  internal error (a bug)      ENDED           withdraw, fail internal_error
 * </pre>
 *
 * Every end also writes one ledger entry, settle, release or flag_unknown ({@link LedgerRules}).
 *
 * Every other pair is ignored: nothing is written and the stage stays. Marks read back that this process did
 * not write are ignored ({@link OwnMarks}): an old owner's mark never makes a call.
 */
public final class Lifecycle {

    /**
     * How an unknown outcome left by the outcome check begins: a mark stood with no answer read back (a crash or a lost
     * answer), as opposed to a call that left and got no usable answer. The fault run tells the two apart by it.
     */
    public static final String ANSWER_NEVER_RECORDED = "The upstream's answer to the submit was never recorded";

    private Lifecycle() {
    }

    /**
     * Moves {@code state} on by {@code input} at {@code now}. Total: every pair has an answer, most "ignore".
     * From {@code config} it reads {@code reelay.tracker.*} (outcome wait, poll back-off, deadlines) and
     * {@code reelay.submitter.*} (attempts, their back-off, the unknown-outcome policy).
     */
    public static Transition next(RequestState state, LifecycleInput input, long now, ReelayConfig config) {
        // Every end writes its ledger entry: decided here, in one place, from the end and what came before it.
        return LedgerRules.withLedger(state, input, move(state, input, now, config));
    }

    private static Transition move(RequestState state, LifecycleInput input, long now, ReelayConfig config) {
        if (input instanceof IntentCommitted in) {
            return intentCommitted(state, in);
        } else if (input instanceof Granted) {
            return state.stage() == QUEUED ? Transition.to(state.markedAt(now), new Save(), new WriteMark())
                    : Transition.to(state, new Withdraw()); // moved on meanwhile: the permit goes back
        } else if (input instanceof LifecycleInput.QuotaExceeded in) {
            // Only while it waits in the queue: nothing has been marked or paid.
            return state.stage() == QUEUED ? Transition.to(state.at(RequestStage.ENDED), new Withdraw(),
                    new Fail(FailureReason.quota_exceeded, in.message(), true)) : Transition.ignore(state);
        } else if (input instanceof LifecycleInput.ReservationConfirmed) {
            // Certainly unsent: submitted behind a new intent, as a resumed attempt is (whoever holds it now).
            return state.stage() == RequestStage.RESERVING
                    ? Transition.to(state.reservationPending(false).newAttempt(now), new Save(), new WriteIntent())
                    : Transition.ignore(state);
        } else if (input instanceof LifecycleInput.ReservationRefused in) {
            return state.stage() == RequestStage.RESERVING ? Transition.to(state.at(RequestStage.ENDED),
                    new Withdraw(), new Fail(FailureReason.budget_exceeded, in.message(), true))
                    : Transition.ignore(state);
        } else if (input instanceof MarkCommitted in) {
            return in.ours() && state.stage() == MARKED ? Transition.to(state.at(SENT), new CallSubmit())
                    : Transition.ignore(state);
        } else if (input instanceof CircuitHeld in) {
            return circuitHeld(state, in, now, config);
        } else if (input instanceof LifecycleInput.MarkWithdrawn in) {
            return markWithdrawn(state, in, now);
        } else if (input instanceof Created in) {
            return created(state, in, now);
        } else if (input instanceof SubmitFailed in) {
            return submitFailed(state, in, now, config);
        } else if (input instanceof PollAnswered in) {
            return pollAnswered(state, in, now, config);
        } else if (input instanceof PollFailed in) {
            return pollFailed(state, in, now, config);
        } else if (input instanceof Cancel in) {
            return cancel(state, in);
        } else if (input instanceof Due in) {
            return due(state, in, now, config);
        } else if (input instanceof OutcomeCheckRead in) {
            return outcomeCheckRead(state, in, now, config);
        } else if (input instanceof MirrorCopied in) {
            return MirrorRules.copyEnded(state, in.file(), true, in.jitter(), now, config);
        } else if (input instanceof MirrorFailed in) {
            return MirrorRules.copyEnded(state, in.file(), !in.retryable(), in.jitter(), now, config);
        } else if (input instanceof InternalError in) {
            return internalError(state, in);
        }
        throw new IllegalArgumentException("unknown input " + input);
    }

    /** When a stored request next needs attention: its retry, resume check or outcome check; its poll or deadline. */
    public static long wakeAt(RequestState state, ReelayConfig config) {
        if (state.mirroring() != null) {
            return Math.min(state.mirroring().retryAt(), state.mirroring().giveUpAt());
        }
        if (state.stage().submitting()) {
            if (state.retryAt() != null) {
                return state.retryAt();
            }
            // Sent ones at the outcome timeout. Unsent ones too: the process holding one has it in memory and needs no
            // wake (a look every few seconds would rewrite every waiting submit's state); one whose writer is gone is
            // found when its new owner starts (TrackerState#fileAll brings it forward) and resumed then.
            return state.intentAt() + config.tracker().submitOutcomeTimeout().toMillis();
        }
        return Math.min(state.nextPollAt(), state.submittedAt() + Deadline.ms(state.maxWaitMs(), config.tracker()));
    }

    private static Transition intentCommitted(RequestState state, IntentCommitted in) {
        if (in.ours() && state.stage() == RequestStage.ADMITTED) {
            return Transition.to(state.at(QUEUED), new Enqueue(0)); // committed: it may go out once a permit allows
        }
        if (!in.ours() && state.stage() == RequestStage.ABSENT) {
            // Never adopted: paying on an intent for a request this partition does not hold could pay twice.
            return Transition.to(state, new DeadLetter(DeadLetter.Why.unknown_request, "an intent to submit request "
                    + state.requestId() + ", which this partition does not hold: never submitted on"));
        }
        // Another instance's, or this one's before a restart: the stored stage decides at the next tick.
        return Transition.ignore(state);
    }

    /**
     * The breaker held the call back, so it certainly did not leave: its mark is withdrawn in the store (after a
     * crash the attempt is resumed, never declared unknown, so a kill leaves unknown only the calls really under
     * way) and it goes back to the queue: at once after its first hold, then after the submit back-off, doubled
     * for each further hold, so an open circuit does not turn every round into new marks.
     */
    private static Transition circuitHeld(RequestState state, CircuitHeld in, long now, ReelayConfig config) {
        if (state.stage() != RequestStage.HELD) {
            return Transition.ignore(state);
        }
        if (state.cancelRequested()) {
            return Transition.to(state.at(RequestStage.ENDED), new Withdraw(), new Fail(FailureReason.cancelled,
                    "Cancelled by request (before any upstream call)", false));
        }
        if (in.holds() <= 1) {
            return Transition.to(state.unmarked(), new Save(), new Enqueue(0)); // the circuit may close any moment
        }
        ReelayConfig.Submitter submitter = config.submitter();
        long wait = Backoff.delay(submitter.retryBackoff(), submitter.maxRetryBackoff(), in.holds() - 1,
                Backoff.SUBMIT_SPREAD, in.jitter(), null);
        return Transition.to(state.unmarked(), new Save(), new Enqueue(now + wait));
    }

    /**
     * The process that wrote the request's sending mark gave its partition up without making the call: a graceful
     * move (a rebalance, a shutdown) between the mark's commit and its read-back. Only that process could have made
     * the call ({@link OwnMarks}), so the attempt certainly never left, and it is resumed at once, as an attempt a
     * crash left unmarked is, instead of waiting for an answer that cannot come and ending unknown. Only for the mark
     * the store holds and this process read: an older mark's record (the request resumed since, perhaps sent) never
     * matches, and nothing else moves on it.
     */
    private static Transition markWithdrawn(RequestState state, LifecycleInput.MarkWithdrawn in, long now) {
        RequestStage stage = state.stage();
        if (!in.markSeen() || !state.marked() || state.intentAt() != in.markAt() || !state.keepsRequest()
                || stage != SENT && stage != CANCEL_PENDING) {
            return Transition.ignore(state);
        }
        if (stage == CANCEL_PENDING) {
            return Transition.to(state.at(RequestStage.ENDED), new Withdraw(), new Fail(FailureReason.cancelled,
                    "Cancelled by request (before any upstream call)", false));
        }
        return Transition.to(state.handedBack(now), new Save());
    }

    private static Transition created(RequestState state, Created in, long now) {
        RequestStage stage = state.stage();
        if (stage == RequestStage.ENDED) {
            return Objects.equals(state.upstreamTaskId(), in.upstreamTaskId()) ? Transition.ignore(state)
                    : Transition.to(state, new Alert("Request " + state.requestId() + " already finished, yet upstream"
                            + " task " + in.upstreamTaskId() + " was created for it: check for a double charge"));
        }
        if (stage.tracked() || stage.mirroring()) {
            return Objects.equals(state.upstreamTaskId(), in.upstreamTaskId()) ? Transition.ignore(state)
                    : Transition.to(state, new Alert("Request " + state.requestId() + " has a second upstream task "
                            + in.upstreamTaskId() + " besides " + state.upstreamTaskId()
                            + ": check for a double charge; tracking the first"));
        }
        RequestState tracked = state.at(IN_FLIGHT).upstream(in.upstreamTaskId(), in.rawStatus(),
                acceptedAt(in.acceptedAt(), now), in.firstPollAt());
        if (state.cancelRequested()) {
            return Transition.to(tracked.at(RequestStage.ENDED), new Save(), new CallCancel(), new Fail(FailureReason.cancelled,
                    "Cancelled by request while the submit was under way; the upstream was asked to cancel task "
                            + in.upstreamTaskId() + " (honoured only where it supports it: the task may still "
                            + "finish and be charged)", false));
        }
        return Transition.to(tracked, new Save());
    }

    private static Transition submitFailed(RequestState state, SubmitFailed in, long now, ReelayConfig config) {
        RequestStage stage = state.stage();
        if (stage == RequestStage.ENDED) {
            return Transition.ignore(state);
        }
        if (stage.tracked() || stage.mirroring()) {
            return Transition.to(state, new Alert("Request " + state.requestId() + ": a submit failure arrived after "
                    + "upstream task " + state.upstreamTaskId() + " was created; the task is kept"));
        }
        if (stage.submitting() && mayRetry(state, in, config)) {
            long delay = Backoff.delay(config.submitter().retryBackoff(), config.submitter().maxRetryBackoff(),
                    state.attempts() + 1, Backoff.SUBMIT_SPREAD, in.jitter(), in.retryAfterMs());
            return Transition.to(state.retryAt(now + delay), new Save());
        }
        return Transition.to(state.at(RequestStage.ENDED), new FailAsRefused());
    }

    /** Only a clear refusal (no task was created) may be retried; an unknown outcome never is. */
    private static boolean mayRetry(RequestState state, SubmitFailed refusal, ReelayConfig config) {
        return !state.cancelRequested()
                && refusal.reason() == FailureReason.upstream_unavailable
                && refusal.retryable()
                && state.keepsRequest()
                && state.attempts() + 1 < config.submitter().maxAttempts();
    }

    private static Transition pollAnswered(RequestState state, PollAnswered in, long now, ReelayConfig config) {
        if (!state.stage().tracked()) {
            return Transition.ignore(state); // ended or replaced meanwhile
        }
        RequestState ended = state.at(RequestStage.ENDED);
        switch (in.status()) {
            case COMPLETED:
                if (in.hasVideos() && !in.toMirror().isEmpty()) {
                    return MirrorRules.begin(state, in.toMirror(), now, config);
                }
                return in.hasVideos() ? Transition.to(ended, new Complete())
                        : Transition.to(ended, new Fail(FailureReason.upstream_failed,
                                "The upstream reported the task completed but gave no video URL", true));
            case FAILED:
                return Transition.to(ended, new Fail(in.upstreamCancelled() ? FailureReason.cancelled
                        : FailureReason.upstream_failed, in.message() != null ? in.message()
                        : "The upstream task failed", in.retryable()));
            default:
                RequestState running = state.observed(in.rawStatus(), in.progress(), Math.max(now, in.nextPollAt()));
                if (!Objects.equals(state.rawStatus(), in.rawStatus())) {
                    return Transition.to(running, new EmitObserved(VideoTaskEventType.status_changed), new Save());
                }
                if (in.progress() != null && !Objects.equals(state.progress(), in.progress())) {
                    return Transition.to(running, new EmitObserved(VideoTaskEventType.progress), new Save());
                }
                return Transition.to(running, new Save());
        }
    }

    private static Transition pollFailed(RequestState state, PollFailed in, long now, ReelayConfig config) {
        if (!state.stage().tracked()) {
            return Transition.ignore(state);
        }
        if (in.taskGone()) {
            return Transition.to(state.at(RequestStage.ENDED), new Fail(FailureReason.task_not_found,
                    "The upstream no longer knows task " + state.upstreamTaskId()
                            + (in.message() == null ? "" : ": " + in.message()), true));
        }
        ReelayConfig.Tracker tracker = config.tracker();
        long backoff = Backoff.delay(tracker.pollInterval(), tracker.maxPollBackoff(), state.pollErrors() + 1,
                Backoff.POLL_SPREAD, in.jitter(), in.retryAfterMs());
        return Transition.to(state.pollFailed(now + backoff), new Save());
    }

    private static Transition cancel(RequestState state, Cancel in) {
        String why = in.reason() == null ? "Cancelled by request" : "Cancelled by request: " + in.reason();
        RequestState ended = state.at(RequestStage.ENDED);
        switch (state.stage()) {
            case ABSENT:
                // Cancelled before the request arrived: it ends now, and the request is refused as a repeat.
                return Transition.to(ended, new Fail(FailureReason.cancelled, why, false));
            case ENDED:
                return Transition.to(state, new DeadLetter(DeadLetter.Why.already_ended,
                        "request " + state.requestId() + " has already ended"));
            case MIRRORING:
            case COPYING:
                // Paid for and done upstream: the videos are kept, and the request ends as completed.
                return Transition.to(state, new DeadLetter(DeadLetter.Why.already_ended, "request "
                        + state.requestId() + " has completed upstream (paid); its videos are being stored and it "
                        + "ends as completed"));
            case IN_FLIGHT:
            case POLLING:
                return Transition.to(ended, new CallCancel(), new Fail(FailureReason.cancelled, why
                        + "; the upstream was asked to cancel task " + state.upstreamTaskId()
                        + " (honoured only where it supports it: the task may still finish and be charged)", false));
            case SENT:
            case CANCEL_PENDING:
            case OUTCOME_CHECK:
                if (!state.marked()) {
                    break; // never sent
                }
                if (state.cancelRequested()) {
                    return Transition.to(state, new DeadLetter(DeadLetter.Why.already_ended,
                            "request " + state.requestId() + " is already being cancelled"));
                }
                // The paid call is under way: the task is cancelled as soon as its id is known.
                return Transition.to(state.cancelNoted(), new Save());
            default:
                break;
        }
        return Transition.to(ended, new Withdraw(), new Fail(FailureReason.cancelled,
                why + " (before any upstream call)", false));
    }

    /**
     * The tracker failed on the request (a bug): it ends now rather than fail again at every tick. A task that
     * completed upstream (paid) still ends completed; anything else fails with internal_error, saying whether a
     * paid call may have left.
     */
    private static Transition internalError(RequestState state, InternalError in) {
        RequestStage stage = state.stage();
        if (stage.mirroring()) {
            return MirrorRules.internalError(state, in.cause());
        }
        if (stage == RequestStage.ENDED || stage == RequestStage.ABSENT) {
            return Transition.ignore(state);
        }
        String upstream = state.upstreamTaskId() != null ? "upstream task " + state.upstreamTaskId()
                + " may still finish and be charged"
                : state.marked() ? "its submit may have reached the upstream, which may charge for it"
                        : "it was not sent";
        return Transition.to(state.at(RequestStage.ENDED), new Withdraw(), new Fail(FailureReason.internal_error,
                "Reelay failed on this request (" + in.cause() + "); " + upstream, false));
    }

    /** Another process's clock is trusted this far back: beyond it, the answer was read long after (a restore). */
    static final long ACCEPTED_AT_WINDOW_MS = 60_000;

    /**
     * When the task started upstream: the submit's own record of its call, where it is at most a minute old by the
     * tracker's clock, else the time the answer is read back. Polls read progress against this time, and an answer
     * read back after a commit (seconds, under load) made every task look younger than it is, so each poll planned
     * from its progress came early. Beyond the window (or ahead of this clock) the tracker's own clock: deadlines
     * never depend on another clock by more than that.
     */
    public static long acceptedAt(long told, long now) {
        return told > 0 && told <= now && now - told <= ACCEPTED_AT_WINDOW_MS ? told : now;
    }

    private static Transition due(RequestState state, Due in, long now, ReelayConfig config) {
        long outcomeTimeout = config.tracker().submitOutcomeTimeout().toMillis();
        switch (state.stage()) {
            case RETRY_WAIT:
                return state.retryAt() <= now ? Transition.to(state.newAttempt(now), new Save(), new WriteIntent())
                        : Transition.ignore(state);
            case ADMITTED:
            case RESERVING:
            case QUEUED:
            case MARKED:
            case HELD:
                // This process holds it before its call: still waiting here, so look again later, not every tick.
                return state.marked() ? Transition.ignore(state) : Transition.to(state.lookedAt(now), new Save());
            case UNSENT:
                if (state.keepsRequest()) {
                    // Provably never sent (a restart or a rebalance came between): resumed, behind a new intent.
                    return Transition.to(state.newAttempt(now), new Save(), new WriteIntent());
                }
                return now - state.intentAt() >= outcomeTimeout
                        ? Transition.to(state.at(OUTCOME_CHECK), new WriteOutcomeCheck()) : Transition.ignore(state);
            case SENT:
            case CANCEL_PENDING:
                return now - state.intentAt() >= outcomeTimeout
                        ? Transition.to(state.at(OUTCOME_CHECK), new WriteOutcomeCheck()) : Transition.ignore(state);
            case IN_FLIGHT:
            case POLLING:
                long deadline = Deadline.ms(state.maxWaitMs(), config.tracker());
                if (now - state.submittedAt() >= deadline) {
                    return Transition.to(state.at(RequestStage.ENDED), new Fail(FailureReason.timeout, "Upstream task "
                            + state.upstreamTaskId() + " did not finish within " + Duration.ofMillis(deadline), true));
                }
                if (state.stage() != IN_FLIGHT || state.nextPollAt() > now) {
                    return Transition.ignore(state);
                }
                // Planned before what its class has shown since: a poll that could only find it still running waits.
                return in.pollNotBefore() != null && in.pollNotBefore() > now
                        ? Transition.to(state.pollAt(in.pollNotBefore()), new Save())
                        : Transition.to(state.at(POLLING), new CallPoll());
            case MIRRORING:
            case COPYING:
                return MirrorRules.due(state, now, config);
            default:
                return Transition.ignore(state); // OUTCOME_CHECK: a check is on its way; ENDED, ABSENT: nothing
        }
    }

    /**
     * Before a submit's outcome is declared unknown, a check mark goes through video.tasks, keyed like the answer
     * would be: when this process reads it back, every answer written before it has been read too. A tracker that
     * lags thus never mistakes a late-read answer for a missing one.
     */
    private static Transition outcomeCheckRead(RequestState state, OutcomeCheckRead in, long now,
            ReelayConfig config) {
        if (!in.ours() || state.stage() != OUTCOME_CHECK || !state.marked() || state.retryAt() != null) {
            return Transition.ignore(state); // not ours: a new check is written if still needed
        }
        boolean resubmit = config.submitter().unknownOutcome() == UnknownOutcomePolicy.RESUBMIT
                && !state.cancelRequested() && state.keepsRequest()
                && state.attempts() + 1 < config.submitter().maxAttempts();
        if (resubmit) {
            return Transition.to(state.oneMoreAttempt().newAttempt(now), new Save(), new WriteIntent());
        }
        return Transition.to(state.at(RequestStage.ENDED), new Fail(FailureReason.submission_outcome_unknown,
                ANSWER_NEVER_RECORDED + " (within "
                        + config.tracker().submitOutcomeTimeout()
                        + "). A task may exist upstream and be charged; Reelay does not resubmit blindly.", false));
    }

}
