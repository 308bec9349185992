package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.reelay.events.FailureReason;
import io.reelay.events.TaskStatus;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoRequested;
import io.reelay.events.VideoTaskEvent;
import io.reelay.events.VideoTaskEventType;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.kafka.Topics;
import io.reelay.state.FinishedRequest;
import io.reelay.state.TrackedTask;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelay.observability.metrics.TrackerMetrics;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamError;
import io.reelay.upstream.UpstreamException;
import io.reelay.upstream.UpstreamStatus;
import io.reelay.upstream.UpstreamJson;
import io.reelay.upstream.VideoOutput;
import io.reelay.upstream.hub.HubTaskParser;
import io.reelay.catalog.ModelCatalog;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.config.ReelayConfig;
import io.reelay.config.ReelayConfig.Submitter.UnknownOutcomePolicy;
import io.reelay.config.TestConfig;

class TrackerTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    /** Unknown submit outcomes fail (the safe default); veo3.1-fast has a deadline of its own. */
    private static final TestConfig CONFIG = TrackerTestConfig.fixedPolling()
            .set(c -> c.tracker().modelMaxWait(), Map.of("veo3.1-fast", Duration.ofMinutes(10)));
    private static final ReelayConfig SETTINGS = CONFIG.build();

    private final ScriptedProvider upstream = new ScriptedProvider();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** What the submit callbacks wrote; in production these reach video.tasks through their own producer. */
    private final List<VideoTaskEvent> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, VideoTaskEvent> tasksIn;
    private TestOutputTopic<String, VideoTaskEvent> tasksOut;
    private TestOutputTopic<String, VideoCompleted> completed;
    private TestOutputTopic<String, VideoFailed> failed;
    private Path stateDir;
    private TestInputTopic<String, byte[]> requestsIn;
    private TestOutputTopic<String, byte[]> dlq;
    private TestInputTopic<String, byte[]> cancellationsIn;

    @BeforeEach
    void start() throws Exception {
        stateDir = Files.createTempDirectory("tracker-test");
        Properties props = props();
        var intake = new RequestIntake(new RequestValidator(ModelCatalog.load(), TestConfig.defaults().validation()));
        var services = new TrackerServices(intake, name -> "tokenlab".equals(name) ? upstream : null, this::recordOutcome,
                new TrackerMetrics(meters));
        driver = new TopologyTestDriver(TrackerTopology.buildTopology(SETTINGS, services), props, T0);
        var tasks = AvroSerde.of(VideoTaskEvent.class);
        tasksIn = driver.createInputTopic(Topics.TASKS, Serdes.String().serializer(), SignedTasks.signed(tasks.serializer()));
        tasksOut = driver.createOutputTopic(Topics.TASKS, Serdes.String().deserializer(), tasks.deserializer());
        completed = driver.createOutputTopic(Topics.COMPLETED, Serdes.String().deserializer(),
                AvroSerde.of(VideoCompleted.class).deserializer());
        failed = driver.createOutputTopic(Topics.FAILED, Serdes.String().deserializer(),
                AvroSerde.of(VideoFailed.class).deserializer());
        requestsIn = driver.createInputTopic(Topics.REQUESTS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        cancellationsIn = driver.createInputTopic(Topics.CANCELLATIONS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        dlq = driver.createOutputTopic(Topics.REQUESTS_DLQ, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    private Properties props() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "tracker-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void pollsACreatedTaskReportsProgressAndEmitsExactlyOneCompletion() {
        upstream.answer("task-1",
                report(UpstreamStatus.PENDING, "pending", null),
                report(UpstreamStatus.PROCESSING, "processing", 40),
                report(UpstreamStatus.PROCESSING, "processing", 75),
                completedWith("https://cdn.example/v1.mp4"));
        publishIntentAndCreated("req-1", "task-1");

        advance(Duration.ofSeconds(4));
        assertThat(upstream.pollsOf("task-1")).as("no poll before the first-poll delay").isZero();

        advance(Duration.ofSeconds(1)); // pending: no change from the submit response
        advance(Duration.ofSeconds(5)); // processing 40
        advance(Duration.ofSeconds(5)); // processing 75
        List<VideoTaskEvent> lifecycle = tasksOut.readValuesToList();
        assertThat(lifecycle).extracting(VideoTaskEvent::getType)
                .containsExactly(VideoTaskEventType.status_changed, VideoTaskEventType.progress);
        assertThat(lifecycle).extracting(VideoTaskEvent::getStatus).containsOnly(TaskStatus.processing);
        assertThat(lifecycle).extracting(VideoTaskEvent::getProgress).containsExactly(40, 75);
        assertThat(completed.isEmpty()).isTrue();

        advance(Duration.ofSeconds(5)); // completed
        List<VideoCompleted> done = completed.readValuesToList();
        assertThat(done).hasSize(1);
        VideoCompleted event = done.get(0);
        assertThat(event.getRequestId()).isEqualTo("req-1");
        assertThat(event.getUpstreamTaskId()).isEqualTo("task-1");
        assertThat(event.getModel()).isEqualTo("veo3.1");
        assertThat(event.getVideos()).extracting(v -> v.getUrl()).containsExactly("https://cdn.example/v1.mp4");
        assertThat(event.getPollCount()).isEqualTo(4);
        assertThat(event.getMetadata()).containsEntry("customer", "c-42");
        assertThat(event.getUrlsExpireAt()).isEqualTo(event.getCompletedAt().plus(Duration.ofHours(1)));
        assertThat(inFlight().get("req-1")).as("finished task leaves the in-flight store").isNull();
        assertThat(finished().get("req-1").getCompleted()).isTrue();
        assertThat(finished().get("req-1").getCompletion()).as("the outcome stays readable (GET /v1/requests/{id})")
                .isEqualTo(event);

        long polls = upstream.pollsOf("task-1");
        advance(Duration.ofMinutes(2));
        assertThat(upstream.pollsOf("task-1")).as("no polls after completion").isEqualTo(polls);
        assertThat(completed.isEmpty()).isTrue();
        assertThat(failed.isEmpty()).isTrue();
    }

    @Test
    void theScheduleHoldsEachRequestInFlightOnceUnderItsNextWakeAndForgetsItAtTheEnd() {
        upstream.answer("task-s", report(UpstreamStatus.PROCESSING, "processing", 10),
                completedWith("https://cdn.example/s.mp4"));
        publishIntentAndCreated("req-s", "task-s");
        KeyValueStore<String, String> schedule = driver.getKeyValueStore(Topics.SCHEDULE_STORE);
        assertThat(keys(schedule)).containsExactly(String.format("%013d|req-s", T0.plusSeconds(5).toEpochMilli()));

        advance(Duration.ofSeconds(5)); // polled: next poll in 5 s
        assertThat(keys(schedule)).containsExactly(String.format("%013d|req-s", T0.plusSeconds(10).toEpochMilli()));

        advance(Duration.ofSeconds(5)); // completed
        assertThat(keys(schedule)).isEmpty();
        assertThat(completed.readValuesToList()).hasSize(1);
    }

    private static List<String> keys(KeyValueStore<String, String> store) {
        List<String> keys = new java.util.ArrayList<>();
        try (var all = store.all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    @Test
    void anUpstreamFailureEmitsExactlyOneFailureWithTheUpstreamError() {
        upstream.answer("task-2", new TaskReport(UpstreamStatus.FAILED, "failed", null, List.of(),
                new UpstreamError(null, "content_policy_violation", null, "Content policy violation", null, false, null),
                false, null));
        publishIntentAndCreated("req-2", "task-2");

        advance(Duration.ofSeconds(5));
        advance(Duration.ofSeconds(30));

        List<VideoFailed> failures = failed.readValuesToList();
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).getReason()).isEqualTo(FailureReason.upstream_failed);
        assertThat(failures.get(0).getMessage()).isEqualTo("Content policy violation");
        assertThat(failures.get(0).getUpstreamError().getCode()).isEqualTo("content_policy_violation");
        assertThat(failures.get(0).getUpstreamTaskId()).isEqualTo("task-2");
        assertThat(completed.isEmpty()).isTrue();
        assertThat(inFlight().get("req-2")).isNull();
        assertThat(upstream.pollsOf("task-2")).isEqualTo(1);
    }

    @Test
    void aCancelledTaskFailsWithReasonCancelled() {
        upstream.answer("task-c", new TaskReport(UpstreamStatus.FAILED, "failed", null, List.of(), null, true, null));
        publishIntentAndCreated("req-c", "task-c");
        advance(Duration.ofSeconds(5));
        assertThat(failed.readValuesToList()).extracting(VideoFailed::getReason).containsExactly(FailureReason.cancelled);
    }

    @Test
    void aRefusedSubmitEmitsOneFailureAndNothingIsPolled() {
        tasksIn.pipeInput("req-3", VideoTaskEvent.newBuilder(intent("req-3"))
                .setType(VideoTaskEventType.submit_failed)
                .setFailureReason(FailureReason.insufficient_balance)
                .setFailureMessage("The upstream refused the submit (HTTP 402)")
                .setRetryable(false)
                .build());
        advance(Duration.ofMinutes(5));

        List<VideoFailed> failures = failed.readValuesToList();
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).getReason()).isEqualTo(FailureReason.insufficient_balance);
        assertThat(failures.get(0).getMetadata()).containsEntry("customer", "c-42");
        assertThat(upstream.polls).isEmpty();
        assertThat(finished().get("req-3").getCompleted()).isFalse();
        assertThat(finished().get("req-3").getFailure()).isEqualTo(failures.get(0));
    }

    @Test
    void afterAQuietMinuteAPollStillGoesOutAtItsTimeNotAtTheNextIdleWake() {
        upstream.answer("task-q", report(UpstreamStatus.PROCESSING, "processing", 10));
        // Nothing in flight: the tracker ticks once a second at most (TickPace), not every tick-interval.
        for (int i = 0; i < 241; i++) {
            advance(Duration.ofMillis(250));
        }
        publishIntentAndCreated("req-q", "task-q"); // at 60.25 s: first poll due at 65.25 s
        long firstPollAt = -1;
        for (int step = 1; step <= 40 && firstPollAt < 0; step++) {
            advance(Duration.ofMillis(250));
            if (upstream.pollsOf("task-q") > 0) {
                firstPollAt = 60_250 + step * 250L;
            }
        }
        // Within a tick-interval (500 ms here) of its time, as when the tracker ticked all along; not at the whole
        // second the idle ticks fall on after it (66 s).
        assertThat(firstPollAt).as("polled when due").isBetween(65_250L, 65_750L);
    }

    @Test
    void aTaskThatRunsPastTheMaximumWaitFailsWithTimeout() {
        upstream.answer("task-5", report(UpstreamStatus.PROCESSING, "processing", 10));
        publishIntentAndCreated("req-5", "task-5");
        for (int i = 0; i < 30; i++) {
            advance(Duration.ofMinutes(1));
        }
        List<VideoFailed> failures = failed.readValuesToList();
        assertThat(failures).extracting(VideoFailed::getReason).containsExactly(FailureReason.timeout);
        assertThat(failures.get(0).getUpstreamTaskId()).isEqualTo("task-5");
        long polls = upstream.pollsOf("task-5");
        advance(Duration.ofMinutes(5));
        assertThat(upstream.pollsOf("task-5")).isEqualTo(polls);
    }

    @Test
    void deadlinesComeFromTheRequestElseTheModelElseTheDefault() {
        upstream.acceptingSubmits();
        upstream.answer("task-1", report(UpstreamStatus.PROCESSING, "processing", 10));
        upstream.answer("task-2", report(UpstreamStatus.PROCESSING, "processing", 10));
        publishRequest(VideoRequested.newBuilder(request("d-own")).setMaxWaitSeconds(120).build());
        deliverOutcomes();
        publishRequest(VideoRequested.newBuilder(request("d-model")).setModel("veo3.1-fast").build());
        deliverOutcomes();
        advance(Duration.ofMinutes(2));
        assertThat(failed.readValuesToList()).extracting(VideoFailed::getRequestId).containsExactly("d-own");
        for (int i = 0; i < 8; i++) {
            advance(Duration.ofMinutes(1));
        }
        VideoFailed timeout = failed.readValue();
        assertThat(timeout.getRequestId()).isEqualTo("d-model");
        assertThat(timeout.getReason()).isEqualTo(FailureReason.timeout);
        assertThat(timeout.getMessage()).contains("PT10M");
    }

    @Test
    void aTaskTheUpstreamNoLongerKnowsFailsWithTaskNotFound() {
        upstream.answer("task-6", new UpstreamException(UpstreamException.Kind.ERROR_ANSWER,
                new UpstreamError(404, "async_task_not_found", "invalid_request_error", "task expired", null, false, null),
                null));
        publishIntentAndCreated("req-6", "task-6");
        advance(Duration.ofSeconds(5));
        assertThat(failed.readValuesToList()).extracting(VideoFailed::getReason)
                .containsExactly(FailureReason.task_not_found);
    }

    @Test
    void failedPollsBackOffThenTheTaskStillCompletes() {
        UpstreamException reset = new UpstreamException(UpstreamException.Kind.NO_ANSWER,
                UpstreamError.ofMessage("connection reset"), null);
        upstream.answer("task-7", reset, reset, completedWith("https://cdn.example/v7.mp4"));
        publishIntentAndCreated("req-7", "task-7");

        advance(Duration.ofSeconds(5)); // 1st poll fails: next in 3.75-5 s
        advance(Duration.ofSeconds(5)); // 2nd poll fails: next in 7.5-10 s
        advance(Duration.ofSeconds(5));
        assertThat(upstream.pollsOf("task-7")).as("backed off after two failures").isEqualTo(2);
        advance(Duration.ofSeconds(5));
        assertThat(completed.readValuesToList()).extracting(VideoCompleted::getRequestId).containsExactly("req-7");
        assertThat(failed.isEmpty()).isTrue();
    }

    @Test
    void anUnrecognisedStatusKeepsTheTaskInFlightWithTheRawStatus() {
        upstream.answer("task-8", report(UpstreamStatus.UNRECOGNISED, "warming_up", null),
                completedWith("https://cdn.example/v8.mp4"));
        publishIntentAndCreated("req-8", "task-8");
        advance(Duration.ofSeconds(5));

        assertThat(failed.isEmpty()).isTrue();
        VideoTaskEvent change = tasksOut.readValue();
        assertThat(change.getStatus()).isEqualTo(TaskStatus.unrecognised);
        assertThat(change.getRawStatus()).isEqualTo("warming_up");
        assertThat(inFlight().get("req-8").getRawStatus()).isEqualTo("warming_up");
        assertThat(meters.get(TrackerMetrics.UNRECOGNISED_STATUS).tags("provider", "tokenlab", "status", "warming_up")
                .counter().count()).isEqualTo(1.0);

        advance(Duration.ofSeconds(5));
        assertThat(completed.readValuesToList()).hasSize(1);
    }

    @Test
    void aHubTaskReadyWithAnUnknownStatusEndsAtItsFirstPollNotAtItsDeadlineAndKeepsTheAnswer() throws Exception {
        upstream.answer("task-h", hub("{'task_id':'task-h','status':'archived','ready':true,'elapsed_ms':900}"));
        publishIntentAndCreated("req-h", "task-h");
        advance(Duration.ofSeconds(5)); // the first poll; the deadline is 30 minutes away

        List<VideoFailed> failures = failed.readValuesToList();
        assertThat(failures).hasSize(1);
        VideoFailed failure = failures.get(0);
        assertThat(failure.getFailedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(failure.getReason()).isEqualTo(FailureReason.upstream_failed);
        assertThat(failure.getRetryable()).isFalse();
        assertThat(failure.getUpstreamError().getCode()).isEqualTo(HubTaskParser.UNRECOGNISED_END);
        assertThat(failure.getMessage()).contains("'archived'");
        assertThat(failure.getUpstreamAnswer())
                .isEqualTo("{\"task_id\":\"task-h\",\"status\":\"archived\",\"ready\":true,\"elapsed_ms\":900}");
        assertThat(finished().get("req-h").getFailure().getUpstreamAnswer()).as("GET /v1/requests/{id} reads it here")
                .isEqualTo(failure.getUpstreamAnswer());
        assertThat(completed.isEmpty()).isTrue();
        advance(Duration.ofMinutes(31));
        assertThat(failed.isEmpty()).as("no second ending at the deadline").isTrue();
        assertThat(upstream.pollsOf("task-h")).isEqualTo(1);
    }

    @Test
    void aHubTaskReadyWithAnUnknownStatusButAVideoCompletesWithItAndKeepsTheAnswer() throws Exception {
        upstream.answer("task-v", hub("{'task_id':'task-v','ready':true,'status':'succeeded',"
                + "'data':{'video':{'url':'https://cdn.example/hv.mp4'}}}"));
        publishIntentAndCreated("req-v", "task-v");
        advance(Duration.ofSeconds(5));

        VideoCompleted done = completed.readValue();
        assertThat(done.getVideos()).extracting(v -> v.getUrl()).containsExactly("https://cdn.example/hv.mp4");
        assertThat(done.getUpstreamAnswer()).contains("\"succeeded\"");
        assertThat(failed.isEmpty()).isTrue();
    }

    @Test
    void aHubTaskCompletedWithoutARecognisedVideoFailsAtOnceNotRetryableKeepingTheBilledAnswer() throws Exception {
        upstream.answer("task-o", hub("{'task_id':'task-o','ready':true,'status':'completed',"
                + "'data':{'output':{'video':{'uri':'https://cdn.example/odd.mp4'}}}}"));
        publishIntentAndCreated("req-o", "task-o");
        advance(Duration.ofSeconds(5));

        VideoFailed failure = failed.readValue();
        assertThat(failure.getUpstreamError().getCode()).isEqualTo(HubTaskParser.NO_RECOGNISED_VIDEO);
        assertThat(failure.getRetryable()).as("a resubmit would be billed again").isFalse();
        assertThat(failure.getUpstreamAnswer()).contains("https://cdn.example/odd.mp4");
        assertThat(completed.isEmpty()).isTrue();
    }

    @Test
    void aHubTaskNotReadyWithAnUnknownStatusStaysInFlightCountedAndEndsWhenReady() throws Exception {
        upstream.answer("task-n", hub("{'task_id':'task-n','ready':'false','status':'warming_up'}"),
                hub("{'task_id':'task-n','ready':'true','status':'completed','data':{'url':'https://cdn.example/n.mp4'}}"));
        publishIntentAndCreated("req-n", "task-n");
        advance(Duration.ofSeconds(5));

        assertThat(failed.isEmpty()).isTrue();
        assertThat(tasksOut.readValue().getRawStatus()).isEqualTo("warming_up");
        assertThat(meters.get(TrackerMetrics.UNRECOGNISED_STATUS).tags("status", "warming_up").counter().count())
                .isEqualTo(1.0);
        advance(Duration.ofSeconds(5));
        VideoCompleted done = completed.readValue();
        assertThat(done.getVideos()).hasSize(1);
        assertThat(done.getUpstreamAnswer()).as("understood").isNull();
    }

    /** What the hub provider reports for this answer of the hub's (JSON with single quotes). */
    private static TaskReport hub(String answer) throws Exception {
        return HubTaskParser.parseTask(UpstreamJson.MAPPER.readTree(answer.replace('\'', '"')));
    }

    @Test
    void repeatedLifecycleEventsNeverProduceASecondTerminalEvent() {
        upstream.answer("task-9", completedWith("https://cdn.example/v9.mp4"));
        publishIntentAndCreated("req-9", "task-9");
        publishIntentAndCreated("req-9", "task-9"); // redelivered
        advance(Duration.ofSeconds(5));
        assertThat(completed.readValuesToList()).hasSize(1);

        publishIntentAndCreated("req-9", "task-9"); // after the end
        tasksIn.pipeInput("req-9", VideoTaskEvent.newBuilder(intent("req-9"))
                .setType(VideoTaskEventType.submit_failed).setFailureReason(FailureReason.internal_error).build());
        advance(Duration.ofMinutes(5));
        assertThat(completed.isEmpty()).isTrue();
        assertThat(failed.isEmpty()).isTrue();
        assertThat(upstream.pollsOf("task-9")).isEqualTo(1);
    }

    @Test
    void finishedRequestIdsAreForgottenAfterTheRetention() {
        upstream.answer("task-10", completedWith("https://cdn.example/v10.mp4"));
        publishIntentAndCreated("req-10", "task-10");
        advance(Duration.ofSeconds(5));
        assertThat(finished().get("req-10")).isNotNull();

        driver.advanceWallClockTime(Duration.ofDays(7).plusMinutes(20));
        assertThat(finished().get("req-10")).isNull();
    }

    // ------------------------------------------------------------------ admission and the paid submit

    @Test
    void aRequestIsAdmittedWithAnIntentAndSubmittedOnceTheIntentIsCommitted() {
        upstream.acceptingSubmits().answer("task-1", completedWith("https://cdn.example/a.mp4"));
        publishRequest(request("adm-1"));

        // The driver commits after each record and hands the tracker its own video.tasks output back,
        // as the broker does: the intent is written, committed, read back, and only then submitted.
        List<VideoTaskEvent> marks = tasksOut.readValuesToList();
        assertThat(marks).extracting(VideoTaskEvent::getType)
                .containsExactly(VideoTaskEventType.submitting, VideoTaskEventType.sending);
        VideoTaskEvent intent = marks.get(0);
        assertThat(intent.getRequest().getOperation()).isEqualTo("text-to-video");
        assertThat(inFlight().get("adm-1").getPhase()).isEqualTo(io.reelay.state.TrackedPhase.submitting);
        assertThat(upstream.submitsOf("adm-1")).isEqualTo(1);
        assertThat(outcomes).extracting(VideoTaskEvent::getType).containsExactly(VideoTaskEventType.created);

        readBack(outcomes.get(0));
        advance(Duration.ofSeconds(5));
        assertThat(completed.readValuesToList()).extracting(VideoCompleted::getUpstreamTaskId).containsExactly("task-1");
        assertThat(upstream.submitsOf("adm-1")).isEqualTo(1);
    }

    // ------------------------------------------------------------------ cost estimates (issue 13 item 5)

    @Test
    void aRequestCarriesItsCostEstimateFromAdmissionToItsCompletionWithWhatTheUpstreamCharged() {
        // veo3.1 on TokenLab: 0.40 USD a second (the shipped catalog's price); 4 s is 1.60 USD.
        java.math.BigDecimal estimate = new java.math.BigDecimal("1.600000");
        upstream.acceptingSubmits().answer("task-1", new TaskReport(UpstreamStatus.COMPLETED, "completed", 100,
                List.of(new VideoOutput("https://cdn.example/c.mp4", 4.0, 1280, 720, null)), null, false, null,
                new java.math.BigDecimal("0.75"), null));
        publishRequest(VideoRequested.newBuilder(request("cost-1")).setDuration(4).setOutputAudio(false).build());

        assertThat(tasksOut.readValuesToList()).as("the intent and the sending mark")
                .extracting(VideoTaskEvent::getType, VideoTaskEvent::getEstimatedCostUsd)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(VideoTaskEventType.submitting, estimate),
                        org.assertj.core.groups.Tuple.tuple(VideoTaskEventType.sending, estimate));
        assertThat(inFlight().get("cost-1").getEstimatedCostUsd()).isEqualTo(estimate);
        assertThat(outcomes).extracting(VideoTaskEvent::getType, VideoTaskEvent::getEstimatedCostUsd)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(VideoTaskEventType.created, estimate));

        deliverOutcomes();
        advance(Duration.ofSeconds(5));
        VideoCompleted done = completed.readValue();
        assertThat(done.getEstimatedCostUsd()).isEqualTo(estimate);
        assertThat(done.getActualCostUsd()).isEqualTo(new java.math.BigDecimal("0.750000"));
        assertThat(finished().get("cost-1").getCompletion().getEstimatedCostUsd()).as("kept for GET /v1/requests")
                .isEqualTo(estimate);
        assertThat(meters.get(TrackerMetrics.COST_ESTIMATED).tags("provider", "tokenlab", "model", "veo3.1")
                .counter().count()).isEqualTo(1.6);
        assertThat(meters.get(TrackerMetrics.COST_CHARGED).tags("provider", "tokenlab", "model", "veo3.1")
                .counter().count()).isEqualTo(0.75);
    }

    @Test
    void withoutADurationTheEstimateIsForTheModelsDefaultLengthAndDefaultAudio() {
        upstream.acceptingSubmits();
        publishRequest(request("cost-2"));

        // 8 s (the pricing's default length for Veo) at 0.40 USD a second.
        assertThat(tasksOut.readValue().getEstimatedCostUsd()).isEqualTo(new java.math.BigDecimal("3.200000"));
    }

    @Test
    void aFailedRequestCarriesItsEstimateWhetherTheSubmitOrTheTaskFailed() {
        upstream.submitScript.add(new UpstreamException(UpstreamException.Kind.ERROR_ANSWER,
                new UpstreamError(400, "invalid_request", null, "no", null, false, null), null));
        upstream.acceptingSubmits().answer("task-1", new TaskReport(UpstreamStatus.FAILED, "failed", null, List.of(),
                new UpstreamError(null, "content_policy_violation", null, "no", null, false, null), false, null));
        publishRequest(VideoRequested.newBuilder(request("cost-refused")).setDuration(4).setOutputAudio(false).build());
        deliverOutcomes();
        publishRequest(VideoRequested.newBuilder(request("cost-failed")).setDuration(8).setOutputAudio(true).build());
        deliverOutcomes();
        advance(Duration.ofSeconds(5));

        List<VideoFailed> failures = failed.readValuesToList();
        assertThat(failures).extracting(VideoFailed::getRequestId, VideoFailed::getEstimatedCostUsd,
                        VideoFailed::getActualCostUsd)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("cost-refused", new java.math.BigDecimal("1.600000"), null),
                        org.assertj.core.groups.Tuple.tuple("cost-failed", new java.math.BigDecimal("3.200000"), null));
        assertThat(meters.find(TrackerMetrics.COST_CHARGED).meters()).as("nothing said it was charged").isEmpty();
    }

    @Test
    void aRequestRefusedBeforeAdmissionHasNoEstimate() {
        publishRequest(VideoRequested.newBuilder(request("cost-unknown")).setModel("veo-9").build());

        assertThat(failed.readValue().getEstimatedCostUsd()).isNull();
        assertThat(meters.find(TrackerMetrics.COST_ESTIMATED).meters()).isEmpty();
    }

    @Test
    void theOwnerOfARequestIsTheSignedOneNeverOneAProducerWrote() {
        upstream.acceptingSubmits();
        VideoRequested forged = request("own-1");
        forged.setMetadata(Map.of("customer", "c-42", "reelay:owner", "someone-else"));
        requestsIn.pipeInput(new org.apache.kafka.streams.test.TestRecord<>("own-1",
                AvroSerde.of(VideoRequested.class).encode(forged)));
        VideoRequested signed = request("own-2");
        var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        var owners = io.reelay.kafka.InternalKey.of(TrackerGuards.TEST_KEY);
        headers.add("reelay-owner", "acme".getBytes());
        headers.add("reelay-owner-sig", owners.sign("owner", "own-2", "acme").getBytes());
        requestsIn.pipeInput(new org.apache.kafka.streams.test.TestRecord<>("own-2",
                AvroSerde.of(VideoRequested.class).encode(signed), headers));
        var badSig = new org.apache.kafka.common.header.internals.RecordHeaders();
        badSig.add("reelay-owner", "acme".getBytes());
        badSig.add("reelay-owner-sig", owners.sign("owner", "own-2", "acme").getBytes()); // signed for another id
        requestsIn.pipeInput(new org.apache.kafka.streams.test.TestRecord<>("own-3",
                AvroSerde.of(VideoRequested.class).encode(request("own-3")), badSig));

        assertThat(inFlight().get("own-1").getMetadata()).containsEntry("customer", "c-42")
                .doesNotContainKey("reelay:owner");
        assertThat(inFlight().get("own-2").getMetadata()).containsEntry("reelay:owner", "acme");
        assertThat(inFlight().get("own-3").getMetadata()).doesNotContainKey("reelay:owner");
    }

    @Test
    void aRepeatedRequestIsNeverSubmittedAgain() {
        upstream.acceptingSubmits();
        publishRequest(request("adm-2"));
        publishRequest(request("adm-2"));
        readBackAll(); // a second read-back of the same intent (a redelivery) changes nothing
        publishRequest(request("adm-2"));
        assertThat(upstream.submitsOf("adm-2")).isEqualTo(1);
        assertThat(outcomes).hasSize(1);
    }

    @Test
    void anAttemptThatProvablyNeverWentOutIsResumedByTheNextOwner() {
        upstream.acceptingSubmits();
        // An intent read back by a process that did not write it (after a crash or a rebalance), with no
        // sending mark committed: the call certainly did not go out, so the new owner sends it, once.
        committedByTheOldOwner(intent("adm-3"));
        tasksIn.pipeInput("adm-3", intent("adm-3"));
        advance(Duration.ofSeconds(9));
        assertThat(upstream.submitsOf("adm-3")).as("filed for a look at 10 s").isZero();
        advance(Duration.ofSeconds(1));
        assertThat(upstream.submitsOf("adm-3")).isEqualTo(1);
        advance(Duration.ofMinutes(5));
        assertThat(upstream.submitsOf("adm-3")).isEqualTo(1);
    }

    @Test
    void anAttemptWhoseSendingMarkIsCommittedIsNeverSentAgainByTheNextOwner() {
        upstream.acceptingSubmits();
        // The old owner wrote the sending mark, then died: the call may have gone out.
        committedByTheOldOwner(intent("adm-8"));
        tasksIn.pipeInput("adm-8", intent("adm-8"));
        tasksIn.pipeInput("adm-8", VideoTaskEvent.newBuilder(intent("adm-8")).setType(VideoTaskEventType.sending)
                .setRequest(null).build());
        TrackedTask marked = inFlight().get("adm-8");
        marked.setSendingMarked(true);
        inFlight().put("adm-8", marked); // as the old owner committed it
        advance(Duration.ofSeconds(30));
        assertThat(upstream.submitsOf("adm-8")).isZero();
        advance(Duration.ofMinutes(2));
        assertThat(failed.readValuesToList()).extracting(VideoFailed::getReason)
                .containsExactly(FailureReason.submission_outcome_unknown);
        assertThat(upstream.submits).isEmpty();
        assertThat(upstream.polls).isEmpty();
        assertThat(inFlight().get("adm-8")).isNull();
    }

    @Test
    void anAttemptItsOldOwnerHandedOverUncalledIsSubmittedOnceByTheNextOwnerAtOnce() {
        upstream.acceptingSubmits();
        upstream.defaultAnswer = report(UpstreamStatus.PROCESSING, "processing", 10);
        Instant markAt = T0.plusMillis(300);
        oldOwnersStandingMark("ho-1", markAt);
        // The old owner gave the partition up before reading its mark back: it never made the call, and says so.
        tasksIn.pipeInput("ho-1", unsent("ho-1", markAt));
        advance(Duration.ofMillis(500));
        deliverOutcomes();
        assertThat(upstream.submitsOf("ho-1")).as("resumed at once, not after the outcome wait").isEqualTo(1);
        assertThat(inFlight().get("ho-1").getUpstreamTaskId()).isNotNull();
        assertThat(inFlight().get("ho-1").getSubmitAttempts()).as("nothing was sent: no attempt spent").isZero();
        advance(Duration.ofMinutes(5));
        deliverOutcomes();
        assertThat(upstream.submitsOf("ho-1")).isEqualTo(1);
        assertThat(failed.readValuesToList()).isEmpty();
    }

    @Test
    void anUnsentRecordResumesNothingButTheMarkItNamesWhenThatMarkWasReadHere() {
        upstream.acceptingSubmits();
        upstream.defaultAnswer = report(UpstreamStatus.PROCESSING, "processing", 10);
        Instant markAt = T0.plusMillis(300);
        // Another mark than the one stored (an older attempt's record, the request resumed and sent since).
        oldOwnersStandingMark("ho-2", markAt);
        tasksIn.pipeInput("ho-2", unsent("ho-2", markAt.minusMillis(1)));
        // The mark stored but never read here (an aborted transaction's mark is never read): the record proves nothing.
        committedByTheOldOwner(intent("ho-3"));
        markStored("ho-3", markAt);
        tasksIn.pipeInput("ho-3", unsent("ho-3", markAt));
        // Read twice: the second changes nothing.
        oldOwnersStandingMark("ho-4", markAt);
        tasksIn.pipeInput("ho-4", unsent("ho-4", markAt));
        tasksIn.pipeInput("ho-4", unsent("ho-4", markAt));
        // A request this partition does not hold.
        tasksIn.pipeInput("ho-5", unsent("ho-5", markAt));
        advance(Duration.ofSeconds(30));
        deliverOutcomes();
        assertThat(upstream.submitsOf("ho-2")).isZero();
        assertThat(upstream.submitsOf("ho-3")).isZero();
        assertThat(upstream.submitsOf("ho-4")).isEqualTo(1);
        assertThat(upstream.submitsOf("ho-5")).isZero();
        advance(Duration.ofMinutes(2));
        deliverOutcomes();
        assertThat(failed.readValuesToList()).as("left to the outcome check, as a kill leaves them")
                .extracting(VideoFailed::getRequestId, VideoFailed::getReason).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("ho-2", FailureReason.submission_outcome_unknown),
                        org.assertj.core.groups.Tuple.tuple("ho-3", FailureReason.submission_outcome_unknown));
        assertThat(upstream.submitsOf("ho-4")).isEqualTo(1);
    }

    @Test
    void aRequestCancelledWhileItsHandedOverMarkStoodEndsCancelledWithoutACall() {
        upstream.acceptingSubmits();
        Instant markAt = T0.plusMillis(300);
        oldOwnersStandingMark("ho-6", markAt);
        cancel("ho-6", null);
        assertThat(failed.readValuesToList()).as("the call may be under way: its answer decides").isEmpty();
        tasksIn.pipeInput("ho-6", unsent("ho-6", markAt));
        assertThat(failed.readValuesToList()).extracting(VideoFailed::getReason, VideoFailed::getMessage)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(FailureReason.cancelled,
                        "Cancelled by request (before any upstream call)"));
        advance(Duration.ofMinutes(3));
        assertThat(upstream.submits).isEmpty();
    }

    @Test
    void aCallTheOldOwnerHadHeldBackIsRetriedByTheNextOwnerNotLeftUnknown() {
        upstream.acceptingSubmits();
        upstream.defaultAnswer = report(UpstreamStatus.PROCESSING, "processing", 10);
        Instant markAt = T0.plusMillis(300);
        // The old owner read its mark back and called; the circuit held the call back, and the partition moved before
        // the mark was withdrawn. Its answer says so, as a call's answer would.
        committedByTheOldOwner(intent("ho-7"));
        markStored("ho-7", markAt);
        tasksIn.pipeInput("ho-7", io.reelay.lifecycle.submit.mapping.TaskEventFactory.heldBack(intent("ho-7"),
                markAt.plusMillis(50)));
        advance(Duration.ofMinutes(1));
        deliverOutcomes();
        assertThat(upstream.submitsOf("ho-7")).as("retried as a clear refusal is").isEqualTo(1);
        assertThat(inFlight().get("ho-7").getUpstreamTaskId()).isNotNull();
        advance(Duration.ofMinutes(5));
        deliverOutcomes();
        assertThat(upstream.submitsOf("ho-7")).isEqualTo(1);
        assertThat(failed.readValuesToList()).isEmpty();
    }

    /** As a new owner finds a request whose sending mark (written at {@code markAt}) the old owner committed. */
    private void oldOwnersStandingMark(String id, Instant markAt) {
        committedByTheOldOwner(intent(id));
        tasksIn.pipeInput(id, intent(id));
        tasksIn.pipeInput(id, VideoTaskEvent.newBuilder(intent(id)).setType(VideoTaskEventType.sending)
                .setOccurredAt(markAt).setRequest(null).build());
        markStored(id, markAt);
    }

    private void markStored(String id, Instant markAt) {
        TrackedTask marked = inFlight().get(id);
        marked.setSendingMarked(true);
        marked.setIntentAt(markAt.toEpochMilli());
        inFlight().put(id, marked);
    }

    private static VideoTaskEvent unsent(String id, Instant markAt) {
        return io.reelay.lifecycle.submit.mapping.TaskEventFactory.unsent(intent(id), markAt, markAt.plusMillis(50));
    }

    @Test
    void anUndecodableRecordGoesToTheDeadLetterTopicByteForByteWithItsReason() {
        byte[] garbage = {1, 2, 3, 4};
        requestsIn.pipeInput("junk-1", garbage);
        var dead = dlq.readRecord();
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(dead.key()).isEqualTo("junk-1");
        assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value())).containsIgnoringCase("VideoRequested");
        assertThat(new String(dead.headers().lastHeader("dead-letter-topic").value())).isEqualTo(Topics.REQUESTS);
        assertThat(dead.headers().lastHeader("dead-letter-offset")).isNotNull();
        assertThat(failed.isEmpty()).isTrue();
        assertThat(upstream.submits).isEmpty();
    }

    @Test
    void anInvalidRequestFailsWithFieldErrorsAndIsNeverSubmitted() {
        upstream.acceptingSubmits();
        publishRequest(VideoRequested.newBuilder(request("adm-4")).setModel("topaz-video-upscale").build());
        VideoFailed failure = failed.readValue();
        assertThat(failure.getReason()).isEqualTo(FailureReason.invalid_request);
        assertThat(failure.getValidationErrors()).extracting(e -> e.getField() + ":" + e.getCode())
                .containsExactly("operation:unsupported_operation");
        assertThat(failure.getMetadata()).containsEntry("customer", "c-42");
        assertThat(upstream.submits).isEmpty();
        assertThat(inFlight().get("adm-4")).isNull();
    }

    @Test
    void submitsBeyondTheConcurrencyBoundWaitAndAreNotMistakenForLostAnswers() {
        // The upstream never answers: two calls hold both permits, the third request waits its turn.
        publishRequest(request("adm-5"));
        publishRequest(request("adm-6"));
        publishRequest(request("adm-7"));
        assertThat(upstream.submits).extracting(io.reelay.intake.VideoRequest::requestId)
                .containsExactly("adm-5", "adm-6");
        advance(Duration.ofMinutes(3));
        assertThat(failed.readValuesToList()).extracting(VideoFailed::getRequestId)
                .containsExactlyInAnyOrder("adm-5", "adm-6"); // intents without an answer, past the outcome timeout
        assertThat(inFlight().get("adm-7").getPhase()).isEqualTo(io.reelay.state.TrackedPhase.submitting);
    }

    @Test
    void aClearRefusalIsRetriedWithBackOffHonouringRetryAfterAndSubmittedOnceAccepted() {
        upstream.submitScript.add(refusal(429, "rate_limit_exceeded", Duration.ofSeconds(10)));
        upstream.submitAnswer = "accept";
        upstream.answer("task-1", completedWith("https://cdn.example/r.mp4"));
        publishRequest(request("retry-1"));
        deliverOutcomes();
        assertThat(upstream.submitsOf("retry-1")).isEqualTo(1);
        assertThat(failed.isEmpty()).as("a refusal that may pass later is not the end").isTrue();

        advance(Duration.ofSeconds(9));
        assertThat(upstream.submitsOf("retry-1")).as("Retry-After is honoured").isEqualTo(1);
        advance(Duration.ofSeconds(1));
        assertThat(upstream.submitsOf("retry-1")).isEqualTo(2);
        deliverOutcomes();
        advance(Duration.ofSeconds(5));
        assertThat(completed.readValuesToList()).extracting(VideoCompleted::getUpstreamTaskId).containsExactly("task-1");
        assertThat(failed.isEmpty()).isTrue();
    }

    @Test
    void refusalsEndTheRequestWhenTheAttemptsAreUsedUp() {
        upstream.submitAnswer = refusal(503, "all_channels_failed", null);
        publishRequest(request("retry-2"));
        for (int i = 0; i < 10; i++) {
            deliverOutcomes();
            advance(Duration.ofSeconds(10));
        }
        assertThat(upstream.submitsOf("retry-2")).isEqualTo(3);
        VideoFailed failure = failed.readValue();
        assertThat(failure.getReason()).isEqualTo(FailureReason.upstream_unavailable);
        assertThat(failure.getRetryable()).isTrue();
        assertThat(failure.getUpstreamError().getCode()).isEqualTo("all_channels_failed");
        assertThat(failed.isEmpty()).isTrue();
    }

    @Test
    void aSubmitWithoutAnAnswerIsNeverRepeated() {
        upstream.submitAnswer = new UpstreamException(UpstreamException.Kind.NO_ANSWER,
                UpstreamError.ofMessage("connection reset"), null);
        publishRequest(request("retry-3"));
        for (int i = 0; i < 10; i++) {
            deliverOutcomes();
            advance(Duration.ofSeconds(30));
        }
        assertThat(upstream.submitsOf("retry-3")).isEqualTo(1);
        assertThat(failed.readValuesToList()).extracting(VideoFailed::getReason)
                .containsExactly(FailureReason.submission_outcome_unknown);
    }

    @Test
    void aSubmitTheCircuitBreakerHeldBackGoesOutLaterAndIsNotMistakenForALostAnswer() {
        upstream.submitScript.add(new org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException("open"));
        upstream.submitAnswer = "accept";
        upstream.answer("task-1", report(UpstreamStatus.PROCESSING, "processing", 5));
        publishRequest(request("cb-1"));
        assertThat(outcomes).as("nothing was sent, so there is no answer to record").isEmpty();

        advance(Duration.ofSeconds(1));
        assertThat(outcomes).extracting(VideoTaskEvent::getType).containsExactly(VideoTaskEventType.created);
        deliverOutcomes();
        advance(Duration.ofMinutes(3));
        assertThat(failed.readValuesToList()).extracting(VideoFailed::getReason).doesNotContain(
                FailureReason.submission_outcome_unknown);
    }

    @Test
    void withTheResubmitPolicyAnUnknownOutcomeIsSubmittedAgainInsteadOfFailing() {
        driver.close();
        ReelayConfig resubmitting = CONFIG.set(c -> c.submitter().unknownOutcome(), UnknownOutcomePolicy.RESUBMIT)
                .build();
        var intake = new RequestIntake(new RequestValidator(ModelCatalog.load(), TestConfig.defaults().validation()));
        driver = new TopologyTestDriver(TrackerTopology.buildTopology(resubmitting, new TrackerServices(intake,
                name -> upstream, this::recordOutcome, new TrackerMetrics(meters))), props(), T0);
        tasksIn = driver.createInputTopic(Topics.TASKS, Serdes.String().serializer(),
                SignedTasks.signed(AvroSerde.of(VideoTaskEvent.class).serializer()));
        failed = driver.createOutputTopic(Topics.FAILED, Serdes.String().deserializer(),
                AvroSerde.of(VideoFailed.class).deserializer());
        upstream.acceptingSubmits();
        committedByTheOldOwner(intent("rs-1"));
        tasksIn.pipeInput("rs-1", intent("rs-1"));
        tasksIn.pipeInput("rs-1", VideoTaskEvent.newBuilder(intent("rs-1")).setType(VideoTaskEventType.sending)
                .setRequest(null).build());
        KeyValueStore<String, TrackedTask> store = driver.getKeyValueStore(Topics.IN_FLIGHT_STORE);
        TrackedTask marked = store.get("rs-1");
        marked.setSendingMarked(true);
        store.put("rs-1", marked);

        advance(Duration.ofMinutes(3));

        assertThat(upstream.submitsOf("rs-1")).isEqualTo(1);
        assertThat(failed.isEmpty()).isTrue();
    }

    @Test
    void whenTheRateBudgetIsShortTheLongestWaitingTasksArePolledFirst() {
        driver.close();
        var budgets = new io.reelay.upstream.budget.RateBudgets(Map.of("tokenlab", 12)); // burst of 1
        var intake = new RequestIntake(new RequestValidator(ModelCatalog.load(), TestConfig.defaults().validation()));
        driver = new TopologyTestDriver(TrackerTopology.buildTopology(SETTINGS, new TrackerServices(intake,
                name -> upstream, this::recordOutcome, new TrackerMetrics(meters), budgets)), props(), T0);
        tasksIn = driver.createInputTopic(Topics.TASKS, Serdes.String().serializer(),
                SignedTasks.signed(AvroSerde.of(VideoTaskEvent.class).serializer()));
        upstream.answer("task-old", report(UpstreamStatus.PROCESSING, "processing", 10));
        upstream.answer("task-new", report(UpstreamStatus.PROCESSING, "processing", 10));
        publishIntentAndCreated("b-old", "task-old");
        advance(Duration.ofSeconds(2));
        publishIntentAndCreated("b-new", "task-new");
        advance(Duration.ofSeconds(1));

        advance(Duration.ofSeconds(5)); // both due; the budget has one call
        assertThat(upstream.polls).extracting(h -> h.upstreamTaskId()).containsExactly("task-old");
        assertThat(meters.get(TrackerMetrics.RATE_BUDGET_WAITS).tags("provider", "tokenlab", "call", "poll")
                .counter().count()).isEqualTo(1.0);
        advance(Duration.ofSeconds(5)); // one more call's worth
        assertThat(upstream.polls).extracting(h -> h.upstreamTaskId()).containsExactly("task-old", "task-new");
    }

    // ------------------------------------------------------------------ cancellation

    @Test
    void aCancelBeforeTheCallWithdrawsTheSubmit() {
        publishRequest(request("c-1")); // both permits held by calls that never answer
        publishRequest(request("c-2"));
        publishRequest(request("c-3")); // waits for a permit
        cancel("c-3", "{\"reason\":\"changed my mind\"}");
        VideoFailed failure = failed.readValue();
        assertThat(failure.getRequestId()).isEqualTo("c-3");
        assertThat(failure.getReason()).isEqualTo(FailureReason.cancelled);
        assertThat(failure.getMessage()).contains("changed my mind").contains("before any upstream call");
        advance(Duration.ofMinutes(5));
        assertThat(upstream.submitsOf("c-3")).isZero();
    }

    @Test
    void aCancelOfATaskInFlightAsksTheUpstreamToCancelAndStopsPolling() {
        upstream.answer("task-9", report(UpstreamStatus.PROCESSING, "processing", 10));
        publishIntentAndCreated("c-4", "task-9");
        advance(Duration.ofSeconds(5));
        long polls = upstream.pollsOf("task-9");
        cancel("c-4", null);
        assertThat(upstream.cancels).extracting(h -> h.upstreamTaskId()).containsExactly("task-9");
        VideoFailed failure = failed.readValue();
        assertThat(failure.getReason()).isEqualTo(FailureReason.cancelled);
        assertThat(failure.getUpstreamTaskId()).isEqualTo("task-9");
        advance(Duration.ofMinutes(1));
        assertThat(upstream.pollsOf("task-9")).isEqualTo(polls);
        assertThat(failed.isEmpty()).isTrue();
    }

    @Test
    void aCancelDuringTheSubmitCancelsTheTaskOnceItsIdIsKnown() {
        upstream.acceptingSubmits();
        publishRequest(request("c-5"));
        cancel("c-5", null); // the call has gone out; its answer is not in yet
        assertThat(failed.isEmpty()).isTrue();
        deliverOutcomes();
        assertThat(upstream.cancels).extracting(h -> h.upstreamTaskId()).containsExactly("task-1");
        assertThat(failed.readValuesToList()).extracting(VideoFailed::getReason).containsExactly(FailureReason.cancelled);
        advance(Duration.ofMinutes(1));
        assertThat(upstream.polls).isEmpty();
    }

    @Test
    void aCancelBeforeTheRequestEndsItAndTheRequestIsNeverSubmitted() {
        upstream.acceptingSubmits();
        cancel("c-6", null);
        assertThat(failed.readValuesToList()).extracting(VideoFailed::getReason).containsExactly(FailureReason.cancelled);
        publishRequest(request("c-6"));
        assertThat(upstream.submits).isEmpty();
        assertThat(failed.isEmpty()).isTrue();
    }

    @Test
    void aCancelAfterTheEndChangesNothing() {
        upstream.answer("task-7", completedWith("https://cdn.example/c.mp4"));
        publishIntentAndCreated("c-7", "task-7");
        advance(Duration.ofSeconds(5));
        assertThat(completed.readValuesToList()).hasSize(1);
        cancel("c-7", null);
        assertThat(failed.isEmpty()).isTrue();
        assertThat(upstream.cancels).isEmpty();
    }

    private void cancel(String requestId, String json) {
        cancellationsIn.pipeInput(requestId, json == null ? null : json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static UpstreamException refusal(int status, String code, Duration retryAfter) {
        return new UpstreamException(UpstreamException.Kind.ERROR_ANSWER,
                new UpstreamError(status, code, null, "try later", null, true, retryAfter), null);
    }

    /** When set, Kafka never confirms the answers: they stay in memory only. */
    private volatile boolean answersUnconfirmed;

    private io.smallrye.mutiny.Uni<Void> recordOutcome(VideoTaskEvent outcome) {
        outcomes.add(outcome);
        return answersUnconfirmed ? io.smallrye.mutiny.Uni.createFrom().nothing()
                : io.smallrye.mutiny.Uni.createFrom().voidItem();
    }

    @Test
    void whileAnswersAreNotConfirmedByKafkaNoFurtherPaidCallsGoOut() {
        answersUnconfirmed = true;
        upstream.acceptingSubmits();
        publishRequest(request("k-1"));
        publishRequest(request("k-2"));
        publishRequest(request("k-3"));
        advance(Duration.ofMinutes(1));
        assertThat(upstream.submits).as("as many unconfirmed answers as permits, no more").hasSize(2);
    }

    /** Hands the tracker the submit answers its callbacks wrote (in production: via video.tasks). */
    private void deliverOutcomes() {
        List<VideoTaskEvent> written = List.copyOf(outcomes);
        outcomes.clear();
        written.forEach(this::readBack);
    }

    private void publishRequest(VideoRequested request) {
        requestsIn.pipeInput(request.getRequestId(), AvroSerde.of(VideoRequested.class).encode(request));
    }

    /** The tracker reads its own video.tasks output back; in the test driver, we hand it back. */
    private void readBack(VideoTaskEvent event) {
        tasksIn.pipeInput(event.getRequestId(), event);
    }

    private void readBackAll() {
        tasksOut.readValuesToList().forEach(this::readBack);
    }

    private static VideoRequested request(String id) {
        return VideoRequested.newBuilder()
                .setRequestId(id)
                .setModel("veo3.1")
                .setOperation("text-to-video")
                .setPrompt("a cat in a garden")
                .setMetadata(Map.of("customer", "c-42"))
                .setRequestedAt(T0)
                .build();
    }

    private void publishIntentAndCreated(String requestId, String taskId) {
        VideoTaskEvent intent = intent(requestId);
        tasksIn.pipeInput(requestId, intent);
        tasksIn.pipeInput(requestId, VideoTaskEvent.newBuilder(intent)
                .setType(VideoTaskEventType.created)
                .setUpstreamTaskId(taskId)
                .setPollUrl("https://api.tokenlab.sh/v1/tasks/" + taskId)
                .setRawStatus("pending")
                .setSubmittedAt(clock)
                .build());
    }

    /**
     * The in-flight entry an old owner committed with its intent, as the new owner finds it restored from the
     * changelog: in the store, filed in the schedule. (TopologyTestDriver runs one processor; this stands in for
     * another one's committed state.)
     */
    private void committedByTheOldOwner(VideoTaskEvent intent) {
        long now = T0.toEpochMilli();
        TrackedTask task = TrackedTask.newBuilder()
                .setRequestId(intent.getRequestId())
                .setPhase(io.reelay.state.TrackedPhase.submitting)
                .setProvider(intent.getProvider())
                .setModel(intent.getModel())
                .setOperation(intent.getOperation())
                .setIntentAt(now)
                .setPendingRequest(intent.getRequest())
                .setMetadata(intent.getRequest().getMetadata())
                .setWakeAt(now + 10_000)
                .build();
        inFlight().put(task.getRequestId(), task);
        KeyValueStore<String, String> schedule = driver.getKeyValueStore(Topics.SCHEDULE_STORE);
        schedule.put(String.format("%013d|%s", task.getWakeAt(), task.getRequestId()), task.getRequestId());
    }

    private static VideoTaskEvent intent(String requestId) {
        return VideoTaskEvent.newBuilder()
                .setRequestId(requestId)
                .setType(VideoTaskEventType.submitting)
                .setOccurredAt(T0)
                .setProvider("tokenlab")
                .setModel("veo3.1")
                .setOperation("text-to-video")
                .setRequestedAt(T0)
                .setRequest(VideoRequested.newBuilder()
                        .setRequestId(requestId)
                        .setModel("veo3.1")
                        .setOperation("text-to-video")
                        .setPrompt("a cat in a garden")
                        .setMetadata(Map.of("customer", "c-42"))
                        .build())
                .build();
    }

    private void advance(Duration duration) {
        driver.advanceWallClockTime(duration);
        clock = clock.plus(duration);
    }

    /** The driver's wall clock, as advanced (every driver here starts at T0). */
    private Instant clock = T0;

    private KeyValueStore<String, TrackedTask> inFlight() {
        return driver.getKeyValueStore(Topics.IN_FLIGHT_STORE);
    }

    private KeyValueStore<String, FinishedRequest> finished() {
        return driver.getKeyValueStore(Topics.FINISHED_STORE);
    }

    private static TaskReport report(UpstreamStatus status, String raw, Integer progress) {
        return new TaskReport(status, raw, progress, List.of(), null, false, null);
    }

    private static TaskReport completedWith(String url) {
        return new TaskReport(UpstreamStatus.COMPLETED, "completed", 100,
                List.of(new VideoOutput(url, 8.0, 1280, 720, null)), null, false, null);
    }
}
