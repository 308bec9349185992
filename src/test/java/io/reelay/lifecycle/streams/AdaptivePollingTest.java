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
import io.reelay.state.DurationShare;
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
    /**
     * Adaptive polling (the default): veo3.1 starts from 200 s, every other model from 2 min; learned durations shared
     * at most every 2 s (four ticks).
     */
    private static final ReelayConfig SETTINGS = TrackerTestConfig.fixedPolling()
            .set(c -> c.tracker().tickInterval(), TICK)
            .set(c -> c.polling().shareInterval(), Duration.ofSeconds(2))
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
        start(SETTINGS);
    }

    private void start(ReelayConfig settings) throws Exception {
        stateDir = Files.createTempDirectory("adaptive-polling-test");
        var intake = new RequestIntake(new RequestValidator(ModelCatalog.load(), TestConfig.defaults().validation()));
        var services = new TrackerServices(intake, name -> upstream, outcome -> Uni.createFrom().voidItem(),
                new TrackerMetrics(new SimpleMeterRegistry()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "adaptive-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(TrackerTopology.buildTopology(settings, services), props, T0);
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
        // Expected 200 s, configured for the model (spread 0.35): first poll at the 2 % quantile, 97.5 s, plus the
        // tolerance.
        create("r-1", "task-1", Duration.ofSeconds(150));

        runFor(Duration.ofSeconds(95));
        assertThat(upstream.pollTimes("task-1")).as("not polled every 5 s while surely running").isEmpty();
        runFor(Duration.ofSeconds(8));
        assertThat(upstream.pollTimes("task-1")).hasSize(1); // 67 %: it cannot end before 149 s

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
        runFor(Duration.ofSeconds(110));
        List<VideoCompleted> first = completed.readValuesToList();
        assertThat(first).hasSize(30);
        // Expected 200 s: the first poll (101 s) came after these 60 s tasks had ended; each was noticed late.
        assertThat(first).allSatisfy(c -> assertThat(c.getCompletedAt()).isAfter(T0.plusSeconds(100)));

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

    @Test
    void aBurstOfCompletionsIsPublishedOnceAShareIntervalAClassWithEverySampleNotOnceACompletion() {
        for (int i = 0; i < 30; i++) {
            create("burst-" + i, "burst-task-" + i, Duration.ofSeconds(60 + i));
        }
        runFor(Duration.ofSeconds(110));
        List<VideoCompleted> done = completed.readValuesToList();
        assertThat(done).hasSize(30);

        var published = driver.createOutputTopic(Topics.DURATIONS, Serdes.String().deserializer(),
                AvroSerde.of(DurationShare.class).deserializer()).readKeyValuesToList();
        List<DurationShare> model = published.stream().filter(kv -> kv.key.equals("tokenlab|veo3.1#0"))
                .map(kv -> kv.value).toList();
        // Learned 30 times while they were noticed (within a few ticks), published at most once a share-interval.
        Instant first = done.stream().map(VideoCompleted::getCompletedAt).min(Instant::compareTo).orElseThrow();
        Instant last = done.stream().map(VideoCompleted::getCompletedAt).max(Instant::compareTo).orElseThrow();
        assertThat(model).isNotEmpty().hasSizeLessThanOrEqualTo(2 + (int) Duration.between(first, last).toSeconds() / 2);
        // ... the latest whole: what other partitions read is every sample this one learned
        assertThat(model.get(model.size() - 1).getSamples()).isEqualTo(30);
        DurationStats own = driver.<String, DurationStats>getKeyValueStore(Topics.DURATIONS_STORE)
                .get("tokenlab|veo3.1");
        assertThat(model.get(model.size() - 1).getLogMean()).isEqualTo(own.getLogMean());
    }

    @Test
    void whatIsLearnedWithinAShareIntervalOfTheLastShareGoesOutAtItsEndThoughNothingElseIsDue() {
        create("r-a", "task-a", Duration.ofSeconds(150));
        runFor(Duration.ofMillis(400));
        create("r-b", "task-b", Duration.ofSeconds(150));
        runFor(Duration.ofSeconds(110)); // both read running (their first polls 400 ms apart), nothing due until 149 s
        assertThat(upstream.pollTimes("task-a")).hasSize(1);
        assertThat(upstream.pollTimes("task-b")).hasSize(1);
        Instant learnedB = upstream.pollTimes("task-b").get(0);

        var shares = driver.createOutputTopic(Topics.DURATIONS, Serdes.String().deserializer(),
                AvroSerde.of(DurationShare.class).deserializer()).readRecordsToList().stream()
                .filter(r -> r.key().equals("tokenlab|veo3.1#0")).toList();
        // The first reading went out at once; the second waited out the share-interval, not an idle tick's grid.
        assertThat(shares).extracting(r -> r.value().getSamples()).containsExactly(1L, 2L);
        assertThat(shares.get(1).getRecordTime()).isBetween(learnedB, learnedB.plus(Duration.ofSeconds(2)).plus(TICK));
    }

    @Test
    void whatOtherPartitionsLearnedPlansThisPartitionsPollsAndWhatThisOneLearnsIsPublishedForThem() {
        // Partitions 1 and 2 (this driver is partition 0) have each seen 20 tasks of the class take about 60 s.
        var shared = driver.createInputTopic(Topics.DURATIONS, Serdes.String().serializer(),
                AvroSerde.of(DurationShare.class).serializer());
        for (int partition = 1; partition <= 2; partition++) {
            for (String c : List.of("tokenlab|veo3.1", "tokenlab|veo3.1|8|720p")) {
                shared.pipeInput(Durations.key(c, partition), share(c, partition, 20, 60_000, 0.0025));
            }
        }
        create("r-1", "task-1", Duration.ofSeconds(60));
        runFor(Duration.ofSeconds(70));

        // Not the configured 200 s (first poll at 101 s): the shared 60 s, so polled just before its end, then at it.
        assertThat(upstream.pollTimes("task-1")).hasSize(2);
        assertThat(upstream.pollTimes("task-1").get(0)).isBetween(T0.plusSeconds(45), T0.plusSeconds(60));
        VideoCompleted done = completed.readValue();
        assertThat(Duration.between(T0.plusSeconds(60), done.getCompletedAt()))
                .isLessThanOrEqualTo(Duration.ofMillis(3_500));

        // What this partition learned goes out under its own keys, whole: the others' records are theirs alone.
        var published = driver.createOutputTopic(Topics.DURATIONS, Serdes.String().deserializer(),
                AvroSerde.of(DurationShare.class).deserializer()).readKeyValuesToMap();
        assertThat(published).containsOnlyKeys("tokenlab|veo3.1#0", "tokenlab|veo3.1|8|720p#0");
        assertThat(published.get("tokenlab|veo3.1#0").getSamples()).isEqualTo(1);
        assertThat(published.get("tokenlab|veo3.1#0").getPartition()).isZero();
        // learned from its first poll's progress (most of its run), not again from its finish: within a percent
        assertThat(new DurationFit(published.get("tokenlab|veo3.1#0").getLogMean(), 0).medianMs())
                .isCloseTo(60_000L, org.assertj.core.data.Offset.offset(600L));
        // ... and read back into the shared store, beside the others'
        KeyValueStore<String, DurationShare> store = driver.getKeyValueStore(Topics.SHARED_DURATIONS_STORE);
        assertThat(store.get("tokenlab|veo3.1#0")).isEqualTo(published.get("tokenlab|veo3.1#0"));
        assertThat(store.get("tokenlab|veo3.1#2").getSamples()).isEqualTo(20);
    }

    @Test
    void theTimeATaskWaitedQueuedAndItsFirstProgressAreLearnedFromThePollsEitherSideOfItsStartAndShared() {
        // 600 s, the first fifth queued: first poll at 101.5 s finds it pending; nothing is known of the provider's
        // queues, so the next is at twice that (203 s, plus the tolerance: about 209.6 s) and finds it running
        create("r-1", "task-1", Duration.ofSeconds(600));
        runFor(Duration.ofSeconds(215));
        assertThat(upstream.pollTimes("task-1")).hasSize(2);

        DurationStats queued = driver.<String, DurationStats>getKeyValueStore(Topics.DURATIONS_STORE)
                .get("queued|tokenlab|veo3.1|8|720p");
        assertThat(queued.getSamples()).isEqualTo(1);
        assertThat(new DurationFit(queued.getLogMean(), 0).medianMs()).as("the middle of the two polls")
                .isCloseTo(155_500L, org.assertj.core.data.Offset.offset(1_500L));
        var published = driver.createOutputTopic(Topics.DURATIONS, Serdes.String().deserializer(),
                AvroSerde.of(DurationShare.class).deserializer()).readKeyValuesToMap();
        assertThat(published).containsOnlyKeys("queued|tokenlab|veo3.1#0", "queued|tokenlab|veo3.1|8|720p#0",
                "started|tokenlab|veo3.1#0", "started|tokenlab|veo3.1|8|720p#0", "started|tokenlab#0",
                "tokenlab|veo3.1#0", "tokenlab|veo3.1|8|720p#0");
        // Its duration, learned from that first progress (34 % at about 209.6 s) long before it ends at 600 s.
        assertThat(new DurationFit(published.get("tokenlab|veo3.1|8|720p#0").getLogMean(), 0).medianMs())
                .isBetween(570_000L, 630_000L);
        // and the progress it first reported running (about 209.6 s of 600: 34 %), which bounds the queue's share
        assertThat(new DurationFit(published.get("started|tokenlab|veo3.1#0").getLogMean(), 0).medianMs())
                .isBetween(34L, 35L);
    }

    @Test
    void tasksOfAClassAlreadyPlannedWaitForWhatTheFirstOfThemSeenRunningShowsOfItsDuration() {
        // Two 600 s tasks planned from the configured 200 s (first poll 101.5 s after each submit). The first is
        // pending then, and running at its next poll (about 209.6 s, 34 %): its duration is learned, 600 s.
        create("r-1", "task-1", Duration.ofSeconds(600));
        runFor(Duration.ofSeconds(30));
        create("r-2", "task-2", Duration.ofSeconds(600));
        runFor(Duration.ofSeconds(700));

        List<Instant> first = upstream.pollTimes("task-1");
        List<Instant> second = upstream.pollTimes("task-2");
        assertThat(first.get(1)).as("the first task seen running").isBefore(T0.plusSeconds(211));
        // The second's poll planned for 131.5 s would find it pending (it has run 101.5 s of 600 s): it waits for the
        // first's next poll (the class's leader, queued), then for the class's earliest end, then reads a progress that
        // points to its end.
        assertThat(second.get(0)).isAfter(T0.plusSeconds(30 + 200));
        assertThat(second).hasSizeLessThan(first.size()).hasSizeLessThanOrEqualTo(3);
        List<VideoCompleted> done = completed.readValuesToList();
        assertThat(done).hasSize(2);
        assertThat(Duration.between(T0.plusSeconds(630), done.get(1).getCompletedAt()))
                .as("noticed within 2 s + 3 %% of 600 s").isLessThanOrEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void classmatesSubmittedAfterATaskSeenQueuedWaitForItsNextPollInsteadOfFindingThemselvesQueued() {
        // Three 600 s tasks of one class, 10 s apart, each planned from the configured 200 s (first poll 101.5 s after
        // its submit). The first is seen queued then (a fifth of its run, 120 s, is queued) and polled next at about
        // 209.6 s (twice its age: no queue of the provider seen to end yet), running: its duration is learned. The others' first polls (111.5 s and 121.5 s) would each find a
        // task queued until 130 s and 140 s; they wait for the first's next poll, then for the class's duration.
        create("r-1", "task-1", Duration.ofSeconds(600));
        runFor(Duration.ofSeconds(10));
        create("r-2", "task-2", Duration.ofSeconds(600));
        runFor(Duration.ofSeconds(10));
        create("r-3", "task-3", Duration.ofSeconds(600));
        runFor(Duration.ofSeconds(700));

        assertThat(upstream.pollTimes("task-1").get(0)).isBetween(T0.plusSeconds(101), T0.plusSeconds(103));
        assertThat(upstream.pollTimes("task-2").get(0)).as("not while task-2 is queued (until 130 s)")
                .isAfter(T0.plusSeconds(130));
        assertThat(upstream.pollTimes("task-3").get(0)).as("not while task-3 is queued (until 140 s)")
                .isAfter(T0.plusSeconds(140));
        assertThat(upstream.pollTimes("task-2")).hasSizeLessThanOrEqualTo(2);
        assertThat(upstream.pollTimes("task-3")).hasSizeLessThanOrEqualTo(2);
        List<VideoCompleted> done = completed.readValuesToList();
        assertThat(done).hasSize(3);
        for (VideoCompleted c : done) {
            int n = Integer.parseInt(c.getRequestId().substring(2)) - 1;
            assertThat(Duration.between(T0.plusSeconds(600 + 10L * n), c.getCompletedAt()))
                    .as("%s noticed within 2 s + 3 %% of 600 s", c.getRequestId())
                    .isLessThanOrEqualTo(Duration.ofSeconds(20));
        }
    }

    @Test
    void whatAnotherPartitionPublishesReplansThisOnesDuePollsWithinAShareIntervalNotAWholeSecondLater() throws Exception {
        driver.close();
        start(TrackerTestConfig.fixedPolling().set(c -> c.tracker().tickInterval(), TICK)
                .set(c -> c.polling().shareInterval(), Duration.ofMillis(250))
                .set(c -> c.polling().strategy(), Strategy.ADAPTIVE)
                .set(c -> c.polling().modelExpectedDurations(), Map.of("veo3.1", Duration.ofSeconds(200))).build());
        // Planned from the configured 200 s: first poll at 101.5 s.
        create("r-1", "task-1", Duration.ofSeconds(1_000));
        runFor(Duration.ofSeconds(101));
        // Half a second before it is due, a classmate is planned (its class read), then partition 1 publishes that
        // the class takes 1,000 s.
        create("r-2", "task-2", Duration.ofSeconds(1_000));
        driver.createInputTopic(Topics.DURATIONS, Serdes.String().serializer(),
                AvroSerde.of(DurationShare.class).serializer())
                .pipeInput(Durations.key("tokenlab|veo3.1|8|720p", 1),
                        share("tokenlab|veo3.1|8|720p", 1, 20, 1_000_000, 0.0025));
        runFor(Duration.ofSeconds(60));

        assertThat(upstream.pollTimes("task-1")).as("put off to the class's earliest end (about 900 s), not polled at "
                + "101.5 s from a read of the class kept a second").isEmpty();
    }

    @Test
    void aClassmateOfAQueuedTaskIsNotHeldForItOnceTheClassIsLearned() {
        // Other partitions learned the class: about 100 s. A 300 s outlier is first polled at about 58 s and found
        // queued (until 60 s): its next poll is much later. A 60 s classmate submitted 10 s after it is due at about
        // 68 s, past its end: held for the outlier's next poll, it would be noticed a minute late.
        var shared = driver.createInputTopic(Topics.DURATIONS, Serdes.String().serializer(),
                AvroSerde.of(DurationShare.class).serializer());
        for (String c : List.of("tokenlab|veo3.1", "tokenlab|veo3.1|8|720p")) {
            shared.pipeInput(Durations.key(c, 1), share(c, 1, 20, 100_000, 0.09));
        }
        create("r-1", "task-1", Duration.ofSeconds(300));
        runFor(Duration.ofSeconds(10));
        create("r-2", "task-2", Duration.ofSeconds(60));
        runFor(Duration.ofSeconds(120));

        assertThat(upstream.pollTimes("task-1")).as("seen queued first").isNotEmpty();
        assertThat(upstream.pollTimes("task-1").get(0)).isBefore(T0.plusSeconds(60));
        List<VideoCompleted> done = completed.readValuesToList();
        assertThat(done).extracting(VideoCompleted::getRequestId).containsExactly("r-2");
        assertThat(Duration.between(T0.plusSeconds(70), done.get(0).getCompletedAt()))
                .as("noticed within 2 s + 3 %% of 60 s").isLessThanOrEqualTo(Duration.ofMillis(3_800));
    }

    @Test
    void aQueuedTaskOfAModelNeverSeenQueuedIsPlannedFromWhatTheProvidersQueuesShowedAnotherPartition() {
        // Partition 1 saw 20 TokenLab tasks (of other models) first report about 22 % once out of the queue.
        driver.createInputTopic(Topics.DURATIONS, Serdes.String().serializer(),
                AvroSerde.of(DurationShare.class).serializer())
                .pipeInput(Durations.key("started|tokenlab", 1), share("started|tokenlab", 1, 20, 22, 0.0025));
        create("r-1", "task-1", Duration.ofSeconds(600));
        runFor(Duration.ofSeconds(400));

        // Pending at 101.5 s: it has run less than about 28 % (22 % taken high), so it cannot end before about 360 s;
        // not the back-off's 126 s.
        List<Instant> polls = upstream.pollTimes("task-1");
        assertThat(polls.get(0)).isBetween(T0.plusSeconds(101), T0.plusSeconds(102));
        assertThat(polls.get(1)).isBetween(T0.plusSeconds(300), T0.plusSeconds(400));
    }

    @Test
    void recordsOnTheDurationsTopicThatDoNotHoldTogetherAreSkippedAndATombstoneForgetsItsPartition() {
        var raw = driver.createInputTopic(Topics.DURATIONS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        var shared = driver.createInputTopic(Topics.DURATIONS, Serdes.String().serializer(),
                AvroSerde.of(DurationShare.class).serializer());
        String c = "tokenlab|veo3.1|8|720p";
        shared.pipeInput(Durations.key(c, 1), share(c, 1, 20, 60_000, 0.0025));
        shared.pipeInput(Durations.key("tokenlab|veo3.1", 1), share("tokenlab|veo3.1", 1, 20, 60_000, 0.0025));
        raw.pipeInput(Durations.key(c, 2), new byte[] {(byte) 0xC3, 0x01, 1, 2, 3});
        raw.pipeInput("\u0000", "not avro".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        raw.pipeInput(null, new byte[0]);
        shared.pipeInput(Durations.key(c, 3), share(c, 4, 20, 1_000, 0.0025)); // key not its partition
        shared.pipeInput(Durations.key(c, 5), share(c, 5, 20, 1_000, Double.NaN));
        shared.pipeInput(Durations.key(c, 6), share(c, 6, -3, 1_000, 0.01));

        KeyValueStore<String, DurationShare> store = driver.getKeyValueStore(Topics.SHARED_DURATIONS_STORE);
        List<String> keys = new ArrayList<>();
        store.all().forEachRemaining(kv -> keys.add(kv.key));
        assertThat(keys).containsExactlyInAnyOrder(Durations.key(c, 1), Durations.key("tokenlab|veo3.1", 1));

        // Both of partition 1's records gone: a new task is planned from the configured 200 s again (first poll 101 s)
        raw.pipeInput(Durations.key(c, 1), (byte[]) null);
        raw.pipeInput(Durations.key("tokenlab|veo3.1", 1), (byte[]) null);
        assertThat(store.all().hasNext()).isFalse();
        create("r-1", "task-1", Duration.ofSeconds(150));
        runFor(Duration.ofSeconds(170));
        assertThat(upstream.pollTimes("task-1").get(0)).isAfter(T0.plusSeconds(100));
        assertThat(completed.readValuesToList()).hasSize(1);
    }

    private static DurationShare share(String durationClass, int partition, long samples, long medianMs,
            double logVariance) {
        return DurationShare.newBuilder().setDurationClass(durationClass).setPartition(partition).setSamples(samples)
                .setLogMean(Math.log(medianMs)).setLogVariance(logVariance).setUpdatedAt(T0.toEpochMilli()).build();
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
