package io.reelay.lifecycle;

import java.util.ArrayList;
import java.util.List;

import io.reelay.events.FailureReason;
import io.reelay.lifecycle.Effect.Complete;
import io.reelay.lifecycle.Effect.Fail;
import io.reelay.lifecycle.Effect.FailAsRefused;
import io.reelay.lifecycle.Effect.Ledger;
import io.reelay.lifecycle.Effect.LedgerKind;
import io.reelay.lifecycle.LifecycleInput.SubmitFailed;

/**
 * Which ledger entry a request's end writes (docs/tenants.md, "Ledger"). Pure, like {@link Lifecycle}: the decision
 * is made from the state before the transition, the input and the terminal effect; the shell writes the entry with
 * the terminal event, in the same transaction.
 *
 * <pre>
 * end                                               entry
 * completed (mirrored or not, internal error while   settle (the charge reported, else the estimate)
 *   mirroring)
 * the upstream task exists and ended otherwise       settle (the charge reported, else the estimate): it was or
 *   (upstream_failed, cancelled after creation,        may have been paid
 *   timeout, task_not_found, internal_error)
 * submission_outcome_unknown, or an internal error   flag_unknown: stays reserved, flagged
 *   after the sending mark with no task known
 * refused by the upstream, cancelled or failed       release
 *   before the call (a mark its writer handed over
 *   uncalled included), internal error before the mark
 * a cancellation of a request never admitted         nothing (nothing was reserved)
 * </pre>
 */
public final class LedgerRules {

    private LedgerRules() {
    }

    /** The transition with the ledger entry its end writes appended, or as it is when it does not end a request. */
    static Transition withLedger(RequestState before, LifecycleInput input, Transition transition) {
        Ledger entry = entryFor(before, input, transition);
        if (entry == null) {
            return transition;
        }
        List<Effect> effects = new ArrayList<>(transition.effects());
        effects.add(entry);
        return new Transition(transition.state(), List.copyOf(effects));
    }

    /** The entry a request's end writes, or null when the transition ends nothing that was reserved. */
    static Ledger entryFor(RequestState before, LifecycleInput input, Transition transition) {
        if (before.stage() == RequestStage.ABSENT || before.stage() == RequestStage.ENDED) {
            return null; // never admitted here (nothing reserved), or its entry was written when it ended
        }
        for (Effect effect : transition.effects()) {
            if (effect instanceof Complete) {
                return new Ledger(LedgerKind.SETTLE, "completed");
            }
            if (effect instanceof FailAsRefused) {
                FailureReason reason = input instanceof SubmitFailed refused ? refused.reason() : null;
                if (reason == FailureReason.submission_outcome_unknown) {
                    return new Ledger(LedgerKind.FLAG_UNKNOWN, reason.name());
                }
                return new Ledger(LedgerKind.RELEASE, reason == null ? "refused before an upstream task" : reason.name());
            }
            if (effect instanceof Fail fail) {
                if (input instanceof LifecycleInput.MarkWithdrawn) {
                    return new Ledger(LedgerKind.RELEASE, fail.reason().name()); // its mark's writer never called
                }
                return failed(before, transition.state(), fail.reason());
            }
        }
        return null;
    }

    private static Ledger failed(RequestState before, RequestState after, FailureReason reason) {
        if (after.upstreamTaskId() != null || before.upstreamTaskId() != null) {
            return new Ledger(LedgerKind.SETTLE, reason.name()); // a task exists: paid, or may have been
        }
        boolean mayHaveLeft = before.marked() && (before.stage() == RequestStage.SENT
                || before.stage() == RequestStage.CANCEL_PENDING || before.stage() == RequestStage.OUTCOME_CHECK);
        // MARKED and HELD hold a mark but never made the call (it goes out only when the mark is read back).
        if (reason == FailureReason.submission_outcome_unknown || mayHaveLeft) {
            return new Ledger(LedgerKind.FLAG_UNKNOWN, reason.name()); // the call may have left: not known
        }
        return new Ledger(LedgerKind.RELEASE, reason.name());
    }
}
