package io.reelay.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.reelay.config.ReelayConfig;
import io.reelay.config.TestConfig;
import io.reelay.events.CopyFailure;
import io.reelay.events.StoredCopy;
import io.reelay.events.VideoAsset;
import io.reelay.events.VideoCompleted;
import io.reelay.lifecycle.LifecycleInput.PollAnswered.Reported;
import io.reelay.state.TrackedPhase;
import io.reelay.state.TrackedTask;

/** Every way out of MIRRORING and COPYING: the completion of a paid task waits for its copies, bounded. */
class MirrorRulesTest {

    /** A completed task was paid: its end settles the reservation (LedgerRules). */
    private static final Effect SETTLED = new Effect.Ledger(Effect.LedgerKind.SETTLE, "completed");


    static final long NOW = 1_000_000_000L;
    static final Duration MAX_WAIT = Duration.ofMinutes(10);
    static final ReelayConfig SETTINGS = TestConfig.defaults()
            .set(c -> c.mirror().maxWait(), MAX_WAIT)
            .set(c -> c.mirror().initialBackoff(), Duration.ofSeconds(2))
            .set(c -> c.mirror().maxBackoff(), Duration.ofMinutes(1))
            .set(c -> c.tracker().urlLifetime(), Duration.ofHours(1))
            .set(c -> c.tracker().maxWait(), Duration.ofMinutes(5))
            .build();
    static final MirrorFile VIDEO = new MirrorFile(0, false);
    static final MirrorFile FRAME = new MirrorFile(0, true);

    static RequestState polling() {
        return RequestState.admitted("r-1", NOW - 60_000, null).at(RequestStage.IN_FLIGHT)
                .upstream("t-1", "running", NOW - 60_000, NOW).at(RequestStage.POLLING);
    }

    static LifecycleInput.PollAnswered completed(Set<MirrorFile> files) {
        return new LifecycleInput.PollAnswered(Reported.COMPLETED, "completed", 100, true, false, null, false, 0,
                files);
    }

    /** As the shell does: a copy's end is counted out of the copies under way before the lifecycle reads it. */
    static RequestState oneEnded(RequestState state) {
        Mirroring m = state.mirroring();
        return state.mirroringFrom(new Mirroring(m.since(), m.giveUpAt(), m.rounds(), m.retryAt(), m.remaining(),
                m.underWay() - 1));
    }

    @Test
    void aCompletedTaskWaitsForItsCopiesThenCompletesOnceAllAreStored() {
        Transition begun = Lifecycle.next(polling(), completed(Set.of(VIDEO, FRAME)), NOW, SETTINGS);
        assertThat(begun.state().stage()).isEqualTo(RequestStage.COPYING);
        assertThat(begun.ends()).as("nothing goes out yet").isFalse();
        assertThat(begun.effects()).containsExactly(new Effect.Save(), new Effect.CopyFiles(
                new java.util.TreeSet<>(Set.of(VIDEO, FRAME))));
        assertThat(begun.state().mirroring().giveUpAt()).as("the earlier of URL expiry and max wait")
                .isEqualTo(NOW + MAX_WAIT.toMillis());

        Transition first = Lifecycle.next(oneEnded(begun.state()), new LifecycleInput.MirrorCopied(VIDEO, 0.5),
                NOW + 1_000, SETTINGS);
        assertThat(first.state().stage()).isEqualTo(RequestStage.COPYING);
        assertThat(first.effects()).containsExactly(new Effect.Save());

        Transition last = Lifecycle.next(oneEnded(first.state()), new LifecycleInput.MirrorCopied(FRAME, 0.5),
                NOW + 2_000, SETTINGS);
        assertThat(last.state().stage()).isEqualTo(RequestStage.ENDED);
        assertThat(last.effects()).containsExactly(new Effect.Complete(), SETTLED);
    }

