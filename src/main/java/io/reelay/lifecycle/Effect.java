package io.reelay.lifecycle;

import io.reelay.events.FailureReason;
import io.reelay.events.VideoTaskEventType;

/**
 * What the processor does for a {@link Transition}, in order. Values only: the processor performs them
 * (stores, video.tasks, the upstream), and metrics and tracing observe them.
 */
public sealed interface Effect {

    /** Store the request as its new state, filed in the schedule at {@link Lifecycle#wakeAt}. */
    record Save() implements Effect {
    }

    /** Write a new attempt's {@code submitting} intent to video.tasks; this process owns it. */
    record WriteIntent() implements Effect {
    }

    /** Wait for a submit permit and the provider's rate budget, from {@code notBefore} on (0: at once). */
    record Enqueue(long notBefore) implements Effect {
    }

    /** Write the {@code sending} mark to video.tasks; this process owns it. */
    record WriteMark() implements Effect {
    }

    /** Make the paid call. */
    record CallSubmit() implements Effect {
    }

    /** Forget this process's unsent steps for the request and give back a permit it holds. */
    record Withdraw() implements Effect {
    }

    /** Write an {@code outcome_check} mark to video.tasks; this process owns it. */
    record WriteOutcomeCheck() implements Effect {
    }

    /** Poll the upstream task. */
    record CallPoll() implements Effect {
    }

    /** Ask the upstream to cancel the task (where it supports it). */
    record CallCancel() implements Effect {
    }

    /** Write what the upstream reported to video.tasks ({@code status_changed} or {@code progress}). */
    record EmitObserved(VideoTaskEventType type) implements Effect {
    }

    /** Copy these files of the completed task into object storage (off the stream thread, one attempt each). */
    record CopyFiles(java.util.SortedSet<MirrorFile> files) implements Effect {
    }

    /**
     * End with video.completed: from the poll's answer, or from the completion kept while mirroring, with the copies
     * made and a failure for each file without one.
     *
     * @param unstored when not null, mirroring stopped short: every file still without a stored copy is failed for
     *        this reason, whatever its last attempt said
     */
    record Complete(Unstored unstored) implements Effect {

        public Complete() {
            this(null);
        }
    }

    /** Why the files of a completion that have no stored copy never will get one from this request. */
    record Unstored(String reason, String message) {
    }

    /** End with video.failed. */
    record Fail(FailureReason reason, String message, boolean retryable) implements Effect {
    }

    /** End with video.failed from the {@code submit_failed} record as read (no upstream task exists). */
    record FailAsRefused() implements Effect {
    }

    /** Send the record being read to the dead-letter topic: it is its one outcome. */
    record DeadLetter(Why code, String reason) implements Effect {

        /**
         * The dead letters the state machine itself decides; the shell writes each as the {@code DeadLetters.Code}
         * of the same name, so the core stays free of the Kafka package.
         */
        public enum Why {
            /** An intent to submit for a request this partition does not hold. */
            unknown_request,
            /** A cancel for a request that has already ended. */
            already_ended
        }
    }

    /** Log an error an operator must look at (a possible double charge). */
    record Alert(String message) implements Effect {
    }

    /**
     * Write this entry of the cost ledger (video.ledger) with the terminal event it follows, in the same transaction.
     * The reserve is written at admission; a request that ends writes exactly one of these (see {@link LedgerRules}).
     *
     * @param kind what the entry does to the tenant's balance
     * @param reason why, bounded (a failure reason or a short sentence)
     */
    record Ledger(LedgerKind kind, String reason) implements Effect {
    }

    /** How a request's reservation ends. */
    enum LedgerKind {
        /** A task was (or may have been) paid: settled at the upstream's charge where it reported one, else the estimate. */
        SETTLE,
        /** No paid task: the reservation is given back. */
        RELEASE,
        /** The submit's outcome is unknown: the reservation stays open, flagged. */
        FLAG_UNKNOWN
    }
}
