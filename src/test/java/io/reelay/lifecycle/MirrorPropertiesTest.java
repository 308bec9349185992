package io.reelay.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import io.reelay.config.ReelayConfig;
import io.reelay.config.TestConfig;
import io.reelay.events.VideoAsset;
import io.reelay.events.VideoCompleted;
import io.reelay.lifecycle.LifecycleInput.PollAnswered.Reported;
import io.reelay.lifecycle.mapping.MirrorEvents;
import io.reelay.state.TrackedPhase;
import io.reelay.state.TrackedTask;
import io.reelay.storage.MirrorFailure;
import io.reelay.storage.StoredObject;

/**
 * Generated runs of a completed request through mirroring: copies that are stored, fail (for a while or for good) or
 * never end; their ends delivered in any order, late, or lost to a crash that also loses everything not saved. The
 * rules and their stored form are the real ones; the shell around them is modelled as the tracker's: a copy's end is
 * kept with the waiting completion and then handed to the lifecycle, Save commits the record, the schedule wakes a
 * request at {@link Lifecycle#wakeAt}. Whatever happens, the request ends with exactly one completion, never a
 * failure, no later than the first tick at its bound, and a stored object on it only where a copy succeeded.
 */
class MirrorPropertiesTest {

    static final long T0 = 1_000_000_000L;
    static final ReelayConfig SETTINGS = TestConfig.defaults()
            .set(c -> c.mirror().maxWait(), Duration.ofMinutes(2))
            .set(c -> c.mirror().initialBackoff(), Duration.ofSeconds(1))
            .set(c -> c.mirror().maxBackoff(), Duration.ofSeconds(20))
            .build();

    enum Outcome { STORED, RETRYABLE, FOR_GOOD, HANGS }

    sealed interface Step {
    }

    record Deliver(int which) implements Step {
    }

    record Tick(int ms) implements Step {
    }

