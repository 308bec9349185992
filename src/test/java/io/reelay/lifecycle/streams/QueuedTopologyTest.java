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
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelay.catalog.ModelCatalog;
import io.reelay.config.ReelayConfig;
import io.reelay.events.VideoRequested;
import io.reelay.events.VideoTaskEvent;
import io.reelay.events.VideoTaskEventType;
import io.reelay.intake.VideoRequest;
import io.reelay.intake.tenancy.Tenancy;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.kafka.Topics;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.lifecycle.query.QueueBoard;
import io.reelay.lifecycle.query.RequestStatus;
import io.reelay.observability.metrics.TenantTags;
import io.reelay.observability.metrics.TrackerMetrics;
import io.reelay.upstream.budget.RateBudgets;
import io.smallrye.mutiny.Uni;

/**
 * Where am I? A request waiting for its submit (one provider budget of 12 a minute, so one submit every 5 s) is told
 * its place and its expected start and finish: once on video.tasks when it starts waiting, and on the board the status
 * API reads, counted afresh while somebody asks.
 */
class QueuedTopologyTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final ModelCatalog CATALOG = ModelCatalog.load();

    private final ScriptedProvider upstream = new ScriptedProvider();
    private final List<VideoTaskEvent> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final QueueBoard board = new QueueBoard();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> requestsIn;
    private TestInputTopic<String, VideoTaskEvent> tasksIn;
    private TestOutputTopic<String, VideoTaskEvent> tasksOut;
    private Instant now = T0;

    private void start(ReelayConfig settings) throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "queued-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("queued-test").toString());
        var intake = new RequestIntake(new RequestValidator(CATALOG, settings.validation()),
                io.reelay.kafka.EventSerdes.singleObject(), Tenancy.of(settings));
        var services = new TrackerServices(intake, name -> "tokenlab".equals(name) ? upstream : null,
                this::recordOutcome, new TrackerMetrics(new SimpleMeterRegistry(), () -> CATALOG,
                        TenantTags.of(settings)), new RateBudgets(Map.of("tokenlab", 12))).withQueues(board);
        driver = new TopologyTestDriver(TrackerTopology.buildTopology(settings, services), props, T0);
        requestsIn = driver.createInputTopic(Topics.REQUESTS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        tasksIn = driver.createInputTopic(Topics.TASKS, Serdes.String().serializer(),
                SignedTasks.signed(AvroSerde.of(VideoTaskEvent.class).serializer()));
        tasksOut = driver.createOutputTopic(Topics.TASKS, Serdes.String().deserializer(),
                AvroSerde.of(VideoTaskEvent.class).deserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void aWaitingRequestIsToldItsPlaceOnceOnVideoTasksAndAfreshWhenAsked() throws Exception {
        ReelayConfig settings = TrackerTestConfig.fixedPolling()
                .set(c -> c.tracker().firstPollDelay(), Duration.ofMinutes(5)).build();
        start(settings);
        upstream.acceptingSubmits();
        for (int i = 0; i < 4; i++) {
            publish("a-" + i);
        }
        advance(Duration.ofMillis(500)); // one tick
        Instant tick = T0.plusMillis(500);

        List<VideoTaskEvent> queued = queued(tasksOut.readValuesToList());
        // a-0 took the budget's one call at once: it never waited. The others wait, in arrival order.
        assertThat(queued).extracting(VideoTaskEvent::getRequestId).containsExactly("a-1", "a-2", "a-3");
        assertThat(queued).extracting(VideoTaskEvent::getQueuePosition).containsExactly(1, 2, 3);
        // 12 a minute less the poll reserve (0.2): 9.6 a minute, one submit every 6.25 s.
        assertThat(queued).extracting(VideoTaskEvent::getEstimatedStartAt)
                .containsExactly(tick, tick.plusMillis(6_250), tick.plusMillis(12_500));
        // Finish: the start plus what veo3.1's tasks are expected to take (nothing learned yet: the configured prior).
        Duration takes = settings.polling().modelExpectedDurations().getOrDefault("veo3.1",
                settings.polling().expectedDuration());
        assertThat(queued).allSatisfy(e -> assertThat(Duration.between(e.getEstimatedStartAt(),
                e.getEstimatedFinishAt())).isEqualTo(takes));
        assertThat(queued).allSatisfy(e -> {
            assertThat(e.getTenant()).isEqualTo("a");
            assertThat(e.getProvider()).isEqualTo("tokenlab");
        });
        assertThat(board.place("a-3", 0, tick.toEpochMilli()).position()).isEqualTo(3);
        assertThat(board.place("a-0", 0, tick.toEpochMilli())).as("not waiting").isNull();

        advance(Duration.ofSeconds(11)); // a-1 and a-2 go (one call every 5 s)
        assertThat(submitted()).containsExactly("a-0", "a-1", "a-2");
        assertThat(queued(tasksOut.readValuesToList())).as("told once, never again tick by tick").isEmpty();

        // Asked after a while: the question has the places counted afresh at the next tick.
        board.place("a-3", 0, now.toEpochMilli());
        advance(Duration.ofMillis(500));
        RequestStatus.Queue place = board.place("a-3", 0, now.toEpochMilli());
        assertThat(place.position()).isEqualTo(1);
        assertThat(place.waiting()).isEqualTo(1);
        assertThat(place.asOf()).isEqualTo(now);
        assertThat(place.estimatedStartAt()).isEqualTo(now);
        assertThat(queued(tasksOut.readValuesToList())).isEmpty();
    }

    @Test
    void aRequestServedAtOnceIsNeverToldItWaits() throws Exception {
        start(TrackerTestConfig.fixedPolling().set(c -> c.tracker().firstPollDelay(), Duration.ofMinutes(5)).build());
        upstream.acceptingSubmits();
        publish("only");
        advance(Duration.ofSeconds(2));
        assertThat(submitted()).containsExactly("only");
        assertThat(queued(tasksOut.readValuesToList())).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private static List<VideoTaskEvent> queued(List<VideoTaskEvent> written) {
        return written.stream().filter(e -> e.getType() == VideoTaskEventType.queued).toList();
    }

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

    private void publish(String id) {
        VideoRequested request = VideoRequested.newBuilder().setRequestId(id).setModel("veo3.1")
                .setOperation("text-to-video").setPrompt("a cat in a garden").setRequestedAt(T0).setTenant("a")
                .build();
        requestsIn.pipeInput(id, AvroSerde.of(VideoRequested.class).encode(request));
    }

    /** In ticks of 500 ms, answers delivered as they come. */
    private void advance(Duration duration) {
        for (long ms = 0; ms < duration.toMillis(); ms += 500) {
            driver.advanceWallClockTime(Duration.ofMillis(500));
            now = now.plusMillis(500);
            deliverOutcomes();
        }
    }
}
