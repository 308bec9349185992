package io.reelay.lifecycle;

/**
 * What {@link Lifecycle} knows of one request: its {@link RequestStage} and the facts its rules read. The
 * stored ones are fields of {@code TrackedTask} (see {@link StoredStage}); the process-local stage comes from
 * {@link OwnMarks}.
 *
 * @param requestId the request
 * @param stage where it is
 * @param marked a {@code sending} mark was written for the current attempt (it may be committed)
 * @param cancelRequested a cancellation arrived while its call was under way
 * @param attempts submit attempts made before the current one
 * @param retryAt when a refused submit is tried again, or null
 * @param intentAt when its latest intent or mark was written (or it was last looked at while waiting)
 * @param keepsRequest the request itself is kept, so a new attempt can be made
 * @param maxWaitMs its deadline after the upstream accepted it; null for the configured default
 * @param submittedAt when the upstream accepted it (0 before)
 * @param nextPollAt when its upstream task is polled next (0 before)
 * @param pollErrors polls in a row that failed
 * @param upstreamTaskId the upstream task, once known
 * @param rawStatus the upstream's last status, as written
 * @param progress the upstream's last progress
 * @param mirroring while its completion waits for copies of its files; null otherwise
 * @param reservationPending its tenant has a spending limit and the ledger has not yet confirmed its reservation:
 *        it is not submitted before (docs/tenants.md, "Spending limits")
 */
