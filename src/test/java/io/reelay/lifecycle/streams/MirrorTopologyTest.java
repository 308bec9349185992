package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelay.catalog.ModelCatalog;
import io.reelay.config.ReelayConfig;
import io.reelay.config.TestConfig;
import io.reelay.events.MirrorStatus;
import io.reelay.events.VideoAsset;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoRequested;
import io.reelay.events.VideoTaskEvent;
import io.reelay.events.VideoTaskEventType;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.kafka.Topics;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.lifecycle.mirror.MirrorMetrics;
import io.reelay.observability.metrics.TrackerMetrics;
import io.reelay.state.TrackedTask;
import io.reelay.storage.MirrorFailure.Reason;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamStatus;
import io.reelay.upstream.VideoOutput;

/** The tracker with a mirror: one completion per request, with its stored copies, never withheld past the bound. */
class MirrorTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration BOUND = Duration.ofMinutes(2);
    private static final ReelayConfig SETTINGS = TrackerTestConfig.fixedPolling()
            .set(c -> c.mirror().maxWait(), BOUND)
            .set(c -> c.tracker().maxWait(), Duration.ofMinutes(1)) // shorter than the bound: it must not matter
            .build();
    private static final String VIDEO = "https://cdn.example/v1.mp4";
    private static final String FRAME = "https://cdn.example/v1-last.png";

    private final ScriptedProvider upstream = new ScriptedProvider();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** Where the mirror's own meters go: the tests of a broken meter registry swap it. */
    private io.micrometer.core.instrument.MeterRegistry mirrorMeters = meters;
    private ScriptedMirror mirror = new ScriptedMirror(true);
    private TopologyTestDriver driver;
    private TestInputTopic<String, VideoTaskEvent> tasksIn;
    private TestInputTopic<String, byte[]> cancellationsIn;
    private TestOutputTopic<String, VideoCompleted> completed;
    private TestOutputTopic<String, VideoFailed> failed;
    private TestOutputTopic<String, byte[]> dlq;
    private final List<VideoCompleted> completions = new ArrayList<>();

    private void start(Instant at) throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "mirror-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("mirror-test").toString());
        var intake = new RequestIntake(new RequestValidator(ModelCatalog.load(), TestConfig.defaults().validation()));
        var services = new TrackerServices(intake, name -> "tokenlab".equals(name) ? upstream : null,
                outcome -> io.smallrye.mutiny.Uni.createFrom().voidItem(), new TrackerMetrics(meters))
                .withMirroring(new MirrorServices(mirror, new MirrorMetrics(mirrorMeters)));
        driver = new TopologyTestDriver(TrackerTopology.buildTopology(SETTINGS, services), props, at);
        var tasks = AvroSerde.of(VideoTaskEvent.class);
        tasksIn = driver.createInputTopic(Topics.TASKS, Serdes.String().serializer(),
                SignedTasks.signed(tasks.serializer()));
        cancellationsIn = driver.createInputTopic(Topics.CANCELLATIONS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        completed = driver.createOutputTopic(Topics.COMPLETED, Serdes.String().deserializer(),
                AvroSerde.of(VideoCompleted.class).deserializer());
        failed = driver.createOutputTopic(Topics.FAILED, Serdes.String().deserializer(),
                AvroSerde.of(VideoFailed.class).deserializer());
        dlq = driver.createOutputTopic(Topics.REQUESTS_DLQ, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void theCompletionWaitsForTheCopiesAndCarriesBothTheUpstreamUrlsAndTheStoredObjects() throws Exception {
        start(T0);
        upstream.answer("task-1", completedWith(VIDEO, FRAME));
        publishIntentAndCreated("req-1", "task-1");
        advance(Duration.ofSeconds(5)); // the poll finds it completed; the copies start
        assertThat(readCompleted()).as("not before its copies are kept").isEmpty();
        assertThat(inFlight().get("req-1").getCompletion()).as("the paid result is kept in the store").isNotNull();

        advance(Duration.ofSeconds(1));
        VideoCompleted event = onlyCompletion("req-1");
        assertThat(event.getMirrorStatus()).isEqualTo(MirrorStatus.stored);
        assertThat(event.getMirrorFailures()).isNull();
        VideoAsset video = event.getVideos().get(0);
        assertThat(video.getUrl()).isEqualTo(VIDEO);
        assertThat(video.getLastFrameUrl()).isEqualTo(FRAME);
        assertThat(video.getStored().getKey()).isEqualTo("reelay/req-1/0.mp4");
        assertThat(video.getStored().getBucket()).isEqualTo(ScriptedMirror.BUCKET);
        assertThat(video.getStored().getSha256()).isEqualTo("000");
        assertThat(video.getLastFrameStored().getKey()).isEqualTo("reelay/req-1/0-last-frame.png");
        assertThat(mirror.copies).hasSize(2);
        assertThat(meters.counter(MirrorMetrics.BYTES, "provider", "tokenlab").count()).isEqualTo(2_000);
        assertThat(meters.timer(MirrorMetrics.LAG, "provider", "tokenlab").count()).isEqualTo(2);

        jump(Duration.ofMinutes(5));
        assertThat(readCompleted()).as("never a second").isEmpty();
        assertThat(failed.isEmpty()).as("the request's own deadline did not turn it into a failure").isTrue();
    }

    @Test
    void retryableFailuresAreRetriedThenTheCopyIsStored() throws Exception {
        start(T0);
        mirror.answer(VIDEO, ScriptedMirror.failing(Reason.source_timeout),
                ScriptedMirror.failing(Reason.storage_unavailable), ScriptedMirror.STORED);
        upstream.answer("task-1", completedWith(VIDEO, null));
        publishIntentAndCreated("req-1", "task-1");
        advance(Duration.ofSeconds(30));
        VideoCompleted event = onlyCompletion("req-1");
        assertThat(event.getMirrorStatus()).isEqualTo(MirrorStatus.stored);
        assertThat(event.getVideos().get(0).getStored()).isNotNull();
        assertThat(mirror.copies).hasSize(3);
        assertThat(meters.counter(MirrorMetrics.FAILURES, "provider", "tokenlab", "reason", "source_timeout").count())
                .isEqualTo(1);
    }

    @Test
    void aFailureNoRetryMendsEndsAtOnceWithTheUpstreamUrlAndTheReason() throws Exception {
        start(T0);
        mirror.answer(VIDEO, ScriptedMirror.failing(Reason.too_large));
        upstream.answer("task-1", completedWith(VIDEO, null));
        publishIntentAndCreated("req-1", "task-1");
        advance(Duration.ofSeconds(6));
        VideoCompleted event = onlyCompletion("req-1");
        assertThat(event.getMirrorStatus()).isEqualTo(MirrorStatus.failed);
        assertThat(event.getVideos().get(0).getUrl()).isEqualTo(VIDEO);
        assertThat(event.getVideos().get(0).getStored()).isNull();
        assertThat(event.getMirrorFailures()).singleElement().satisfies(f -> {
            assertThat(f.getReason()).isEqualTo("too_large");
            assertThat(f.getRetryable()).isFalse();
            assertThat(f.getFile()).isEqualTo("video");
        });
        assertThat(mirror.copies).hasSize(1);
    }

    @Test
    void storageThatNeverAnswersDoesNotWithholdTheCompletionBeyondTheBound() throws Exception {
        start(T0);
        mirror.answer(VIDEO, ScriptedMirror.HANG);
        upstream.answer("task-1", completedWith(VIDEO, null));
        publishIntentAndCreated("req-1", "task-1");
        advance(Duration.ofSeconds(5));
        jump(BOUND.minusSeconds(1));
        assertThat(readCompleted()).as("waited for, within the bound").isEmpty();
        advance(Duration.ofSeconds(1));
        VideoCompleted event = onlyCompletion("req-1");
        assertThat(event.getMirrorStatus()).isEqualTo(MirrorStatus.failed);
        assertThat(event.getMirrorFailures()).singleElement().satisfies(f -> assertThat(f.getReason())
                .isEqualTo("timeout"));
        assertThat(event.getVideos().get(0).getUrl()).isEqualTo(VIDEO);

        mirror.hanging.forEach(c -> c.complete(ScriptedMirror.stored(mirror.copies.get(0))));
        advance(Duration.ofSeconds(2));
        assertThat(readCompleted()).as("the copy that ends late changes nothing").isEmpty();
    }

    @Test
    void afterACrashWhileCopyingTheNewOwnerCopiesAgainToTheSameKeyAndCompletesOnce() throws Exception {
        start(T0);
        mirror.answer(VIDEO, ScriptedMirror.HANG);
        upstream.answer("task-1", completedWith(VIDEO, FRAME));
        publishIntentAndCreated("req-1", "task-1");
        advance(Duration.ofSeconds(6)); // the last frame is stored, the video's copy hangs: then a crash
        assertThat(readCompleted()).isEmpty();
        List<KeyValue<String, TrackedTask>> inFlight = new ArrayList<>();
        List<KeyValue<String, String>> schedule = new ArrayList<>();
        try (var all = inFlight().all()) {
            all.forEachRemaining(inFlight::add);
        }
        try (var all = scheduleStore().all()) {
            all.forEachRemaining(schedule::add);
        }
        Instant crashAt = T0.plusSeconds(6);
        driver.close();

        ScriptedMirror before = mirror;
        mirror = new ScriptedMirror(true);
        start(crashAt); // the new owner, its stores restored from the changelog
        inFlight.forEach(kv -> inFlight().put(kv.key, kv.value));
        schedule.forEach(kv -> scheduleStore().put(kv.key, kv.value));
        jump(Duration.ofMinutes(1).plusSeconds(1)); // resumed at the longest back-off after the round began
        advance(Duration.ofSeconds(1));
        VideoCompleted event = onlyCompletion("req-1");
        assertThat(event.getMirrorStatus()).isEqualTo(MirrorStatus.stored);
        assertThat(mirror.copies).as("only the file not yet stored is copied again").singleElement()
                .satisfies(job -> assertThat(job.source().toString()).isEqualTo(VIDEO));
        assertThat(before.copies).hasSize(2);
        assertThat(event.getVideos().get(0).getStored().getKey()).isEqualTo(
                ScriptedMirror.stored(before.copies.stream().filter(j -> j.source().toString().equals(VIDEO))
                        .findFirst().orElseThrow()).key());
    }

    @Test
    void aCancelWhileMirroringIsDeadLetteredAndTheRequestStillCompletes() throws Exception {
        start(T0);
        mirror.answer(VIDEO, ScriptedMirror.failing(Reason.source_error), ScriptedMirror.STORED);
        upstream.answer("task-1", completedWith(VIDEO, null));
        publishIntentAndCreated("req-1", "task-1");
        advance(Duration.ofSeconds(6));
        dlq.readRecordsToList(); // the helper's intent, which this partition never admitted
        cancellationsIn.pipeInput("req-1", "{\"reason\":\"changed my mind\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(dlq.readRecordsToList()).singleElement().satisfies(r -> assertThat(
                new String(r.headers().lastHeader("dead-letter-code").value())).isEqualTo("already_ended"));
        advance(Duration.ofSeconds(10));
        assertThat(onlyCompletion("req-1").getMirrorStatus()).isEqualTo(MirrorStatus.stored);
        assertThat(failed.isEmpty()).isTrue();
    }

    @Test
    void mirroringOffCompletesAtOnceWithStatusOff() throws Exception {
        mirror = new ScriptedMirror(false);
        start(T0);
        upstream.answer("task-1", completedWith(VIDEO, FRAME));
        publishIntentAndCreated("req-1", "task-1");
        advance(Duration.ofSeconds(5));
        VideoCompleted event = onlyCompletion("req-1");
        assertThat(event.getMirrorStatus()).isEqualTo(MirrorStatus.off);
        assertThat(event.getVideos().get(0).getStored()).isNull();
        assertThat(mirror.copies).isEmpty();
    }

    @Test
    void aMirrorThatBreaksOnTheFirstCopyStillCompletesThePaidTaskAtOnceWithItsUpstreamUrl() throws Exception {
        start(T0);
        mirror.answer(VIDEO, ScriptedMirror.BROKEN);
        upstream.answer("task-1", completedWith(VIDEO, FRAME));
        publishIntentAndCreated("req-1", "task-1");
        advance(Duration.ofSeconds(6));
        VideoCompleted event = onlyCompletion("req-1");
        assertThat(failed.isEmpty()).as("a paid, finished video is never a failure event").isTrue();
        assertThat(event.getMirrorStatus()).isEqualTo(MirrorStatus.failed);
        assertThat(event.getVideos().get(0).getUrl()).isEqualTo(VIDEO);
        assertThat(event.getVideos().get(0).getStored()).isNull();
        // The video's copy broke the port before the frame's began: neither is stored, both say why.
        assertThat(event.getMirrorFailures()).extracting(f -> f.getFile()).containsExactly("video", "last_frame");
        assertThat(event.getMirrorFailures()).allSatisfy(f -> {
            assertThat(f.getReason()).isEqualTo("internal_error");
            assertThat(f.getMessage()).contains("NoClassDefFoundError").hasSizeLessThanOrEqualTo(300)
                    .doesNotContain("awssdk"); // the class name of the error, never its text
        });
        assertThat(meters.counter("reelay.tracker.internal.errors", "where", "poll").count()).isEqualTo(1);

        jump(BOUND.plusMinutes(5));
        assertThat(readCompleted()).as("never a second").isEmpty();
        assertThat(failed.isEmpty()).isTrue();
        assertThat(inFlight().get("req-1")).as("ended: out of the in-flight store").isNull();
    }

    @Test
    void aMirrorThatBreaksOnARetryRoundCompletesWithTheCopiesMadeAndTheFailedFileAsInternalError() throws Exception {
        start(T0);
        mirror.answer(VIDEO, ScriptedMirror.failing(Reason.source_timeout), ScriptedMirror.BROKEN);
        upstream.answer("task-1", completedWith(VIDEO, FRAME));
        publishIntentAndCreated("req-1", "task-1");
        advance(Duration.ofSeconds(30)); // the frame is stored; the video's retry round breaks the port
        VideoCompleted event = onlyCompletion("req-1");
        assertThat(failed.isEmpty()).as("a paid, finished video is never a failure event").isTrue();
        assertThat(event.getMirrorStatus()).isEqualTo(MirrorStatus.failed);
        assertThat(event.getVideos().get(0).getLastFrameStored()).as("the copy made goes out").isNotNull();
        assertThat(event.getMirrorFailures()).singleElement().satisfies(f -> {
            assertThat(f.getReason()).isEqualTo("internal_error");
            assertThat(f.getAttempts()).as("the attempt that failed before").isEqualTo(1);
        });
        assertThat(mirror.copies).hasSize(3);
        assertThat(meters.counter("reelay.tracker.internal.errors", "where", "tick").count()).isEqualTo(1);
    }

    @Test
    void aMeterRegistryThatThrowsNeverHoldsBackACompletion() throws Exception {
        mirrorMeters = new SimpleMeterRegistry();
        mirrorMeters.config().meterFilter(new io.micrometer.core.instrument.config.MeterFilter() {
            @Override
            public io.micrometer.core.instrument.Meter.Id map(io.micrometer.core.instrument.Meter.Id id) {
                if (id.getName().equals(MirrorMetrics.OUTCOMES)) {
                    throw new IllegalArgumentException("a meter of that name exists with other tags");
                }
                return id;
            }
        });
        start(T0);
        upstream.answer("task-1", completedWith(VIDEO, FRAME));
        publishIntentAndCreated("req-1", "task-1");
        advance(Duration.ofSeconds(6));
        VideoCompleted event = onlyCompletion("req-1");
        assertThat(event.getMirrorStatus()).as("both files were stored").isEqualTo(MirrorStatus.stored);
        assertThat(failed.isEmpty()).isTrue();
    }

    private VideoCompleted onlyCompletion(String requestId) {
        List<VideoCompleted> events = readCompleted();
        assertThat(events).as("exactly one completion").hasSize(1);
        assertThat(events.get(0).getRequestId()).isEqualTo(requestId);
        return events.get(0);
    }

    private List<VideoCompleted> readCompleted() {
        List<VideoCompleted> read = completed.readValuesToList();
        completions.addAll(read);
        return read;
    }

    private void publishIntentAndCreated(String requestId, String taskId) {
        VideoTaskEvent intent = VideoTaskEvent.newBuilder()
                .setRequestId(requestId)
                .setType(VideoTaskEventType.submitting)
                .setOccurredAt(T0)
                .setProvider("tokenlab")
                .setModel("veo3.1")
                .setOperation("text-to-video")
                .setRequestedAt(T0)
                .setRequest(VideoRequested.newBuilder().setRequestId(requestId).setModel("veo3.1")
                        .setOperation("text-to-video").setPrompt("a cat").setMetadata(Map.of()).build())
                .build();
        tasksIn.pipeInput(requestId, intent);
        tasksIn.pipeInput(requestId, VideoTaskEvent.newBuilder(intent)
                .setType(VideoTaskEventType.created)
                .setUpstreamTaskId(taskId)
                .setPollUrl("https://api.tokenlab.sh/v1/tasks/" + taskId)
                .setRawStatus("pending")
                .setSubmittedAt(T0)
                .build());
    }

    private void advance(Duration duration) {
        // In tick-sized steps: copies end on the port's thread and are applied at the next tick, as in production.
        for (Duration left = duration; !left.isNegative() && !left.isZero(); left = left.minusMillis(500)) {
            driver.advanceWallClockTime(left.compareTo(Duration.ofMillis(500)) < 0 ? left : Duration.ofMillis(500));
        }
    }

    /** One tick after {@code duration}: for waits in which nothing ends on another thread. */
    private void jump(Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    private KeyValueStore<String, TrackedTask> inFlight() {
        return driver.getKeyValueStore(Topics.IN_FLIGHT_STORE);
    }

    private KeyValueStore<String, String> scheduleStore() {
        return driver.getKeyValueStore(Topics.SCHEDULE_STORE);
    }

    private static TaskReport completedWith(String url, String lastFrame) {
        return new TaskReport(UpstreamStatus.COMPLETED, "completed", 100,
                List.of(new VideoOutput(url, 8.0, 1280, 720, lastFrame, "video/mp4", null, null)), null, false, null);
    }

}
