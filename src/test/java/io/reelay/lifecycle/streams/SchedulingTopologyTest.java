package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelay.catalog.ModelCatalog;
import io.reelay.config.ReelayConfig;
import io.reelay.events.VideoRequested;
import io.reelay.events.VideoTaskEvent;
import io.reelay.intake.VideoRequest;
import io.reelay.intake.tenancy.Tenancy;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.kafka.Topics;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.observability.metrics.TenantTags;
import io.reelay.observability.metrics.TrackerMetrics;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamStatus;
import io.reelay.upstream.VideoOutput;
import io.reelay.upstream.budget.RateBudgets;
import io.reelay.upstream.budget.TenantQuotas;
import io.smallrye.mutiny.Uni;

/**
 * Who is submitted first when one provider's rate budget (12 a minute: one call every 5 s) cannot serve everyone:
 * a light tenant's request is not stuck behind a heavy tenant's backlog, and polls of paid tasks come first.
 */
class SchedulingTopologyTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final ModelCatalog CATALOG = ModelCatalog.load();

    private final ScriptedProvider upstream = new ScriptedProvider();
    private final List<VideoTaskEvent> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> requestsIn;
    private TestInputTopic<String, VideoTaskEvent> tasksIn;

    private void start(ReelayConfig settings) throws Exception {
        start(settings, new RateBudgets(Map.of("tokenlab", 12)));
    }

    private void start(ReelayConfig settings, RateBudgets budgets) throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "scheduling-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("scheduling-test").toString());
        var intake = new RequestIntake(new RequestValidator(CATALOG, settings.validation()),
                io.reelay.kafka.EventSerdes.singleObject(), Tenancy.of(settings));
        var services = new TrackerServices(intake, name -> "tokenlab".equals(name) ? upstream : null,
                this::recordOutcome, new TrackerMetrics(new SimpleMeterRegistry(), () -> CATALOG,
                        TenantTags.of(settings)), budgets);
        driver = new TopologyTestDriver(TrackerTopology.buildTopology(settings, services), props, T0);
        requestsIn = driver.createInputTopic(Topics.REQUESTS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        tasksIn = driver.createInputTopic(Topics.TASKS, Serdes.String().serializer(),
                SignedTasks.signed(AvroSerde.of(VideoTaskEvent.class).serializer()));
    }

    /** Polls of the tasks created far off: these tests watch the submits alone. */
    private static io.reelay.config.TestConfig submitsOnly() {
        return TrackerTestConfig.fixedPolling().set(c -> c.tracker().firstPollDelay(), Duration.ofMinutes(5));
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void aLightTenantsRequestTakesTheNextSlotAheadOfAHeavyTenantsBacklog() throws Exception {
        start(submitsOnly().build());
        upstream.acceptingSubmits();
        for (int i = 0; i < 10; i++) {
            publish("heavy-" + i, "heavy", null);
        }
        publish("light-0", "light", null);
        advance(Duration.ofMillis(5_500)); // the budget has one call again
        assertThat(submitted()).containsExactly("heavy-0", "light-0");
    }

    @Test
    void anUrgentRequestGoesBeforeEveryNormalOneWaiting() throws Exception {
        start(submitsOnly().build());
        upstream.acceptingSubmits();
        for (int i = 0; i < 5; i++) {
            publish("normal-" + i, "light", null);
        }
        publish("urgent", "heavy", 1);
        advance(Duration.ofMillis(5_500));
        assertThat(submitted()).containsExactly("normal-0", "urgent");
    }

    @Test
    void firstComeServesTheBacklogFirst() throws Exception {
        start(submitsOnly().with("reelay.scheduling.policy", "first-come").build());
        upstream.acceptingSubmits();
        for (int i = 0; i < 10; i++) {
            publish("heavy-" + i, "heavy", null);
        }
        publish("light-0", "light", 1);
        advance(Duration.ofMillis(5_500)); // the budget has one call again
        assertThat(submitted()).containsExactly("heavy-0", "heavy-1");
    }

    @Test
    void aDuePollOfAPaidTaskTakesTheBudgetBeforeWaitingSubmits() throws Exception {
        start(TrackerTestConfig.fixedPolling().build());
        upstream.acceptingSubmits().answer("task-1", new TaskReport(UpstreamStatus.COMPLETED, "completed", 100,
                List.of(new VideoOutput("https://cdn.example/a.mp4", 8.0, 1280, 720, null)), null, false, null));
        publish("paid", "light", null);
        deliverOutcomes(); // task-1 created: its first poll is due in 5 s, when the budget has one call again
        for (int i = 0; i < 5; i++) {
            publish("new-" + i, "heavy", null);
        }
        advance(Duration.ofSeconds(6));
        assertThat(upstream.pollsOf("task-1")).as("the poll went, though 5 submits wait").isEqualTo(1);
        assertThat(submitted()).containsExactly("paid");
        advance(Duration.ofSeconds(5)); // task-1 ended: the next call is a submit's
        assertThat(submitted()).containsExactly("paid", "new-0");
    }

    @Test
    void aTenantAtItsInFlightLimitWaitsWhileOthersGoThenGoesWhenItsTaskEnds() throws Exception {
        start(TrackerTestConfig.fixedPolling().build(), new RateBudgets(Map.of("tokenlab", 600)).withTenants(
                new TenantQuotas(t -> "capped".equals(t) ? new TenantQuotas.Limits(1, null)
                        : TenantQuotas.Limits.NONE)));
        upstream.acceptingSubmits().answer("task-1", new TaskReport(UpstreamStatus.COMPLETED, "completed", 100,
                List.of(new VideoOutput("https://cdn.example/a.mp4", 8.0, 1280, 720, null)), null, false, null));
        upstream.defaultAnswer = new TaskReport(UpstreamStatus.PROCESSING, "processing", 10, List.of(), null, false,
                null);
        publish("capped-0", "capped", null);
        publish("capped-1", "capped", 1);
        publish("other-0", "other", null);
        advance(Duration.ofSeconds(2));
        assertThat(submitted()).containsExactly("capped-0", "other-0");
        advance(Duration.ofSeconds(5)); // capped-0's task completed: its place is free
        assertThat(submitted()).containsExactly("capped-0", "other-0", "capped-1");
    }

    @Test
    void aTenantThatFailsOnItsLimitEndsWithQuotaExceededBeforeAnythingIsPaid() throws Exception {
        start(TrackerTestConfig.fixedPolling().build(), new RateBudgets(Map.of("tokenlab", 600)).withTenants(
                new TenantQuotas(t -> "capped".equals(t) ? new TenantQuotas.Limits(1, null, true)
                        : TenantQuotas.Limits.NONE)));
        upstream.acceptingSubmits();
        upstream.defaultAnswer = new TaskReport(UpstreamStatus.PROCESSING, "processing", 10, List.of(), null, false,
                null);
        var failed = driver.createOutputTopic(Topics.FAILED, Serdes.String().deserializer(),
                AvroSerde.of(io.reelay.events.VideoFailed.class).deserializer());
        publish("capped-0", "capped", null);
        publish("capped-1", "capped", null);
        advance(Duration.ofSeconds(1));
        assertThat(submitted()).containsExactly("capped-0");
        var failure = failed.readValue();
        assertThat(failure.getRequestId()).isEqualTo("capped-1");
        assertThat(failure.getReason()).isEqualTo(io.reelay.events.FailureReason.quota_exceeded);
        assertThat(failure.getMessage()).contains("max-in-flight 1").hasSizeLessThan(300);
        assertThat(failed.isEmpty()).isTrue();
    }

    // ------------------------------------------------------------------ helpers

    private List<String> submitted() {
        return upstream.submits.stream().map(VideoRequest::requestId).toList();
    }

    private Uni<Void> recordOutcome(VideoTaskEvent outcome) {
        outcomes.add(outcome);
        return Uni.createFrom().voidItem();
    }

    private void deliverOutcomes() {
        List<VideoTaskEvent> written = List.copyOf(outcomes);
        outcomes.clear();
        written.forEach(e -> tasksIn.pipeInput(e.getRequestId(), e));
    }

    private void publish(String id, String tenant, Integer priority) {
        VideoRequested request = VideoRequested.newBuilder().setRequestId(id).setModel("veo3.1")
                .setOperation("text-to-video").setPrompt("a cat in a garden").setRequestedAt(T0).setTenant(tenant)
                .setPriority(priority).build();
        requestsIn.pipeInput(id, AvroSerde.of(VideoRequested.class).encode(request));
    }

    /** In ticks, answers delivered as they come. */
    private void advance(Duration duration) {
        for (long ms = 0; ms < duration.toMillis(); ms += 500) {
            driver.advanceWallClockTime(Duration.ofMillis(500));
            deliverOutcomes();
        }
    }
}
