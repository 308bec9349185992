package io.reelay.lifecycle;

import java.util.Set;

import io.reelay.events.FailureReason;

/** What can happen to a request: each is read by the processor and handed to {@link Lifecycle}. */
public sealed interface LifecycleInput {

    /**
     * Its {@code submitting} intent was read back from video.tasks (so it is committed).
     *
     * @param ours this process wrote it ({@link OwnMarks#intentCommitted})
     */
    record IntentCommitted(boolean ours) implements LifecycleInput {
    }

    /** A submit permit and its provider's rate budget were taken for it. */
    record Granted() implements LifecycleInput {
    }

    /**
     * Its tenant's quota is spent and the tenant is configured to fail rather than wait ({@code on-limit=fail}).
     *
     * @param message which limit, already bounded
     */
    record QuotaExceeded(String message) implements LifecycleInput {
    }

    /**
     * The ledger applied its reservation within its tenant's spending limits ({@code reservation_confirmed} read
     * back): it may be submitted.
     */
    record ReservationConfirmed() implements LifecycleInput {
    }

    /**
     * The ledger refused its reservation: its estimate would take its tenant over a spending limit
     * ({@code reservation_refused} read back). Nothing was counted, nothing paid.
     *
     * @param message the limit, what is spent and the estimate, already bounded
     */
    record ReservationRefused(String message) implements LifecycleInput {
    }

    /**
     * Its {@code sending} mark was read back.
     *
     * @param ours this process wrote it ({@link OwnMarks#markCommitted})
     */
    record MarkCommitted(boolean ours) implements LifecycleInput {
    }

    /**
     * An {@code unsent} record was read: the process that wrote the sending mark of {@code markAt} gave the request's
     * partition up without making that call.
     *
     * @param markAt the withdrawn mark's time, which is the request's stored {@code intent_at} while that mark stands
     * @param markSeen this process read that very mark (another process's, committed) and has written nothing for the
     *        request since: the record is about the mark the store holds, not an older one
     */
    record MarkWithdrawn(long markAt, boolean markSeen) implements LifecycleInput {
    }

    /**
     * The circuit breaker held its call back: it did not leave this process.
     *
     * @param holds how many times in a row its calls were held back, this one included
     * @param jitter a uniform draw in [0, 1) for the wait
     */
    record CircuitHeld(int holds, double jitter) implements LifecycleInput {
    }

    /**
     * The upstream accepted the submit ({@code created} read back).
     *
     * @param upstreamTaskId the upstream task
     * @param rawStatus its first status
     * @param firstPollAt when to poll it first (planned by the caller: it depends on the learned durations)
     * @param acceptedAt when the upstream accepted it as the submitting process saw it (its answer came), or 0
     */
    record Created(String upstreamTaskId, String rawStatus, long firstPollAt, long acceptedAt)
            implements LifecycleInput {

        public Created(String upstreamTaskId, String rawStatus, long firstPollAt) {
            this(upstreamTaskId, rawStatus, firstPollAt, 0);
        }
    }

    /**
     * The submit failed ({@code submit_failed} read back).
     *
     * @param reason why
     * @param retryable the upstream refused it for now and no task was created
     * @param retryAfterMs the upstream's Retry-After, or null
     * @param jitter a uniform draw in [0, 1) for the back-off
     */
    record SubmitFailed(FailureReason reason, boolean retryable, Long retryAfterMs, double jitter)
            implements LifecycleInput {
    }

    /**
     * A poll answered.
     *
     * @param status what the upstream said, in three words
     * @param rawStatus its status as written
     * @param progress its progress, if reported
     * @param hasVideos a completed task gave at least one video
     * @param upstreamCancelled a failed task was cancelled upstream
     * @param message the upstream's message for a failure, or null
     * @param retryable the upstream calls its failure retryable
     * @param nextPollAt when to poll a running task next (planned by the caller)
     * @param toMirror the files of a completed task to copy into object storage before it ends (its videos and
     *        their last frames); empty when mirroring is off
     */
    record PollAnswered(Reported status, String rawStatus, Integer progress, boolean hasVideos,
            boolean upstreamCancelled, String message, boolean retryable, long nextPollAt, Set<MirrorFile> toMirror)
            implements LifecycleInput {

        public PollAnswered {
            toMirror = Set.copyOf(toMirror);
        }

        /** An answer for a deployment that does not mirror. */
        public PollAnswered(Reported status, String rawStatus, Integer progress, boolean hasVideos,
                boolean upstreamCancelled, String message, boolean retryable, long nextPollAt) {
            this(status, rawStatus, progress, hasVideos, upstreamCancelled, message, retryable, nextPollAt, Set.of());
        }

        /** A poll's answer, as the lifecycle needs it. */
        public enum Reported { RUNNING, COMPLETED, FAILED }
    }

    /**
     * A poll failed.
     *
     * @param taskGone the upstream no longer knows the task
     * @param message the upstream's message, or null
     * @param retryAfterMs the upstream's Retry-After, or null
     * @param jitter a uniform draw in [0, 1) for the back-off
     */
    record PollFailed(boolean taskGone, String message, Long retryAfterMs, double jitter) implements LifecycleInput {
    }

    /**
     * A cancellation was read.
     *
     * @param reason the canceller's reason, already bounded, or null
     */
    record Cancel(String reason) implements LifecycleInput {
    }

    /**
     * Its time in the schedule has come (the tick).
     *
     * @param pollNotBefore for a task due for a poll: when what has been learned of its class since the poll was
     *     planned says it is worth polling, or null when nothing says later (see PollPlanner#replanned)
     */
    record Due(Long pollNotBefore) implements LifecycleInput {

        public Due() {
            this(null);
        }
    }

    /**
     * An {@code outcome_check} mark was read back: every answer written before it has been read.
     *
     * @param ours this process wrote it ({@link OwnMarks#checkCommitted})
     */
    record OutcomeCheckRead(boolean ours) implements LifecycleInput {
    }

    /**
     * A copy of one file ended well: it is stored (the caller kept the stored object with the waiting completion).
     *
     * @param jitter a uniform draw in [0, 1) for the back-off, should other files of the round need another
     */
    record MirrorCopied(MirrorFile file, double jitter) implements LifecycleInput {
    }

    /**
     * A copy of one file failed (the caller kept the failure with the waiting completion).
     *
     * @param reason the bounded reason code
     * @param retryable another attempt may succeed
     * @param jitter a uniform draw in [0, 1) for the back-off
     */
    record MirrorFailed(MirrorFile file, String reason, boolean retryable, double jitter) implements LifecycleInput {
    }

    /**
     * The tracker failed while handling the request (a bug: an exception nothing else caught). The request ends
     * rather than come back at every tick; how depends on where it is ({@link Lifecycle#next}).
     *
     * @param cause what failed, already bounded (an exception's class name)
     */
    record InternalError(String cause) implements LifecycleInput {
    }
}
