package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelay.config.ReelayConfig;
import io.reelay.config.ReelayConfig.Polling.Strategy;
import io.reelay.catalog.ModelCatalog;
import io.reelay.config.TestConfig;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoRequested;
import io.reelay.events.VideoTaskEvent;
import io.reelay.events.VideoTaskEventType;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.kafka.Topics;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.intake.VideoRequest;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.state.DurationStats;
import io.reelay.observability.metrics.TrackerMetrics;
import io.reelay.lifecycle.poll.DurationFit;
import io.reelay.upstream.SubmittedTask;
import io.reelay.upstream.TaskHandle;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamStatus;
import io.reelay.upstream.VideoOutput;
import io.reelay.upstream.VideoProvider;
import io.smallrye.mutiny.Uni;

/**
 * Adaptive polling through the whole topology: tasks whose upstream reports linear progress, like
 * TokenLab's, are polled near their end instead of every few seconds, and what the tracker learns of
 * their durations moves the first polls of the next ones.
 */
class AdaptivePollingTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration TICK = Duration.ofMillis(500);
    /** Adaptive polling (the default): veo3.1 starts from 200 s, every other model from 2 min. */
    private static final ReelayConfig SETTINGS = TrackerTestConfig.fixedPolling()
            .set(c -> c.tracker().tickInterval(), TICK)
            .set(c -> c.tracker().maxConcurrentPolls(), 64)
            .set(c -> c.polling().strategy(), Strategy.ADAPTIVE)
            .set(c -> c.polling().expectedDuration(), Duration.ofMinutes(2))
            .set(c -> c.polling().modelExpectedDurations(), Map.of("veo3.1", Duration.ofSeconds(200)))
            .build();

    private final LinearUpstream upstream = new LinearUpstream();
    private TopologyTestDriver driver;
    private TestInputTopic<String, VideoTaskEvent> tasksIn;
    private TestOutputTopic<String, VideoCompleted> completed;
    private Path stateDir;
    private Instant now = T0;

    @BeforeEach
    void start() throws Exception {
        stateDir = Files.createTempDirectory("adaptive-polling-test");
        var intake = new RequestIntake(new RequestValidator(ModelCatalog.load(), TestConfig.defaults().validation()));
        var services = new TrackerServices(intake, name -> upstream, outcome -> Uni.createFrom().voidItem(),
                new TrackerMetrics(new SimpleMeterRegistry()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "adaptive-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(TrackerTopology.buildTopology(SETTINGS, services), props, T0);
        tasksIn = driver.createInputTopic(Topics.TASKS, Serdes.String().serializer(),
                SignedTasks.signed(AvroSerde.of(VideoTaskEvent.class).serializer()));
        completed = driver.createOutputTopic(Topics.COMPLETED, Serdes.String().deserializer(),
                AvroSerde.of(VideoCompleted.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aTaskIsFirstPolledNearItsExpectedEndThenAtTheEndItsProgressPointsTo() {
        // Expected 200 s (spread 0.5): first poll at the 2 % quantile, 71.6 s, plus the tolerance.
        create("r-1", "task-1", Duration.ofSeconds(150));

        runFor(Duration.ofSeconds(70));
        assertThat(upstream.pollTimes("task-1")).as("not polled every 5 s while surely running").isEmpty();
        runFor(Duration.ofSeconds(6));
        assertThat(upstream.pollTimes("task-1")).hasSize(1); // 49 %: it cannot end before 150 s

        runFor(Duration.ofSeconds(90));
        List<VideoCompleted> done = completed.readValuesToList();
        assertThat(done).hasSize(1);
        assertThat(done.get(0).getPollCount()).isEqualTo(2);
        Duration lag = Duration.between(T0.plusSeconds(150), done.get(0).getCompletedAt());
        assertThat(lag).as("noticed within 2 s + 3 %% of 150 s").isPositive().isLessThanOrEqualTo(Duration.ofMillis(6_500));
    }

    @Test
    void learnsHowLongAModelsTasksTakeAndPollsTheNextOnesSooner() {
        for (int i = 0; i < 30; i++) {
            create("learn-" + i, "learn-task-" + i, Duration.ofSeconds(60));
        }
        runFor(Duration.ofSeconds(90));
        List<VideoCompleted> first = completed.readValuesToList();
        assertThat(first).hasSize(30);
        // Expected 200 s: the first poll (75 s) came after these 60 s tasks had ended; each was noticed late.
        assertThat(first).allSatisfy(c -> assertThat(c.getCompletedAt()).isAfter(T0.plusSeconds(74)));

        KeyValueStore<String, DurationStats> durations = driver.getKeyValueStore(Topics.DURATIONS_STORE);
        DurationStats model = durations.get("tokenlab|veo3.1");
        assertThat(model.getSamples()).isEqualTo(30);
        assertThat(new DurationFit(model.getLogMean(), 0).medianMs()).isBetween(58_000L, 66_000L);
        assertThat(durations.get("tokenlab|veo3.1|8|720p").getSamples()).as("the finer class too").isEqualTo(30);
        assertThat(driver.producedTopicNames()).as("learned durations are changelogged: they survive restarts")
                .contains("adaptive-test-" + Topics.DURATIONS_STORE + "-changelog");

        Instant startedAt = now;
        create("after", "after-task", Duration.ofSeconds(60));
        runFor(Duration.ofSeconds(70));
        VideoCompleted after = completed.readValue();
        assertThat(upstream.pollTimes("after-task").get(0)).as("first poll before the learned end")
                .isBefore(startedAt.plusSeconds(60));
        assertThat(after.getPollCount()).isEqualTo(2);
        assertThat(Duration.between(startedAt.plusSeconds(60), after.getCompletedAt()))
                .isLessThanOrEqualTo(Duration.ofMillis(3_800));
    }

    /** The upstream accepted {@code taskId} for {@code requestId} now; it runs for {@code duration}. */
    private void create(String requestId, String taskId, Duration duration) {
        upstream.tasks.put(taskId, new Run(now, duration));
        VideoRequested request = VideoRequested.newBuilder()
                .setRequestId(requestId)
                .setModel("veo3.1")
                .setOperation("text-to-video")
                .setPrompt("a lighthouse at dusk")
                .setDuration(8)
                .setResolution("720p")
                .build();
        VideoTaskEvent intent = VideoTaskEvent.newBuilder()
                .setRequestId(requestId)
                .setType(VideoTaskEventType.submitting)
                .setOccurredAt(now)
                .setProvider("tokenlab")
                .setModel("veo3.1")
                .setOperation("text-to-video")
                .setRequest(request)
                .build();
        tasksIn.pipeInput(requestId, intent);
        tasksIn.pipeInput(requestId, VideoTaskEvent.newBuilder(intent)
                .setType(VideoTaskEventType.created)
                .setUpstreamTaskId(taskId)
                .setPollUrl("https://api.tokenlab.sh/v1/tasks/" + taskId)
                .setRawStatus("pending")
                .setSubmittedAt(now)
                .build());
    }

    private void runFor(Duration duration) {
        for (long t = 0; t < duration.toMillis(); t += TICK.toMillis()) {
            now = now.plus(TICK);
            upstream.now = now;
            driver.advanceWallClockTime(TICK);
        }
    }

    private record Run(Instant start, Duration duration) {
    }

    /** An upstream whose tasks report progress growing linearly with time, rounded down, as TokenLab's do. */
    private static final class LinearUpstream implements VideoProvider {

        final Map<String, Run> tasks = new HashMap<>();
        final Map<String, List<Instant>> polls = new HashMap<>();
        volatile Instant now = T0;

        List<Instant> pollTimes(String taskId) {
            return polls.getOrDefault(taskId, List.of());
        }

        @Override
        public String name() {
            return "tokenlab";
        }

        @Override
        public Uni<SubmittedTask> submit(VideoRequest request) {
            return Uni.createFrom().failure(new IllegalStateException("tasks are created by the test"));
        }

        @Override
        public Uni<Void> cancel(TaskHandle task) {
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<TaskReport> poll(TaskHandle task) {
            polls.computeIfAbsent(task.upstreamTaskId(), k -> new ArrayList<>()).add(now);
            Run run = tasks.get(task.upstreamTaskId());
            long elapsed = Duration.between(run.start(), now).toMillis();
            long total = run.duration().toMillis();
            if (elapsed >= total) {
                return Uni.createFrom().item(new TaskReport(UpstreamStatus.COMPLETED, "completed", 100,
                        List.of(new VideoOutput("https://cdn.example/" + task.upstreamTaskId() + ".mp4", null, null,
                                null, null)),
                        null, false, run.start().plus(run.duration())));
            }
            if (elapsed < total / 5) {
                return Uni.createFrom().item(new TaskReport(UpstreamStatus.PENDING, "pending", null, List.of(), null,
                        false, null));
            }
            return Uni.createFrom().item(new TaskReport(UpstreamStatus.PROCESSING, "processing",
                    (int) (elapsed * 100 / total), List.of(), null, false, null));
        }
    }
}