    record Crash() implements Step {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0, 10).map(Deliver::new)),
                net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(100, 30_000).map(Tick::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Crash())));
        return step.list().ofMaxSize(60);
    }

    @Provide
    Arbitrary<List<Outcome>> outcomes() {
        return Arbitraries.frequency(net.jqwik.api.Tuple.of(4, Outcome.STORED), net.jqwik.api.Tuple.of(4,
                Outcome.RETRYABLE), net.jqwik.api.Tuple.of(1, Outcome.FOR_GOOD), net.jqwik.api.Tuple.of(1,
                        Outcome.HANGS)).list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 3_000)
    void everyRequestEndsWithExactlyOneCompletionAndStoredObjectsOnlyFromSuccessfulCopies(
            @ForAll @IntRange(min = 1, max = 3) int videos, @ForAll @Size(max = 3) List<Boolean> lastFrames,
            @ForAll("outcomes") List<Outcome> outcomes, @ForAll("steps") List<Step> steps) {
        Run run = new Run(videos, lastFrames, outcomes);
        run.begin();
        for (Step step : steps) {
            if (run.ended) {
                break;
            }
            run.take(step);
        }
        // Then time alone: every pending end delivered, ticks until the bound.
        while (!run.ended && !run.pending.isEmpty()) {
            run.take(new Deliver(0));
        }
        for (int i = 0; i < 1_000 && !run.ended; i++) {
            run.take(new Tick(5_000));
        }
        assertThat(run.completions).as("exactly one completion").isEqualTo(1);
        assertThat(run.failures).as("never a failure: the task was paid").isZero();
        assertThat(run.endedAt).as("never withheld past the first tick at the bound")
                .isLessThanOrEqualTo(run.giveUpAt + run.lastTick);
        VideoCompleted out = run.event;
        Set<MirrorFile> storedOn = new HashSet<>();
        for (int i = 0; i < out.getVideos().size(); i++) {
            VideoAsset asset = out.getVideos().get(i);
            assertThat(asset.getUrl()).as("the upstream URL is always there").isEqualTo(source(i, false));
            if (asset.getStored() != null) {
                storedOn.add(new MirrorFile(i, false));
            }
            if (asset.getLastFrameStored() != null) {
                storedOn.add(new MirrorFile(i, true));
            }
        }
        assertThat(run.succeeded).as("stored objects come only from successful copies").containsAll(storedOn);
        Set<MirrorFile> failedOn = new HashSet<>();
        if (out.getMirrorFailures() != null) {
            out.getMirrorFailures().forEach(f -> failedOn.add(new MirrorFile(f.getVideoIndex(),
                    f.getFile().equals("last_frame"))));
        }
        Set<MirrorFile> all = StoredStage.files(out);
        assertThat(failedOn).as("a failure for each file without a copy, none for one with")
                .isEqualTo(difference(all, storedOn));
        assertThat(out.getMirrorStatus().name()).isEqualTo(storedOn.equals(all) ? "stored" : "failed");
    }

    private static Set<MirrorFile> difference(Set<MirrorFile> a, Set<MirrorFile> b) {
        Set<MirrorFile> d = new HashSet<>(a);
        d.removeAll(b);
        return d;
    }

    static String source(int video, boolean lastFrame) {
        return "https://cdn.example/" + video + (lastFrame ? ".png" : ".mp4");
    }

    /** One request and the modelled shell around the real rules. */
    static final class Run {

        record Pending(MirrorFile file, Outcome outcome) {
        }

        final List<Outcome> outcomes;
        int drawn;
        long now = T0;
        /** The committed record: what survives a crash. */
        TrackedTask stored;
        final Set<MirrorFile> underWay = new HashSet<>();
        final List<Pending> pending = new ArrayList<>();
        final Set<MirrorFile> succeeded = new HashSet<>();
        boolean ended;
        int completions;
        int failures;
        long endedAt;
        long giveUpAt;
        long lastTick;
        VideoCompleted event;
        final List<VideoAsset> assets = new ArrayList<>();

        Run(int videos, List<Boolean> lastFrames, List<Outcome> outcomes) {
            this.outcomes = outcomes;
            for (int i = 0; i < videos; i++) {
                boolean frame = i < lastFrames.size() && lastFrames.get(i);
                assets.add(VideoAsset.newBuilder().setUrl(source(i, false))
                        .setLastFrameUrl(frame ? source(i, true) : null).build());
            }
            stored = TrackedTask.newBuilder().setRequestId("r-1").setPhase(TrackedPhase.in_flight)
                    .setProvider("tokenlab").setModel("m").setUpstreamTaskId("t-1").setIntentAt(T0 - 60_000)
                    .setSubmittedAt(T0 - 60_000).build();
        }

        void begin() {
            VideoCompleted completion = VideoCompleted.newBuilder().setRequestId("r-1").setUpstreamTaskId("t-1")
                    .setProvider("tokenlab").setModel("m").setVideos(assets).setCompletedAt(Instant.ofEpochMilli(now))
                    .setUrlsExpireAt(Instant.ofEpochMilli(now + 3_600_000)).build();
            RequestState polling = StoredStage.of(stored, null, true, 0);
            var files = StoredStage.files(completion);
            TrackedTask working = copy(stored);
            working.setCompletion(completion); // the shell keeps the answer with the first Save
            perform(Lifecycle.next(polling, new LifecycleInput.PollAnswered(Reported.COMPLETED, "completed", 100,
                    true, false, null, false, 0, files), now, SETTINGS), working);
            giveUpAt = stored.getMirrorGiveUpAt();
        }

        void take(Step step) {
            if (step instanceof Deliver d && !pending.isEmpty()) {
                Pending p = pending.remove(d.which() % pending.size());
                underWay.remove(p.file());
                TrackedTask working = copy(stored);
                if (ended || working.getCompletion() == null) {
                    return;
                }
                LifecycleInput input;
                if (p.outcome() == Outcome.STORED) {
                    MirrorEvents.keepCopy(working.getCompletion(), p.file(), object(p.file()));
                    succeeded.add(p.file());
                    input = new LifecycleInput.MirrorCopied(p.file(), 0.5);
                } else {
                    MirrorFailure f = new MirrorFailure(p.outcome() == Outcome.RETRYABLE
                            ? MirrorFailure.Reason.source_timeout : MirrorFailure.Reason.too_large, "scripted");
                    MirrorEvents.keepFailure(working.getCompletion(), p.file(), f);
                    input = new LifecycleInput.MirrorFailed(p.file(), f.reason().name(), f.retryable(), 0.5);
                }
                perform(Lifecycle.next(state(working), input, now, SETTINGS), working);
            } else if (step instanceof Tick t) {
                now += t.ms();
                lastTick = Math.max(lastTick, t.ms());
                if (!ended && Lifecycle.wakeAt(state(stored), SETTINGS) <= now) {
                    TrackedTask working = copy(stored);
                    perform(Lifecycle.next(state(working), new LifecycleInput.Due(), now, SETTINGS), working);
                }
            } else if (step instanceof Crash) {
                underWay.clear(); // the process and every copy's end it had not applied are gone
                pending.clear();
            }
        }

        RequestState state(TrackedTask task) {
            return StoredStage.of(task, null, false, underWay.size());
        }

        void perform(Transition t, TrackedTask working) {
            for (Effect effect : t.effects()) {
                if (effect instanceof Effect.Save) {
                    StoredStage.apply(t.state(), working);
                    stored = copy(working);
                } else if (effect instanceof Effect.CopyFiles c) {
                    for (MirrorFile file : c.files()) {
                        if (underWay.add(file)) {
                            Outcome o = outcomes.get(drawn++ % outcomes.size());
                            if (o != Outcome.HANGS) {
                                pending.add(new Pending(file, o));
                            }
                        }
                    }
                } else if (effect instanceof Effect.Complete) {
                    completions++;
                    ended = true;
                    endedAt = now;
                    event = MirrorEvents.finish(working.getCompletion(), StoredStage.files(working.getCompletion()));
                } else if (effect instanceof Effect.Fail) {
                    failures++;
                    ended = true;
                }
            }
        }

        static TrackedTask copy(TrackedTask task) {
            return TrackedTask.newBuilder(task).build();
        }

        static StoredObject object(MirrorFile file) {
            String key = "p/r-1/" + file.video() + (file.lastFrame() ? "-last-frame.png" : ".mp4");
            return new StoredObject("b", key, 10, "ab", "video/mp4", URI.create("https://s3.example/" + key),
                    Instant.ofEpochMilli(T0 + 3_600_000));
        }
    }

}
