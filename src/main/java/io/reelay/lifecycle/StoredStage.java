package io.reelay.lifecycle;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import io.reelay.events.StoredCopy;
import io.reelay.events.VideoAsset;
import io.reelay.events.VideoCompleted;
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
        return of(task, localStep, pollUnderWay, 0);
    }

    /**
     * @param copiesUnderWay copies of its files this process has under way
     */
    public static RequestState of(TrackedTask task, RequestStage localStep, boolean pollUnderWay,
            int copiesUnderWay) {
        boolean writtenBeforeMarks = task.getPhase() == TrackedPhase.submitting && task.getPendingRequest() == null;
        boolean marked = task.getSendingMarked() || writtenBeforeMarks;
        return new RequestState(task.getRequestId(), stage(task, marked, localStep, pollUnderWay, copiesUnderWay),
                marked,
                task.getCancelRequested(), task.getSubmitAttempts(), task.getSubmitRetryAt(), task.getIntentAt(),
                task.getPendingRequest() != null, task.getMaxWaitMs(),
                task.getSubmittedAt() == null ? 0 : task.getSubmittedAt(), task.getNextPollAt(), task.getPollErrors(),
                task.getUpstreamTaskId(), task.getRawStatus(), task.getProgress(), mirroring(task, copiesUnderWay),
                pending(task));
    }

    /** A stored completion waiting for its copies: the files neither stored nor failed for good are left. */
    private static Mirroring mirroring(TrackedTask task, int copiesUnderWay) {
        VideoCompleted completion = task.getCompletion();
        if (completion == null) {
            return null;
        }
        Set<MirrorFile> settled = new HashSet<>();
        if (completion.getMirrorFailures() != null) {
            completion.getMirrorFailures().stream().filter(f -> !f.getRetryable())
                    .forEach(f -> settled.add(new MirrorFile(f.getVideoIndex(), "last_frame".equals(f.getFile()))));
        }
        TreeSet<MirrorFile> left = new TreeSet<>();
        for (MirrorFile file : files(completion)) {
            VideoAsset asset = completion.getVideos().get(file.video());
            StoredCopy copy = file.lastFrame() ? asset.getLastFrameStored() : asset.getStored();
            if (copy == null && !settled.contains(file)) {
                left.add(file);
            }
        }
        long since = task.getMirrorSince() == null ? 0 : task.getMirrorSince();
        return new Mirroring(since, task.getMirrorGiveUpAt() == null ? since : task.getMirrorGiveUpAt(),
                task.getMirrorRounds(), task.getMirrorRetryAt() == null ? since : task.getMirrorRetryAt(), left,
                copiesUnderWay);
    }

    /** Every file of a completion that is copied: each video, and its last frame when the upstream gave one. */
    public static SortedSet<MirrorFile> files(VideoCompleted completion) {
        List<VideoAsset> videos = completion.getVideos();
        return MirrorFile.of(videos.size(), i -> videos.get(i).getLastFrameUrl() != null);
    }

    private static RequestStage stage(TrackedTask task, boolean marked, RequestStage localStep, boolean pollUnderWay,
            int copiesUnderWay) {
        if (task.getCompletion() != null) {
            return copiesUnderWay > 0 ? RequestStage.COPYING : RequestStage.MIRRORING;
        }
        if (task.getPhase() == TrackedPhase.in_flight) {
            return pollUnderWay ? RequestStage.POLLING : RequestStage.IN_FLIGHT;
        }
        if (task.getSubmitRetryAt() != null) {
            return RequestStage.RETRY_WAIT;
        }
        if (pending(task) && !marked) {
            return RequestStage.RESERVING; // whatever step this process reached: nothing goes out before the answer
        }
        if (localStep != null && localStep.submitting()) {
            return localStep;
        }
        if (!marked) {
            return RequestStage.UNSENT;
        }
        return task.getCancelRequested() ? RequestStage.CANCEL_PENDING : RequestStage.SENT;
    }

    /** Waiting for the ledger to confirm its reservation (only a submitting request with no task yet). */
    private static boolean pending(TrackedTask task) {
        return Boolean.TRUE.equals(task.getReservationPending()) && task.getPhase() == TrackedPhase.submitting;
    }

    /** Writes the lifecycle's part of {@code state} onto the stored record (the rest is the caller's). */
    public static void apply(RequestState state, TrackedTask task) {
        task.setPhase(state.upstreamTaskId() != null ? TrackedPhase.in_flight : TrackedPhase.submitting);
        task.setSendingMarked(state.marked());
        task.setCancelRequested(state.cancelRequested());
        task.setSubmitAttempts(state.attempts());
        task.setSubmitRetryAt(state.retryAt());
        task.setIntentAt(state.intentAt());
        task.setReservationPending(state.reservationPending() ? Boolean.TRUE : null);
        if (!state.keepsRequest()) {
            if (task.getPendingRequest() != null && task.getSentRequest() == null) {
                task.setSentRequest(SentCopy.of(task.getPendingRequest())); // what its state shows from now on
            }
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
        if (state.mirroring() != null) {
            task.setMirrorSince(state.mirroring().since());
            task.setMirrorGiveUpAt(state.mirroring().giveUpAt());
            task.setMirrorRetryAt(state.mirroring().retryAt());
            task.setMirrorRounds(state.mirroring().rounds());
        }
    }
}
