package io.reelay.lifecycle;

import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The marks this process wrote and has not read back yet, and the submit steps it holds between them: the
 * process-local stages of {@link RequestStage}.
 *
 * <p>Invariant: <b>only the process that wrote a mark acts on its read-back.</b> A step is recorded here before
 * its mark ({@code submitting}, {@code sending}, {@code outcome_check}) is written; reading the mark back claims
 * it ({@link #intentCommitted}, {@link #markCommitted}, {@link #checkCommitted}), and only a claimed read-back
 * moves the request on. A mark this process did not write (another instance's, or this process's own before a
 * restart, or one withdrawn meanwhile) claims nothing and is ignored. So after a crash or a rebalance the new
 * owner never calls on an old owner's mark: it goes by what is stored ({@link StoredStage}), where an attempt
 * without a committed {@code sending} mark certainly never went out (resumed) and one with it may have (never
 * sent again). The entries die with the process, which is the point.
 *
 * <p>Stream thread only, except {@link #held}, which the HTTP client's thread calls when the circuit breaker holds
 * a call back; the stream thread picks those up with {@link #drainHeld}.
 */
public final class OwnMarks {

    private final Map<String, RequestStage> steps = new HashMap<>();
    /**
     * Other processes' sending marks read back lately and not acted on since, with the time each was written: an
     * {@code unsent} record resumes a request only for a mark read here (so committed: an aborted one is never read).
     * Bounded: one that falls out only leaves its request to the outcome check, as before.
     */
    private final Map<String, Long> othersMarks = new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_OTHERS_MARKS;
        }
    };
    /** How many of {@link #othersMarks} are kept: far more than can stand uncalled when a partition moves. */
    static final int MAX_OTHERS_MARKS = 4_096;
    private final Queue<String> heldBack = new ConcurrentLinkedQueue<>();

    /** This process writes a new attempt's intent. */
    public void intentWritten(String requestId) {
        othersMarks.remove(requestId);
        steps.put(requestId, RequestStage.ADMITTED);
    }

    /** An intent was read back. @return true if this process wrote it: it now waits for a permit */
    public boolean intentCommitted(String requestId) {
        return claim(requestId, RequestStage.ADMITTED, RequestStage.QUEUED);
    }

    /** This process writes the sending mark of a request it holds queued. */
    public void markWritten(String requestId) {
        othersMarks.remove(requestId);
        steps.put(requestId, RequestStage.MARKED);
    }

    /** A sending mark was read back. @return true if this process wrote it: the call goes out now */
    public boolean markCommitted(String requestId) {
        return claim(requestId, RequestStage.MARKED, null);
    }

    /**
     * A sending mark written at {@code markAt} was read back. One this process did not write is remembered, for
     * {@link #othersMarkRead}. @return true if this process wrote it: the call goes out now
     */
    public boolean markCommitted(String requestId, long markAt) {
        if (markCommitted(requestId)) {
            return true;
        }
        othersMarks.put(requestId, markAt);
        return false;
    }

    /**
     * Whether the mark an {@code unsent} record names, written at {@code markAt}, is another process's mark this one
     * read and has written nothing over since (a new intent or mark forgets it). Claimed once.
     */
    public boolean othersMarkRead(String requestId, long markAt) {
        return othersMarks.remove(requestId, markAt);
    }

    /** This process writes an outcome check. @return false if one of its checks is on its way already */
    public boolean checkWritten(String requestId) {
        return steps.putIfAbsent(requestId, RequestStage.OUTCOME_CHECK) == null;
    }

    /** An outcome check was read back. @return true if this process wrote it */
    public boolean checkCommitted(String requestId) {
        return claim(requestId, RequestStage.OUTCOME_CHECK, null);
    }

    /** The circuit breaker held a call back unsent (any thread). */
    public void held(String requestId) {
        heldBack.add(requestId);
    }

    /** Stream thread: the calls held back since the last call, now {@link RequestStage#HELD}. */
    public java.util.List<String> drainHeld() {
        java.util.List<String> held = new java.util.ArrayList<>();
        String id;
        while ((id = heldBack.poll()) != null) {
            steps.put(id, RequestStage.HELD);
            held.add(id);
        }
        return held;
    }

    /** A held-back call goes back to the queue. */
    public void requeued(String requestId) {
        steps.put(requestId, RequestStage.QUEUED);
    }

    /** The step this process holds the request at, or null: the stored stage decides. */
    public RequestStage step(String requestId) {
        return steps.get(requestId);
    }

    /** True when this process holds the request at a step before its call: certainly not sent. */
    public boolean notCalledYet(String requestId) {
        RequestStage step = steps.get(requestId);
        return step != null && step != RequestStage.OUTCOME_CHECK;
    }

    /** The requests whose sending mark this process wrote and has not called: not read back yet, or held back. */
    public java.util.List<String> uncalledMarks() {
        return steps.entrySet().stream()
                .filter(e -> e.getValue() == RequestStage.MARKED || e.getValue() == RequestStage.HELD)
                .map(Map.Entry::getKey).toList();
    }

    /** Forgets the request's steps. @return the step it was at, or null */
    public RequestStage forget(String requestId) {
        othersMarks.remove(requestId);
        return steps.remove(requestId);
    }

    private boolean claim(String requestId, RequestStage expected, RequestStage then) {
        if (steps.get(requestId) != expected) {
            return false;
        }
        if (then == null) {
            steps.remove(requestId);
        } else {
            steps.put(requestId, then);
        }
        return true;
    }
}