    @Test
    void aRetryableFailureIsRetriedAfterAJitteredBackOffThenTheCopySucceeds() {
        RequestState copying = Lifecycle.next(polling(), completed(Set.of(VIDEO)), NOW, SETTINGS).state();
        Transition failed = Lifecycle.next(oneEnded(copying),
                new LifecycleInput.MirrorFailed(VIDEO, "source_timeout", true, 0.0), NOW + 1_000, SETTINGS);
        assertThat(failed.state().stage()).isEqualTo(RequestStage.MIRRORING);
        assertThat(failed.effects()).containsExactly(new Effect.Save());
        assertThat(failed.state().mirroring().retryAt()).as("first back-off, no jitter taken off")
                .isEqualTo(NOW + 1_000 + 2_000);
        assertThat(Lifecycle.wakeAt(failed.state(), SETTINGS)).isEqualTo(NOW + 3_000);

        assertThat(Lifecycle.next(failed.state(), new LifecycleInput.Due(), NOW + 2_999, SETTINGS).ignored())
                .as("not before its time").isTrue();
        Transition again = Lifecycle.next(failed.state(), new LifecycleInput.Due(), NOW + 3_000, SETTINGS);
        assertThat(again.state().stage()).isEqualTo(RequestStage.COPYING);
        assertThat(again.effects()).containsExactly(new Effect.Save(),
                new Effect.CopyFiles(new java.util.TreeSet<>(Set.of(VIDEO))));
        assertThat(again.state().mirroring().rounds()).isEqualTo(2);

        Transition copied = Lifecycle.next(oneEnded(again.state()), new LifecycleInput.MirrorCopied(VIDEO, 0.5),
                NOW + 4_000, SETTINGS);
        assertThat(copied.effects()).containsExactly(new Effect.Complete(), SETTLED);
    }

    @Test
    void theBackOffDoublesWithEachRoundAndJitterTakesUpToHalfOff() {
        RequestState state = Lifecycle.next(polling(), completed(Set.of(VIDEO)), NOW, SETTINGS).state();
        long now = NOW;
        for (int round = 1; round <= 3; round++) {
            Transition failed = Lifecycle.next(oneEnded(state),
                    new LifecycleInput.MirrorFailed(VIDEO, "storage_unavailable", true, 0.999), now, SETTINGS);
            long full = 2_000L << (round - 1);
            assertThat(failed.state().mirroring().retryAt() - now).isBetween(full / 2, full);
            now = failed.state().mirroring().retryAt();
            state = Lifecycle.next(failed.state(), new LifecycleInput.Due(), now, SETTINGS).state();
        }
    }

    @Test
    void aFailureNoRetryMendsCompletesAtOnceWhenNothingElseIsLeft() {
        RequestState copying = Lifecycle.next(polling(), completed(Set.of(VIDEO)), NOW, SETTINGS).state();
        Transition t = Lifecycle.next(oneEnded(copying),
                new LifecycleInput.MirrorFailed(VIDEO, "too_large", false, 0.5), NOW + 500, SETTINGS);
        assertThat(t.state().stage()).isEqualTo(RequestStage.ENDED);
        assertThat(t.effects()).containsExactly(new Effect.Complete(), SETTLED);
    }

    @Test
    void aFailureNoRetryMendsIsNotRetriedWhileTheOtherFilesAre() {
        RequestState copying = Lifecycle.next(polling(), completed(Set.of(VIDEO, FRAME)), NOW, SETTINGS).state();
        RequestState a = Lifecycle.next(oneEnded(copying),
                new LifecycleInput.MirrorFailed(VIDEO, "wrong_content_type", false, 0.0), NOW, SETTINGS).state();
        Transition b = Lifecycle.next(oneEnded(a), new LifecycleInput.MirrorFailed(FRAME, "source_error", true, 0.0),
                NOW, SETTINGS);
        assertThat(b.state().stage()).isEqualTo(RequestStage.MIRRORING);
        Transition retry = Lifecycle.next(b.state(), new LifecycleInput.Due(), b.state().mirroring().retryAt(),
                SETTINGS);
        assertThat(retry.effects()).containsExactly(new Effect.Save(),
                new Effect.CopyFiles(new java.util.TreeSet<>(Set.of(FRAME))));
    }

    @Test
    void atTheBoundTheCompletionGoesOutWhateverTheCopies() {
        RequestState copying = Lifecycle.next(polling(), completed(Set.of(VIDEO)), NOW, SETTINGS).state();
        long bound = NOW + MAX_WAIT.toMillis();
        assertThat(Lifecycle.next(copying, new LifecycleInput.Due(), bound - 1, SETTINGS).ignored())
                .as("a copy under way is waited for, within the bound").isTrue();
        Transition atBound = Lifecycle.next(copying, new LifecycleInput.Due(), bound, SETTINGS);
        assertThat(atBound.state().stage()).isEqualTo(RequestStage.ENDED);
        assertThat(atBound.effects()).containsExactly(new Effect.Complete(), SETTLED);
        // The copy that ends after it changes nothing.
        assertThat(Lifecycle.next(atBound.state(), new LifecycleInput.MirrorCopied(VIDEO, 0.5), bound + 1, SETTINGS)
                .ignored()).isTrue();
    }

    @Test
    void aRetryThatWouldComePastTheBoundIsNotWaitedFor() {
        RequestState copying = Lifecycle.next(polling(), completed(Set.of(VIDEO)), NOW, SETTINGS).state();
        long late = NOW + MAX_WAIT.toMillis() - 1_000; // the next retry, 2 s on, would be past the bound
        Transition t = Lifecycle.next(oneEnded(copying),
                new LifecycleInput.MirrorFailed(VIDEO, "source_timeout", true, 0.0), late, SETTINGS);
        assertThat(t.effects()).containsExactly(new Effect.Complete(), SETTLED);
    }

