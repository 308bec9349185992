package io.reelay.lifecycle;

import io.reelay.state.TrackedPhase;
import io.reelay.state.TrackedTask;

/**
 * Reads a request's {@link RequestState} from its stored record, and writes a state back onto it: the one
 * mapping between the lifecycle and {@code TrackedTask}.
 *
 * <p>It also upcasts records written by earlier versions. The stage is read from {@code phase} and the flags
 * {@code sending_marked}, {@code submit_retry_at} and {@code cancel_requested}, which every version since the
 * second writes; the first version (schema-history/TrackedTask/1.avsc) wrote neither the marks nor the request
 * itself, so a {@code submitting} record without {@code pending_request} may have been sent: it is read as
 * {@link RequestStage#SENT}, and its outcome is checked rather than resumed.
 */
public final class StoredStage {

    private StoredStage() {
    }

    /**
     * @param task the stored record
     * @param localStep the step this process holds it at ({@link OwnMarks#step}), or null
     * @param pollUnderWay a poll of its upstream task is under way
     */
    public static RequestState of(TrackedTask task, RequestStage localStep, boolean pollUnderWay) {
        boolean writtenBeforeMarks = task.getPhase() == TrackedPhase.submitting && task.getPendingRequest() == null;
        boolean marked = task.getSendingMarked() || writtenBeforeMarks;
        return new RequestState(task.getRequestId(), stage(task, marked, localStep, pollUnderWay), marked,
                task.getCancelRequested(), task.getSubmitAttempts(), task.getSubmitRetryAt(), task.getIntentAt(),
                task.getPendingRequest() != null, task.getMaxWaitMs(),
                task.getSubmittedAt() == null ? 0 : task.getSubmittedAt(), task.getNextPollAt(), task.getPollErrors(),
                task.getUpstreamTaskId(), task.getRawStatus(), task.getProgress());
    }

    private static RequestStage stage(TrackedTask task, boolean marked, RequestStage localStep, boolean pollUnderWay) {
        if (task.getPhase() == TrackedPhase.in_flight) {
            return pollUnderWay ? RequestStage.POLLING : RequestStage.IN_FLIGHT;
        }
        if (task.getSubmitRetryAt() != null) {
            return RequestStage.RETRY_WAIT;
        }
        if (localStep != null && localStep.submitting()) {
            return localStep;
        }
        if (!marked) {
            return RequestStage.UNSENT;
        }
        return task.getCancelRequested() ? RequestStage.CANCEL_PENDING : RequestStage.SENT;
    }

    /** Writes the lifecycle's part of {@code state} onto the stored record (the rest is the caller's). */
    public static void apply(RequestState state, TrackedTask task) {
        task.setPhase(state.upstreamTaskId() != null ? TrackedPhase.in_flight : TrackedPhase.submitting);
        task.setSendingMarked(state.marked());
        task.setCancelRequested(state.cancelRequested());
        task.setSubmitAttempts(state.attempts());
        task.setSubmitRetryAt(state.retryAt());
        task.setIntentAt(state.intentAt());
        if (!state.keepsRequest()) {
            task.setPendingRequest(null);
        }
        if (state.upstreamTaskId() != null) {
            task.setSubmittedAt(state.submittedAt());
            task.setNextPollAt(state.nextPollAt());
            task.setPollErrors(state.pollErrors());
            task.setUpstreamTaskId(state.upstreamTaskId());
            task.setRawStatus(state.rawStatus());
            task.setProgress(state.progress());
        }
    }
}
