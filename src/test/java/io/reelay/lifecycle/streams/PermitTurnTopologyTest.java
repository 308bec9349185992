package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

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
import io.reelay.events.VideoTaskEventType;
import io.reelay.intake.VideoRequest;
import io.reelay.intake.tenancy.Tenancy;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.kafka.Topics;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.observability.metrics.TenantTags;
import io.reelay.observability.metrics.TrackerMetrics;
import io.reelay.upstream.budget.RateBudgets;
import io.smallrye.mutiny.Uni;

/**
 * A bulk of submits waits for the permits, and a permit goes to the next one as soon as it comes back (its call's
 * answer written), not at the next tick: against an upstream that answers at once a permit's turn is a mark's round
 * trip, and a tick's wait on top of each turn would bound how fast a bulk is submitted.
 */
class PermitTurnTopologyTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final ModelCatalog CATALOG = ModelCatalog.load();

    private final ScriptedProvider upstream = new ScriptedProvider();
    /** Each answer's write to Kafka, completed when the test says: the permit is held until then. */
    private final List<Answer> answers = new CopyOnWriteArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> requestsIn;
    private TestInputTopic<String, VideoTaskEvent> tasksIn;

    private record Answer(VideoTaskEvent event, CompletableFuture<Void> written) {
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void aPermitThatComesBackGoesToTheNextSubmitWaitingWithoutWaitingForTheTick() throws Exception {
        // One permit, a budget that never binds, and a tick far away (nothing here advances the wall clock).
        start(TrackerTestConfig.fixedPolling().set(c -> c.submitter().concurrency(), 1)
                .set(c -> c.tracker().tickInterval(), Duration.ofMinutes(1))
                .set(c -> c.tracker().firstPollDelay(), Duration.ofHours(1)).build());
        upstream.acceptingSubmits();
        for (int i = 0; i < 3; i++) {
            publish("bulk-" + i);
        }
        assertThat(submitted()).as("one permit: the first goes, the others wait for it").containsExactly("bulk-0");

        answerWritten(0); // the permit comes back
        assertThat(submitted()).as("the next record read hands the permit on").containsExactly("bulk-0", "bulk-1");

        // A few ms on (grant rounds between ticks are at most every GRANT_EVERY_MS), still far from the tick.
        driver.advanceWallClockTime(Duration.ofMillis(TaskTracker.GRANT_EVERY_MS));
        answerWritten(1);
        assertThat(submitted()).containsExactly("bulk-0", "bulk-1", "bulk-2");
        assertThat(upstream.submits).as("each once").hasSize(3);
    }

    @Test
    void walksOfABigQueueAreSpacedByWhatTheyCost() {
        assertThat(TaskTracker.placesInterval(2_000_000L)).as("a walk of 2 ms: every 500 ms, as before")
                .isEqualTo(TaskTracker.PLACES_EVERY_MS);
        assertThat(TaskTracker.placesInterval(400_000_000L)).as("a walk of 0.4 s (a million waiting): a twentieth "
                + "of the stream thread").isEqualTo(8_000L);
    }

    // ------------------------------------------------------------------ helpers

    private void start(ReelayConfig settings) throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "permit-turn-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("permit-turn-test").toString());
        var intake = new RequestIntake(new RequestValidator(CATALOG, settings.validation()),
                io.reelay.kafka.EventSerdes.singleObject(), Tenancy.of(settings));
        var services = new TrackerServices(intake, name -> "tokenlab".equals(name) ? upstream : null,
                this::recordAnswer, new TrackerMetrics(new SimpleMeterRegistry(), () -> CATALOG,
                        TenantTags.of(settings)), new RateBudgets(Map.of("tokenlab", 1_000_000)));
        driver = new TopologyTestDriver(TrackerTopology.buildTopology(settings, services), props, T0);
        requestsIn = driver.createInputTopic(Topics.REQUESTS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        tasksIn = driver.createInputTopic(Topics.TASKS, Serdes.String().serializer(),
                SignedTasks.signed(AvroSerde.of(VideoTaskEvent.class).serializer()));
    }

    private Uni<Void> recordAnswer(VideoTaskEvent answer) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        answers.add(new Answer(answer, written));
        return Uni.createFrom().completionStage(written);
    }

    /** The n-th answer is in Kafka: its permit comes back, and the tracker reads it. */
    private void answerWritten(int n) {
        Answer answer = answers.get(n);
        assertThat(answer.event().getType()).isEqualTo(VideoTaskEventType.created);
        answer.written().complete(null);
        tasksIn.pipeInput(answer.event().getRequestId(), answer.event());
    }

    private List<String> submitted() {
        return upstream.submits.stream().map(VideoRequest::requestId).toList();
    }

    private void publish(String id) {
        VideoRequested request = VideoRequested.newBuilder().setRequestId(id).setModel("veo3.1")
                .setOperation("text-to-video").setPrompt("a cat in a garden").setRequestedAt(T0).setTenant("a")
                .build();
        requestsIn.pipeInput(id, AvroSerde.of(VideoRequested.class).encode(request));
    }
}
