package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelay.catalog.ModelCatalog;
import io.reelay.config.ReelayConfig;
import io.reelay.config.TestConfig;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.kafka.Topics;
import io.reelay.observability.metrics.TrackerMetrics;
import io.reelay.state.TrackedPhase;
import io.reelay.state.TrackedTask;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamStatus;
import io.smallrye.mutiny.Uni;

/**
 * The schedule has no changelog: a stream task that starts builds it again from the in-flight store. What a restore
 * leaves in it (nothing after a wiped disk, or what this instance last wrote before the partition went elsewhere)
 * never decides when a request is woken; the in-flight store's {@code wake_at} does.
 */
class ScheduleRebuildTest {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    private static final ReelayConfig SETTINGS = TrackerTestConfig.fixedPolling().build();

    private final ScriptedProvider upstream = new ScriptedProvider().acceptingSubmits();
    private final MockProcessorContext<Object, Object> context = RestoredStores.context(at(0));
    private final KeyValueStore<String, TrackedTask> inFlight = context.getStateStore(Topics.IN_FLIGHT_STORE);
    private final KeyValueStore<String, String> schedule = context.getStateStore(Topics.SCHEDULE_STORE);
    private TaskTracker tracker;

    @AfterEach
    void close() {
        if (tracker != null) {
            tracker.close();
        }
    }

    @Test
    void aRequestRestoredWithoutItsScheduleIsPolledAtTheTimeItsLastOwnerFiledIt() {
        inFlight.put("r-1", tracked("r-1", 30));
        upstream.answer("task-r-1", running());

        start();
        tracker.tick(at(29_000));
        assertThat(upstream.pollsOf("task-r-1")).as("not before its time").isZero();

        tracker.tick(at(30_000));
        assertThat(upstream.pollsOf("task-r-1")).as("at its time, though the schedule came back empty").isEqualTo(1);
    }

    @Test
    void keysLeftFromAnEarlierOwnershipNeitherWakeARequestEarlyNorHideIt() {
        // Filed at 1 s when this instance last held the partition; filed at 30 s since, by another instance.
        inFlight.put("r-2", tracked("r-2", 30));
        schedule.put(TrackerState.scheduleKey(at(1_000), "r-2"), "r-2");
        // Ended elsewhere meanwhile: no longer in flight.
        schedule.put(TrackerState.scheduleKey(at(2_000), "gone"), "gone");
        upstream.answer("task-r-2", running());

        start();
        tracker.tick(at(5_000));
        assertThat(upstream.pollsOf("task-r-2")).as("its old key does not wake it").isZero();
        assertThat(keys()).as("the old keys are dropped once read").containsExactly(
                TrackerState.scheduleKey(at(30_000), "r-2"));

        tracker.tick(at(30_000));
        assertThat(upstream.pollsOf("task-r-2")).isEqualTo(1);
    }

    @Test
    void everyRequestInFlightIsFiledOnceWhateverTheScheduleHeld() {
        for (int n = 0; n < 50; n++) {
            inFlight.put("r-" + n, tracked("r-" + n, 10 + n));
        }
        schedule.put(TrackerState.scheduleKey(at(10_000), "r-0"), "r-0"); // one already there: not filed twice

        start();

        List<String> expected = new ArrayList<>();
        for (int n = 0; n < 50; n++) {
            expected.add(TrackerState.scheduleKey(at((10 + n) * 1_000L), "r-" + n));
        }
        assertThat(keys()).containsExactlyInAnyOrderElementsOf(expected);
    }

    private void start() {
        var intake = new RequestIntake(new RequestValidator(ModelCatalog.load(), TestConfig.defaults().validation()));
        var services = new TrackerServices(intake, name -> "tokenlab".equals(name) ? upstream : null,
                outcome -> Uni.createFrom().voidItem(), new TrackerMetrics(new SimpleMeterRegistry()));
        tracker = new TaskTracker(SETTINGS, services, new Semaphore(8), new Semaphore(2), new QueueLeaders());
        tracker.init(context);
    }

    private List<String> keys() {
        List<String> keys = new ArrayList<>();
        try (var all = schedule.all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    private static TrackedTask tracked(String id, int pollAtSeconds) {
        long pollAt = at(pollAtSeconds * 1_000L);
        return TrackedTask.newBuilder()
                .setRequestId(id)
                .setPhase(TrackedPhase.in_flight)
                .setProvider("tokenlab")
                .setModel("veo3.1")
                .setIntentAt(at(0))
                .setSubmittedAt(at(0))
                .setUpstreamTaskId("task-" + id)
                .setNextPollAt(pollAt)
                .setWakeAt(pollAt)
                .build();
    }

    private static TaskReport running() {
        return new TaskReport(UpstreamStatus.PROCESSING, "processing", 50, List.of(), null, false, null);
    }

    private static long at(long ms) {
        return T0.toEpochMilli() + ms;
    }
}