    @Test
    void theUrlsExpiryBoundsTheWaitWhenItComesFirst() {
        ReelayConfig shortUrls = TestConfig.defaults().set(c -> c.tracker().urlLifetime(), Duration.ofMinutes(3))
                .build();
        RequestState copying = Lifecycle.next(polling(), completed(Set.of(VIDEO)), NOW, shortUrls).state();
        assertThat(copying.mirroring().giveUpAt()).isEqualTo(NOW + Duration.ofMinutes(3).toMillis());
    }

    @Test
    void theRequestsDeadlineNeverFailsAPaidTaskWhileItsVideosAreCopied() {
        RequestState copying = Lifecycle.next(polling(), completed(Set.of(VIDEO)), NOW, SETTINGS).state();
        long pastDeadline = NOW + Duration.ofMinutes(6).toMillis(); // the request's 5 min deadline has passed
        RequestState waiting = Lifecycle.next(oneEnded(copying),
                new LifecycleInput.MirrorFailed(VIDEO, "source_timeout", true, 0.0), pastDeadline, SETTINGS).state();
        for (Transition t : List.of(Lifecycle.next(copying, new LifecycleInput.Due(), pastDeadline, SETTINGS),
                Lifecycle.next(waiting, new LifecycleInput.Due(), pastDeadline + 10, SETTINGS))) {
            assertThat(t.has(Effect.Fail.class)).isFalse();
            assertThat(t.ends()).isFalse();
        }
    }

    @Test
    void aCancelWhileMirroringIsAnsweredAsAlreadyEndedAndTheRequestCompletes() {
        RequestState copying = Lifecycle.next(polling(), completed(Set.of(VIDEO)), NOW, SETTINGS).state();
        Transition t = Lifecycle.next(copying, new LifecycleInput.Cancel("no longer needed"), NOW + 10, SETTINGS);
        assertThat(t.state()).isEqualTo(copying);
        assertThat(t.effects()).singleElement().isInstanceOfSatisfying(Effect.DeadLetter.class,
                d -> assertThat(d.reason()).contains("ends as completed"));
        assertThat(Lifecycle.next(oneEnded(copying), new LifecycleInput.MirrorCopied(VIDEO, 0.5), NOW + 20, SETTINGS)
                .effects()).containsExactly(new Effect.Complete(), SETTLED);
    }

    @Test
    void mirroringOffCompletesAtOnceAsBefore() {
        Transition t = Lifecycle.next(polling(), completed(Set.of()), NOW, SETTINGS);
        assertThat(t.state().stage()).isEqualTo(RequestStage.ENDED);
        assertThat(t.effects()).containsExactly(new Effect.Complete(), SETTLED);
    }

    @Test
    void afterACrashWhileCopyingTheStoredRequestIsMirroringAndOnlyTheFilesNotYetStoredAreCopiedAgain() {
        TrackedTask stored = storedWhileCopying();
        RequestState readBack = StoredStage.of(stored, null, false, 0);
        assertThat(readBack.stage()).as("copies under way are lost with the process").isEqualTo(RequestStage.MIRRORING);
        assertThat(readBack.mirroring().remaining()).as("the stored video is remembered; the failed-for-good file"
                + " settled").containsExactly(new MirrorFile(1, false));
        assertThat(StoredStage.of(stored, null, false, 1).stage()).isEqualTo(RequestStage.COPYING);

        long resumeAt = stored.getMirrorRetryAt();
        assertThat(Lifecycle.wakeAt(readBack, SETTINGS)).isEqualTo(resumeAt);
        Transition resumed = Lifecycle.next(readBack, new LifecycleInput.Due(), resumeAt, SETTINGS);
        assertThat(resumed.effects()).containsExactly(new Effect.Save(),
                new Effect.CopyFiles(new java.util.TreeSet<>(Set.of(new MirrorFile(1, false)))));

        TrackedTask saved = TrackedTask.newBuilder(stored).build();
        StoredStage.apply(resumed.state(), saved);
        assertThat(saved.getMirrorRounds()).isEqualTo(2);
        assertThat(saved.getPhase()).isEqualTo(TrackedPhase.in_flight);
        assertThat(saved.getMirrorRetryAt()).as("should this process die too, the next owner resumes then")
                .isEqualTo(resumeAt + Duration.ofMinutes(1).toMillis());
    }

