package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelay.config.ReelayConfig;
import io.reelay.catalog.ModelCatalog;
import io.reelay.config.TestConfig;
import io.reelay.events.VideoRequested;
import io.reelay.events.VideoTaskEvent;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.kafka.Topics;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.state.DurationStats;
import io.reelay.state.FinishedRequest;
import io.reelay.state.TrackedPhase;
import io.reelay.state.TrackedTask;
import io.reelay.observability.metrics.TrackerMetrics;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamError;
import io.reelay.upstream.UpstreamStatus;
import io.reelay.upstream.VideoOutput;
import io.smallrye.mutiny.Uni;

/** The tracker's meters, by provider and model, as requests go through the topology. */
class TrackerMetricsTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final ReelayConfig SETTINGS = TrackerTestConfig.fixedPolling().build();

    private final ScriptedProvider upstream = new ScriptedProvider().acceptingSubmits();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final TrackerMetrics metrics = new TrackerMetrics(meters);
    /** Submit answers; in production they reach video.tasks through their own producer. */
    private final List<VideoTaskEvent> outcomes = new CopyOnWriteArrayList<>();
    private Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> requestsIn;
    private TestInputTopic<String, VideoTaskEvent> tasksIn;

    @BeforeEach
    void start() throws Exception {
        stateDir = Files.createTempDirectory("tracker-metrics-test");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "tracker-metrics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(TrackerTopology.buildTopology(SETTINGS, services()), props, T0);
        requestsIn = driver.createInputTopic(Topics.REQUESTS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        tasksIn = driver.createInputTopic(Topics.TASKS, Serdes.String().serializer(),
                SignedTasks.signed(AvroSerde.of(VideoTaskEvent.class).serializer()));
    }

    private TrackerServices services() {
        var intake = new RequestIntake(new RequestValidator(ModelCatalog.load(), TestConfig.defaults().validation()));
        return new TrackerServices(intake, name -> "tokenlab".equals(name) ? upstream : null, outcome -> {
            outcomes.add(outcome);
            return Uni.createFrom().voidItem();
        }, metrics);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aCompletedRequestIsCountedAtEachStepWithItsPollsLagAndDurationAndLeavesTheGauge() {
        upstream.answer("task-1", running(), finished(T0.plusSeconds(9)));
        publish(request("ok-1", "veo3.1", "text-to-video").setRequestedAt(T0.minusSeconds(2)).build());
        assertThat(inFlight("tokenlab", "veo3.1")).as("admitted: in flight").isEqualTo(1);
        deliverOutcomes(); // created

        advance(Duration.ofSeconds(5)); // running
        advance(Duration.ofSeconds(5)); // finished upstream at T0 + 9 s, seen at T0 + 10 s

        assertThat(count(TrackerMetrics.RECEIVED, "tokenlab", "veo3.1")).isEqualTo(1);
        assertThat(count(TrackerMetrics.SUBMITTED, "tokenlab", "veo3.1")).isEqualTo(1);
        assertThat(count(TrackerMetrics.COMPLETED, "tokenlab", "veo3.1")).isEqualTo(1);
        assertThat(meters.find(TrackerMetrics.FAILED).meters()).isEmpty();
        DistributionSummary polls = meters.get(TrackerMetrics.POLLS_PER_TASK)
                .tags("provider", "tokenlab", "model", "veo3.1", "outcome", "completed").summary();
        assertThat(polls.count()).isEqualTo(1);
        assertThat(polls.totalAmount()).isEqualTo(2);
        Timer lag = meters.get(TrackerMetrics.DETECTION_LAG).tags("provider", "tokenlab", "model", "veo3.1").timer();
        assertThat(lag.count()).isEqualTo(1);
        assertThat(lag.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1_000);
        Timer duration = meters.get(TrackerMetrics.REQUEST_DURATION)
                .tags("provider", "tokenlab", "model", "veo3.1", "outcome", "completed").timer();
        assertThat(duration.totalTime(TimeUnit.MILLISECONDS)).as("requested_at to the completion").isEqualTo(12_000);
        assertThat(inFlight("tokenlab", "veo3.1")).as("ended: no longer in flight").isZero();
        for (String mark : List.of("submitting", "sending")) {
            assertThat(meters.get(TrackerMetrics.MARK_READ_BACK).tags("mark", mark).timer().count())
                    .as("its %s mark, read back once", mark).isEqualTo(1);
        }
        assertThat(meters.get(TrackerMetrics.CALL_PACED).tags("provider", "tokenlab").timer().count())
                .as("its one call, paced").isEqualTo(1);
    }

    @Test
    void anUpstreamFailureIsCountedByItsReason() {
        upstream.answer("task-1", new TaskReport(UpstreamStatus.FAILED, "failed", null, List.of(),
                new UpstreamError(null, "content_policy_violation", null, "no", null, false, null), false, null));
        publish(request("fail-1", "veo3.1", "text-to-video").build());
        deliverOutcomes();
        advance(Duration.ofSeconds(5));

        assertThat(meters.get(TrackerMetrics.FAILED)
                .tags("provider", "tokenlab", "model", "veo3.1", "reason", "upstream_failed").counter().count())
                .isEqualTo(1);
        assertThat(meters.get(TrackerMetrics.POLLS_PER_TASK).tags("outcome", "failed").summary().count()).isEqualTo(1);
        assertThat(meters.find(TrackerMetrics.DETECTION_LAG).meters()).as("the upstream said not when").isEmpty();
        assertThat(inFlight("tokenlab", "veo3.1")).isZero();
    }

    @Test
    void refusedRequestsAreCountedByValidationCodeAndAnUnknownModelIsBucketed() {
        publish(request("bad-1", "veo-9", "text-to-video").build());
        publish(request("bad-2", "topaz-video-upscale", "text-to-video").build());
        publish(request("bad-3", "x".repeat(300), "text-to-video").build());

        assertThat(meters.get(TrackerMetrics.REJECTED)
                .tags("provider", "unknown", "model", "unknown", "reason", "unknown_model").counter().count())
                .as("ids from outside never become tag values").isEqualTo(1);
        assertThat(meters.get(TrackerMetrics.REJECTED)
                .tags("provider", "unknown", "model", "unknown", "reason", "too_long").counter().count())
                .as("a 300-character model id is refused for its length, and not a tag value either").isEqualTo(1);
        assertThat(meters.get(TrackerMetrics.REJECTED)
                .tags("provider", "tokenlab", "model", "topaz-video-upscale", "reason", "unsupported_operation")
                .counter().count()).isEqualTo(1);
        assertThat(count(TrackerMetrics.RECEIVED, "unknown", "unknown")).isEqualTo(2);
        assertThat(meters.get(TrackerMetrics.FAILED).tags("reason", "invalid_request").counters().stream()
                .mapToDouble(c -> c.count()).sum()).isEqualTo(3);
        assertThat(meters.find(TrackerMetrics.POLLS_PER_TASK).meters()).as("no upstream task, no polls").isEmpty();
        assertThat(meters.find(TrackerMetrics.SUBMITTED).meters()).isEmpty();
        assertThat(meters.getMeters()).extracting(m -> m.getId().getTag("model"))
                .allSatisfy(model -> assertThat(model).isNotEqualTo("veo-9"));
        assertThat(upstream.submits).isEmpty();
    }

    @Test
    void repeatsAndUnreadableRecordsAreCountedApart() {
        publish(request("dup-1", "veo3.1", "text-to-video").build());
        publish(request("dup-1", "veo3.1", "text-to-video").build());
        requestsIn.pipeInput("junk", new byte[] {1, 2, 3});

        assertThat(count(TrackerMetrics.RECEIVED, "tokenlab", "veo3.1")).isEqualTo(1);
        assertThat(count(TrackerMetrics.REPEATED, "tokenlab", "veo3.1")).isEqualTo(1);
        assertThat(meters.get(TrackerMetrics.DEAD_LETTERED).counter().count()).isEqualTo(1);
        assertThat(upstream.submitsOf("dup-1")).isEqualTo(1);
    }

    @Test
    void theGaugeCountsWhatTheRestoredStoreHoldsWhenAPartitionArrivesAndDropsItWhenItLeaves() {
        // A new owner (after a restart or a rebalance) starts with the store restored from its changelog.
        MockProcessorContext<Object, Object> context = restoredContext();
        KeyValueStore<String, TrackedTask> store = context.getStateStore(Topics.IN_FLIGHT_STORE);
        store.put("r-1", tracked("r-1", "veo3.1"));
        store.put("r-2", tracked("r-2", "veo3.1"));
        store.put("r-3", tracked("r-3", "kling-v2.6-pro"));
        TaskTracker tracker = new TaskTracker(SETTINGS, services(), new Semaphore(8), new Semaphore(2),
                new QueueLeaders());

        tracker.init(context);
        assertThat(inFlight("tokenlab", "veo3.1")).isEqualTo(2);
        assertThat(inFlight("tokenlab", "kling-v2.6-pro")).isEqualTo(1);

        tracker.init(context); // a task revived after corruption is initialised again: counted afresh, not twice
        assertThat(inFlight("tokenlab", "veo3.1")).isEqualTo(2);

        tracker.close(); // the partition moved away
        assertThat(inFlight("tokenlab", "veo3.1")).isZero();
        assertThat(inFlight("tokenlab", "kling-v2.6-pro")).isZero();
    }

    @Test
    void anAttemptStoredAsNotSentIsResumedAtTheFirstTickAfterARestoreNotAtItsNextLook() {
        // Its old owner filed it for a look at the outcome timeout (2 minutes on); it died holding it unsent.
        MockProcessorContext<Object, Object> context = restoredContext();
        KeyValueStore<String, TrackedTask> store = context.getStateStore(Topics.IN_FLIGHT_STORE);
        KeyValueStore<String, String> schedule = context.getStateStore(Topics.SCHEDULE_STORE);
        long later = T0.plusSeconds(120).toEpochMilli();
        for (String id : List.of("unsent-1", "sent-1")) {
            TrackedTask task = submitting(id, later);
            task.setSendingMarked(id.startsWith("sent"));
            store.put(id, task);
            schedule.put(String.format("%013d|%s", later, id), id);
        }
        TaskTracker tracker = new TaskTracker(SETTINGS, services(), new Semaphore(8), new Semaphore(2),
                new QueueLeaders());
        long now = T0.plusSeconds(1).toEpochMilli();
        context.setCurrentSystemTimeMs(now);
        tracker.init(context);

        tracker.tick(now + 100);

        List<VideoTaskEvent> written = context.forwarded().stream().map(f -> f.record().value())
                .filter(VideoTaskEvent.class::isInstance).map(VideoTaskEvent.class::cast).toList();
        assertThat(written).as("resumed behind a new intent at once: its call certainly never went out")
                .anySatisfy(e -> {
                    assertThat(e.getRequestId()).isEqualTo("unsent-1");
                    assertThat(e.getType()).isEqualTo(io.reelay.events.VideoTaskEventType.submitting);
                });
        assertThat(written).as("a committed sending mark: may have gone out, never sent again")
                .noneMatch(e -> e.getRequestId().equals("sent-1"));
        assertThat(store.get("sent-1").getWakeAt()).as("still checked at its outcome timeout").isEqualTo(later);
        tracker.close();
    }

    @Test
    void aNewOwnerCountsTheTasksItFindsRunningInTheirTenantsInFlightQuota() {
        var budgets = new io.reelay.upstream.budget.RateBudgets(java.util.Map.of()).withTenants(
                new io.reelay.upstream.budget.TenantQuotas(t -> "capped".equals(t)
                        ? new io.reelay.upstream.budget.TenantQuotas.Limits(2, null)
                        : io.reelay.upstream.budget.TenantQuotas.Limits.NONE));
        MockProcessorContext<Object, Object> context = restoredContext();
        KeyValueStore<String, TrackedTask> store = context.getStateStore(Topics.IN_FLIGHT_STORE);
        for (String id : List.of("run-1", "run-2")) {
            TrackedTask running = tracked(id, "veo3.1");
            running.setTenant("capped");
            store.put(id, running);
        }
        TrackedTask unsent = submitting("wait-1", T0.plusSeconds(120).toEpochMilli());
        unsent.setTenant("capped");
        store.put("wait-1", unsent);
        var intake = new RequestIntake(new RequestValidator(ModelCatalog.load(), TestConfig.defaults().validation()));
        TaskTracker tracker = new TaskTracker(SETTINGS, new TrackerServices(intake,
                name -> "tokenlab".equals(name) ? upstream : null, outcome -> Uni.createFrom().voidItem(), metrics,
                budgets), new Semaphore(8), new Semaphore(2), new QueueLeaders());

        tracker.init(context);
        tracker.tick(T0.toEpochMilli() + 100);

        assertThat(budgets.tenants().inFlight("capped")).as("its two tasks running upstream, found restored; not the"
                + " one never sent").isEqualTo(2);
        assertThat(budgets.tenants().tryTake("capped", "wait-1", T0.toEpochMilli() + 200))
                .as("so the tenant's next submit waits for one to end").isFalse();
        tracker.close();
    }

    private static MockProcessorContext<Object, Object> restoredContext() {
        return RestoredStores.context(T0.toEpochMilli());
    }

    private static TrackedTask submitting(String id, long wakeAt) {
        return TrackedTask.newBuilder()
                .setRequestId(id)
                .setPhase(TrackedPhase.submitting)
                .setProvider("tokenlab")
                .setModel("veo3.1")
                .setOperation("text-to-video")
                .setIntentAt(T0.toEpochMilli())
                .setPendingRequest(request(id, "veo3.1", "text-to-video").build())
                .setWakeAt(wakeAt)
                .build();
    }

    private static TrackedTask tracked(String id, String model) {
        return TrackedTask.newBuilder()
                .setRequestId(id)
                .setPhase(TrackedPhase.in_flight)
                .setProvider("tokenlab")
                .setModel(model)
                .setIntentAt(T0.toEpochMilli())
                .setSubmittedAt(T0.toEpochMilli())
                .setUpstreamTaskId("task-" + id)
                .setNextPollAt(T0.plusSeconds(5).toEpochMilli())
                .setWakeAt(T0.plusSeconds(5).toEpochMilli())
                .build();
    }

    private double count(String name, String provider, String model) {
        var counter = meters.find(name).tags("provider", provider, "model", model).counter();
        return counter == null ? 0 : counter.count();
    }

    private double inFlight(String provider, String model) {
        Gauge gauge = meters.find(TrackerMetrics.IN_FLIGHT).tags("provider", provider, "model", model).gauge();
        return gauge == null ? 0 : gauge.value();
    }

    private void publish(VideoRequested request) {
        requestsIn.pipeInput(request.getRequestId(), AvroSerde.of(VideoRequested.class).encode(request));
    }

    private void deliverOutcomes() {
        List<VideoTaskEvent> written = List.copyOf(outcomes);
        outcomes.clear();
        written.forEach(e -> tasksIn.pipeInput(e.getRequestId(), e));
    }

    private void advance(Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    private static VideoRequested.Builder request(String id, String model, String operation) {
        return VideoRequested.newBuilder()
                .setRequestId(id)
                .setModel(model)
                .setOperation(operation)
                .setPrompt("a cat in a garden")
                .setRequestedAt(T0);
    }

    private static TaskReport running() {
        return new TaskReport(UpstreamStatus.PROCESSING, "processing", 50, List.of(), null, false, null);
    }

    private static TaskReport finished(Instant at) {
        return new TaskReport(UpstreamStatus.COMPLETED, "completed", 100,
                List.of(new VideoOutput("https://cdn.example/v.mp4", 8.0, 1280, 720, null)), null, false, at);
    }
}