public record RequestState(String requestId, RequestStage stage, boolean marked, boolean cancelRequested,
        int attempts, Long retryAt, long intentAt, boolean keepsRequest, Long maxWaitMs, long submittedAt,
        long nextPollAt, int pollErrors, String upstreamTaskId, String rawStatus, Integer progress,
        Mirroring mirroring, boolean reservationPending) {

    /** A request no store holds. */
    public static RequestState absent(String requestId) {
        return new RequestState(requestId, RequestStage.ABSENT, false, false, 0, null, 0, false, null, 0, 0, 0, null,
                null, null, null, false);
    }

    /** A request that has ended (its upstream task, if one was created). */
    public static RequestState ended(String requestId, String upstreamTaskId) {
        return absent(requestId).at(RequestStage.ENDED).upstream(upstreamTaskId, null, 0, 0);
    }

    /** A request just admitted: its first intent is being written. */
    public static RequestState admitted(String requestId, long now, Long maxWaitMs) {
        return new RequestState(requestId, RequestStage.ADMITTED, false, false, 0, null, now, true, maxWaitMs, 0, 0,
                0, null, null, null, null, false);
    }

    public RequestState at(RequestStage value) {
        return new RequestState(requestId, value, marked, cancelRequested, attempts, retryAt, intentAt, keepsRequest,
                maxWaitMs, submittedAt, nextPollAt, pollErrors, upstreamTaskId, rawStatus, progress, mirroring,
                reservationPending);
    }

    /** A new attempt: its intent written now, no mark, no retry pending. */
    RequestState newAttempt(long now) {
        return new RequestState(requestId, RequestStage.ADMITTED, false, cancelRequested, attempts, null, now,
                keepsRequest, maxWaitMs, submittedAt, nextPollAt, pollErrors, upstreamTaskId, rawStatus,
                progress, mirroring, reservationPending);
    }

    /** Its mark withdrawn: the call it announced never left, so nothing of this attempt can have been sent. */
    RequestState unmarked() {
        return new RequestState(requestId, RequestStage.QUEUED, false, cancelRequested, attempts, retryAt, intentAt,
                keepsRequest, maxWaitMs, submittedAt, nextPollAt, pollErrors, upstreamTaskId, rawStatus,
                progress, mirroring, reservationPending);
    }

    /**
     * Its mark withdrawn by the process that wrote it, which gave the request up uncalled: stored unmarked and due at
     * {@code now}, when a new attempt is made (not counted as one: nothing was sent).
     */
    RequestState handedBack(long now) {
        return new RequestState(requestId, RequestStage.RETRY_WAIT, false, cancelRequested, attempts, now, intentAt,
                keepsRequest, maxWaitMs, submittedAt, nextPollAt, pollErrors, upstreamTaskId, rawStatus,
                progress, mirroring, reservationPending);
    }

    RequestState markedAt(long now) {
        return new RequestState(requestId, RequestStage.MARKED, true, cancelRequested, attempts, retryAt, now,
                keepsRequest, maxWaitMs, submittedAt, nextPollAt, pollErrors, upstreamTaskId, rawStatus,
                progress, mirroring, reservationPending);
    }

    RequestState lookedAt(long now) {
        return new RequestState(requestId, stage, marked, cancelRequested, attempts, retryAt, now, keepsRequest,
                maxWaitMs, submittedAt, nextPollAt, pollErrors, upstreamTaskId, rawStatus, progress, mirroring,
                reservationPending);
    }

    /** The request waits for its reservation (true), or it was confirmed (false). */
    RequestState reservationPending(boolean pending) {
        return new RequestState(requestId, stage, marked, cancelRequested, attempts, retryAt, intentAt, keepsRequest,
                maxWaitMs, submittedAt, nextPollAt, pollErrors, upstreamTaskId, rawStatus, progress, mirroring, pending);
    }

    RequestState retryAt(long at) {
        return new RequestState(requestId, RequestStage.RETRY_WAIT, marked, cancelRequested, attempts + 1, at,
                intentAt, keepsRequest, maxWaitMs, submittedAt, nextPollAt, pollErrors, upstreamTaskId, rawStatus,
                progress, mirroring, reservationPending);
    }

    RequestState oneMoreAttempt() {
        return new RequestState(requestId, stage, marked, cancelRequested, attempts + 1, retryAt, intentAt,
                keepsRequest, maxWaitMs, submittedAt, nextPollAt, pollErrors, upstreamTaskId, rawStatus,
                progress, mirroring, reservationPending);
    }

    RequestState cancelNoted() {
        return new RequestState(requestId, stage == RequestStage.SENT ? RequestStage.CANCEL_PENDING : stage, marked,
                true, attempts, retryAt, intentAt, keepsRequest, maxWaitMs, submittedAt, nextPollAt, pollErrors,
                upstreamTaskId, rawStatus, progress, mirroring, reservationPending);
    }

    /** The upstream accepted it: its task is known, the request itself no longer kept. */
    RequestState upstream(String taskId, String status, long acceptedAt, long firstPollAt) {
        return new RequestState(requestId, stage, marked, cancelRequested, attempts, null, intentAt,
                false, maxWaitMs, acceptedAt, firstPollAt, pollErrors, taskId,
                status, progress, mirroring, reservationPending);
    }

    RequestState observed(String status, Integer latestProgress, long pollAt) {
        return new RequestState(requestId, RequestStage.IN_FLIGHT, marked, cancelRequested, attempts, retryAt,
                intentAt, keepsRequest, maxWaitMs, submittedAt, pollAt, 0, upstreamTaskId, status,
                latestProgress != null ? latestProgress : progress, mirroring, reservationPending);
    }

    /** Its next poll moved to {@code pollAt}, nothing else changed. */
    RequestState pollAt(long pollAt) {
        return new RequestState(requestId, stage, marked, cancelRequested, attempts, retryAt, intentAt, keepsRequest,
                maxWaitMs, submittedAt, pollAt, pollErrors, upstreamTaskId, rawStatus, progress, mirroring,
                reservationPending);
    }

    RequestState pollFailed(long pollAt) {
        return new RequestState(requestId, RequestStage.IN_FLIGHT, marked, cancelRequested, attempts, retryAt,
                intentAt, keepsRequest, maxWaitMs, submittedAt, pollAt, pollErrors + 1, upstreamTaskId, rawStatus,
                progress, mirroring, reservationPending);
    }

    /** Its upstream task completed and its completion now waits for the copies of its files. */
    RequestState mirroringFrom(Mirroring value) {
        return new RequestState(requestId, value.underWay() > 0 ? RequestStage.COPYING : RequestStage.MIRRORING, marked,
                cancelRequested, attempts, retryAt, intentAt, keepsRequest, maxWaitMs, submittedAt, nextPollAt,
                pollErrors, upstreamTaskId, rawStatus, progress, value, reservationPending);
    }
}
