package io.reelay.lifecycle;

/**
 * Every stage a request can be in, from its admission to its one terminal event. {@link Lifecycle} moves a
 * request from stage to stage; this is the list of where it can be.
 *
 * <p>Where each stage lives. The in-flight store ({@code TrackedTask}) keeps what must survive a crash: its
 * {@code phase}, {@code sending_marked}, {@code submit_retry_at} and {@code cancel_requested}
 * ({@link StoredStage} reads a stage from them, old records included). The steps of a submit that only the
 * process which wrote their mark may finish are process-local ({@link OwnMarks}); after a crash or a
 * rebalance they are gone, and the stored stage is what the new owner sees:
 * <ul>
 * <li>{@link #ADMITTED}, {@link #QUEUED}: stored as {@code submitting} without a mark, read back by a new owner as
 * {@link #UNSENT} (certainly not sent: resumed), or as {@link #RESERVING} while its reservation is pending;
 * <li>{@link #MARKED}: stored as {@code submitting} with {@code sending_marked}, read back as {@link #SENT} (may
 * have gone out: never sent again);
 * <li>{@link #HELD}: the same until this process reads the hold; then its mark is withdrawn in the store (the
 * call certainly did not leave) and a new owner reads it as {@link #UNSENT} (resumed);
 * <li>{@link #OUTCOME_CHECK}: read back as {@link #SENT} or {@link #CANCEL_PENDING}, which write a new check;
 * <li>{@link #POLLING}: read back as {@link #IN_FLIGHT}; a lost poll only costs a repeated poll;
 * <li>{@link #COPYING}: read back as {@link #MIRRORING}; lost copies are made again, to the same keys.
 * </ul>
 * {@link #ENDED} is the finished store; {@link #ABSENT} is a request neither store holds.
 */
public enum RequestStage {

    /** Neither store holds the request: not admitted here, or ended longer ago than the finished retention. */
    ABSENT(Kept.NOWHERE),
    /** Its intent ({@code submitting}) is written by this process and not read back yet. */
    ADMITTED(Kept.LOCAL),
    /**
     * Its tenant has a spending limit: it waits for the ledger to confirm its reservation ({@code
     * reservation_pending}), whoever holds it; not submitted before.
     */
    RESERVING(Kept.STORED),
    /**
     * Its intent is committed; it waits for its provider's circuit breaker to let calls through, a submit permit and
     * the provider's rate budget, all decided before its mark is written.
     */
    QUEUED(Kept.LOCAL),
    /** Its {@code sending} mark is written by this process (a permit and budget are held), not read back yet. */
    MARKED(Kept.LOCAL),
    /** Its mark is committed: the paid call may be under way, and its answer is not read yet. */
    SENT(Kept.STORED),
    /** The circuit breaker held its call back unsent (it opened after the gate asked); back to the queue. */
    HELD(Kept.LOCAL),
    /** Its intent is committed by a process that no longer holds it, with no mark: certainly not sent. */
    UNSENT(Kept.STORED),
    /** The upstream refused the submit for now; a new attempt is made at {@code submit_retry_at}. */
    RETRY_WAIT(Kept.STORED),
    /** Cancelled while its call is under way: it ends once the call's answer is known. */
    CANCEL_PENDING(Kept.STORED),
    /** Its answer is overdue; an outcome check is written by this process and not read back yet. */
    OUTCOME_CHECK(Kept.LOCAL),
    /** The upstream task exists; it is polled until it ends or its deadline passes. */
    IN_FLIGHT(Kept.STORED),
    /** A poll of its upstream task is under way. */
    POLLING(Kept.LOCAL),
    /**
     * Its upstream task completed (paid); its completion is stored and waits, for at most a bound, until its files
     * are copied into object storage. No copy is under way here.
     */
    MIRRORING(Kept.STORED),
    /** Copies of its files are under way in this process. */
    COPYING(Kept.LOCAL),
    /** Its terminal event is written; it stays in the finished store for the retention. */
    ENDED(Kept.STORED);

    /** Where a stage is kept. */
    public enum Kept {
        /** In the state stores: survives a crash and moves with the partition. */
        STORED,
        /** In this process only ({@link OwnMarks}, or a poll under way): lost in a crash, by design. */
        LOCAL,
        /** Nowhere. */
        NOWHERE
    }

    private final Kept kept;

    RequestStage(Kept kept) {
        this.kept = kept;
    }

    public Kept kept() {
        return kept;
    }

    /** True while the request has no upstream task yet and is still held (stored as {@code submitting}). */
    public boolean submitting() {
        return switch (this) {
            case ADMITTED, RESERVING, QUEUED, MARKED, SENT, HELD, UNSENT, RETRY_WAIT, CANCEL_PENDING,
                    OUTCOME_CHECK -> true;
            default -> false;
        };
    }

    /** True while its completed task's files are copied: its completion waits. */
    public boolean mirroring() {
        return this == MIRRORING || this == COPYING;
    }

    /** True while the upstream task is known and tracked (polled). */
    public boolean tracked() {
        return this == IN_FLIGHT || this == POLLING;
    }
}