    @Test
    void anInternalErrorWhileMirroringCompletesThePaidTaskAtOnceAndNeverFailsIt() {
        RequestState copying = Lifecycle.next(polling(), completed(Set.of(VIDEO, FRAME)), NOW, SETTINGS).state();
        RequestState waiting = Lifecycle.next(oneEnded(oneEnded(copying)),
                new LifecycleInput.MirrorFailed(FRAME, "source_timeout", true, 0.0), NOW + 10, SETTINGS).state();
        for (RequestState state : List.of(copying, waiting)) {
            Transition t = Lifecycle.next(state, new LifecycleInput.InternalError("NoClassDefFoundError"), NOW + 20,
                    SETTINGS);
            assertThat(t.state().stage()).isEqualTo(RequestStage.ENDED);
            assertThat(t.has(Effect.Fail.class)).as("a paid, finished video is never a failure").isFalse();
            assertThat(t.effects()).hasSize(2).endsWith(SETTLED).first().isInstanceOfSatisfying(Effect.Complete.class, c -> {
                assertThat(c.unstored().reason()).isEqualTo("internal_error");
                assertThat(c.unstored().message()).contains("NoClassDefFoundError").contains("upstream URL");
            });
        }
        // Before the task completed, the same bug fails the request, saying what may have been charged.
        Transition polling = Lifecycle.next(polling(), new LifecycleInput.InternalError("NoClassDefFoundError"), NOW,
                SETTINGS);
        assertThat(polling.effects()).contains(new Effect.Fail(io.reelay.events.FailureReason.internal_error,
                "Reelay failed on this request (NoClassDefFoundError); upstream task t-1 may still finish and be"
                        + " charged", false));
    }

    @Test
    void stoppedMirroringFailsOnlyTheFilesWithoutACopyForTheGivenReasonKeepingTheirAttempts() {
        VideoCompleted completion = storedWhileCopying().getCompletion();
        io.reelay.lifecycle.mapping.MirrorEvents.stopped(completion, StoredStage.files(completion), "internal_error",
                "x".repeat(1_000));
        io.reelay.lifecycle.mapping.MirrorEvents.finish(completion, StoredStage.files(completion));
        assertThat(completion.getMirrorStatus()).isEqualTo(io.reelay.events.MirrorStatus.failed);
        assertThat(completion.getVideos().get(0).getStored()).as("the copy made stays").isNotNull();
        assertThat(completion.getMirrorFailures()).extracting(CopyFailure::getVideoIndex, CopyFailure::getFile,
                CopyFailure::getReason, CopyFailure::getAttempts).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, "last_frame", "internal_error", 1),
                        org.assertj.core.groups.Tuple.tuple(1, "video", "internal_error", 0));
        assertThat(completion.getMirrorFailures()).allSatisfy(f -> assertThat(f.getMessage()).hasSizeLessThanOrEqualTo(
                300));
    }

    /** Two videos, the first stored, its last frame failed for good, the second not copied yet; a crash. */
    static TrackedTask storedWhileCopying() {
        VideoAsset first = VideoAsset.newBuilder().setUrl("https://cdn.example.com/0.mp4")
                .setLastFrameUrl("https://cdn.example.com/0.png")
                .setStored(StoredCopy.newBuilder().setBucket("b").setKey("p/r-1/0.mp4").setSizeBytes(10)
                        .setSha256("ab").setContentType("video/mp4").setUrl("https://s3.example.com/p/r-1/0.mp4")
                        .setUrlExpiresAt(Instant.ofEpochMilli(NOW + 3_600_000)).build())
                .build();
        VideoAsset second = VideoAsset.newBuilder().setUrl("https://cdn.example.com/1.mp4").build();
        VideoCompleted completion = VideoCompleted.newBuilder().setRequestId("r-1").setUpstreamTaskId("t-1")
                .setProvider("tokenlab").setModel("m").setVideos(List.of(first, second))
                .setCompletedAt(Instant.ofEpochMilli(NOW))
                .setMirrorFailures(List.of(CopyFailure.newBuilder().setVideoIndex(0).setFile("last_frame")
                        .setReason("wrong_content_type").setMessage("not an image").setRetryable(false)
                        .setAttempts(1).build()))
                .build();
        return TrackedTask.newBuilder().setRequestId("r-1").setPhase(TrackedPhase.in_flight).setProvider("tokenlab")
                .setModel("m").setUpstreamTaskId("t-1").setIntentAt(NOW - 60_000).setSubmittedAt(NOW - 60_000)
                .setCompletion(completion).setMirrorSince(NOW).setMirrorGiveUpAt(NOW + MAX_WAIT.toMillis())
                .setMirrorRetryAt(NOW + 60_000).setMirrorRounds(1).build();
    }
}
