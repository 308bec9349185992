package io.reelay.upstream.tokenlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.reelay.config.TestConfig;
import io.reelay.intake.VideoRequest;
import io.reelay.simulator.SimulatorCall;
import io.reelay.simulator.SimulatorCallLog;
import io.reelay.simulator.SimulatorSettings;
import io.reelay.simulator.TokenLabSimulator;
import io.reelay.testing.MutableClock;
import io.reelay.testing.RecordingServer;
import io.reelay.testing.LoopbackHttp;
import io.reelay.testing.RecordingServer.Answer;
import io.reelay.upstream.SubmittedTask;
import io.reelay.upstream.TaskHandle;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamException;
import io.reelay.upstream.UpstreamException.Kind;
import io.reelay.upstream.UpstreamStatus;
import io.reelay.upstream.VideoOutput;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The TokenLab client against the simulator, and against recording servers, over real HTTP. */
class TokenLabProviderTest {

    private static final String KEY = "sk-test-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private final SimulatorCallLog callLog = new SimulatorCallLog(100);
    private LoopbackHttp http;
    private Vertx vertx;
    private WebClient webClient;
    private String simulatorBase;

    @BeforeEach
    void start() throws Exception {
        http = LoopbackHttp.start();
        vertx = http.vertx();
        webClient = http.webClient();
        Router router = Router.router(vertx);
        SimulatorSettings settings = new SimulatorSettings("/simulator/tokenlab", Duration.ofSeconds(10),
                Map.of("veo3.1-fast", Duration.ofSeconds(4)), "https://cdn.test/videos", 100);
        new TokenLabSimulator(settings, clock, callLog).mount(router);
        simulatorBase = http.serve(router, "/simulator/tokenlab");
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    private TokenLabProvider provider(String baseUrl, String key) {
        return provider(baseUrl, key, Duration.ofSeconds(5));
    }

    private TokenLabProvider provider(String baseUrl, String key, Duration timeout) {
        return new TokenLabProvider(webClient, TestConfig.tokenlab(baseUrl, key, timeout));
    }

    private RecordingServer recording(java.util.function.Function<io.vertx.core.http.HttpServerRequest, Answer> responder) throws Exception {
        return http.recording(responder);
    }

    private static VideoRequest request(String requestId, String prompt) {
        return VideoRequest.builder(requestId, "veo3.1-fast").operation("text-to-video").prompt(prompt)
                .duration(8).aspectRatio("16:9").build();
    }

    private static UpstreamException failure(Uni<?> call) {
        return catchThrowableOfType(UpstreamException.class, () -> call.await().atMost(WAIT));
    }

    @Test
    void aQueuedSeedanceTaskIsCancelledAndThenReadsAsCancelled() {
        TokenLabProvider tokenlab = provider(simulatorBase, KEY);
        SubmittedTask task = tokenlab.submit(VideoRequest.builder("req-c", "seedance-2.0").operation("reference-to-video")
                .prompt("x").referenceImages(List.of("https://example.com/a.jpg")).build()).await().atMost(WAIT);
        TaskHandle handle = new TaskHandle(task.upstreamTaskId(), task.pollUrl());

        tokenlab.cancel(handle).await().atMost(WAIT);

        TaskReport report = tokenlab.poll(handle).await().atMost(WAIT);
        assertThat(report.status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(report.cancelled()).isTrue();
    }

    @Test
    void aCancelTheUpstreamDoesNotHonourIsAnErrorAnswerWithItsCode() {
        TokenLabProvider tokenlab = provider(simulatorBase, KEY);
        SubmittedTask task = tokenlab.submit(request("req-d", "a cat")).await().atMost(WAIT);

        UpstreamException e = failure(tokenlab.cancel(new TaskHandle(task.upstreamTaskId(), task.pollUrl())));

        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.ERROR_ANSWER);
        assertThat(e.error().httpStatus()).isEqualTo(400);
        assertThat(e.error().code()).isEqualTo("unsupported_task_cancel");
        clock.advance(Duration.ofSeconds(30));
        assertThat(failure(tokenlab.cancel(new TaskHandle(task.upstreamTaskId(), task.pollUrl()))).error().code())
                .isEqualTo("task_not_cancellable");
    }

    @Test
    void submitReturnsTheTaskIdAndAPollUrlUnderTheConfiguredBase() {
        SubmittedTask task = provider(simulatorBase, KEY).submit(request("req-1", "a cat")).await().atMost(WAIT);

        assertThat(task.upstreamTaskId()).matches("ldtask_[0-9a-f]{32}");
        assertThat(task.pollUrl()).isEqualTo(simulatorBase + "/v1/tasks/" + task.upstreamTaskId());
        assertThat(task.rawStatus()).isEqualTo("pending");
        SimulatorCall call = callLog.calls().get(0);
        assertThat(call.requestId()).isEqualTo("req-1");
        assertThat(call.authorized()).isTrue();
        assertThat(callLog.submitsFor("req-1")).isEqualTo(1);
    }

    @Test
    void pollFollowsTheTaskFromPendingThroughProcessingToCompleted() {
        TokenLabProvider provider = provider(simulatorBase, KEY);
        SubmittedTask task = provider.submit(request("req-2", "a cat")).await().atMost(WAIT);
        TaskHandle handle = new TaskHandle(task.upstreamTaskId(), task.pollUrl());

        assertThat(provider.poll(handle).await().atMost(WAIT).status()).isEqualTo(UpstreamStatus.PENDING);
        clock.advance(Duration.ofSeconds(1));
        TaskReport early = provider.poll(handle).await().atMost(WAIT);
        clock.advance(Duration.ofSeconds(2));
        TaskReport later = provider.poll(handle).await().atMost(WAIT);
        clock.advance(Duration.ofSeconds(1));
        TaskReport done = provider.poll(handle).await().atMost(WAIT);

        assertThat(early.status()).isEqualTo(UpstreamStatus.PROCESSING);
        assertThat(later.status()).isEqualTo(UpstreamStatus.PROCESSING);
        assertThat(later.progress()).isGreaterThan(early.progress());
        assertThat(done.status()).isEqualTo(UpstreamStatus.COMPLETED);
        assertThat(done.videos()).extracting(VideoOutput::url)
                .containsExactly("https://cdn.test/videos/" + task.upstreamTaskId() + ".mp4");
        assertThat(callLog.pollsFor(task.upstreamTaskId())).isEqualTo(4);
    }

    @Test
    void everyResultShapeTheSimulatorRotatesThroughYieldsTheVideo() {
        TokenLabProvider provider = provider(simulatorBase, null);
        List<SubmittedTask> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tasks.add(provider.submit(request("req-shape-" + i, "shape " + i)).await().atMost(WAIT));
        }
        clock.advance(Duration.ofSeconds(4));

        List<VideoOutput> videos = new ArrayList<>();
        for (SubmittedTask t : tasks) {
            TaskReport report = provider.poll(new TaskHandle(t.upstreamTaskId(), null)).await().atMost(WAIT);
            assertThat(report.status()).isEqualTo(UpstreamStatus.COMPLETED);
            assertThat(report.videos()).hasSize(1);
            assertThat(report.videos().get(0).url()).endsWith(t.upstreamTaskId() + ".mp4");
            videos.add(report.videos().get(0));
        }
        // two shapes carry a last frame, two carry dimensions: the parser met all four
        assertThat(videos).filteredOn(v -> v.lastFrameUrl() != null).hasSize(2);
        assertThat(videos).filteredOn(v -> v.width() != null && v.durationSeconds() == 8.0).hasSize(2);
        assertThat(callLog.calls()).allSatisfy(c -> assertThat(c.authorized()).isFalse());
    }

    @Test
    void theChargeACompletedTaskReportsIsReadUnderEitherNameTheSimulatorUses() {
        TokenLabProvider provider = provider(simulatorBase, null);
        List<SubmittedTask> tasks = new ArrayList<>();
        for (int i = 0; i < 2; i++) { // consecutive tasks answer with cost_usd and with billing.amount_usd
            tasks.add(provider.submit(request("req-charge-" + i, "charge " + i)).await().atMost(WAIT));
        }
        TaskReport running = provider.poll(new TaskHandle(tasks.get(0).upstreamTaskId(), null)).await().atMost(WAIT);
        clock.advance(Duration.ofSeconds(4));

        assertThat(running.chargedUsd()).as("nothing is charged before the end").isNull();
        for (SubmittedTask t : tasks) {
            TaskReport report = provider.poll(new TaskHandle(t.upstreamTaskId(), null)).await().atMost(WAIT);
            assertThat(report.chargedUsd()).as("8 s at the simulator's 0.05 USD a second")
                    .isEqualTo(new java.math.BigDecimal("0.400000"));
        }
    }

    @Test
    void failMarkerEndsTheTaskFailedWithTheUpstreamError() {
        TokenLabProvider provider = provider(simulatorBase, KEY);
        SubmittedTask task = provider.submit(request("req-3", "boom [simulate:fail]")).await().atMost(WAIT);
        clock.advance(Duration.ofSeconds(4));

        TaskReport report = provider.poll(new TaskHandle(task.upstreamTaskId(), task.pollUrl())).await().atMost(WAIT);

        assertThat(report.status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(report.error().code()).isEqualTo("simulated_failure");
        assertThat(report.error().message()).contains("[simulate:fail]");
        assertThat(report.videos()).isEmpty();
    }

    @Test
    void unknownTaskIsAnErrorAnswerWithTheUpstreamCode() {
        UpstreamException e = failure(provider(simulatorBase, KEY).poll(new TaskHandle("ldtask_nope", null)));

        assertThat(e.kind()).isEqualTo(Kind.ERROR_ANSWER);
        assertThat(e.error().httpStatus()).isEqualTo(404);
        assertThat(e.error().code()).isEqualTo("async_task_not_found");
        assertThat(e.error().retryable()).isFalse();
    }

    @Test
    void rejectedSubmitIsANonRetryableErrorAnswer() {
        UpstreamException e = failure(provider(simulatorBase, KEY).submit(request("req-4", "no [simulate:reject]")));

        assertThat(e.kind()).isEqualTo(Kind.ERROR_ANSWER);
        assertThat(e.error().httpStatus()).isEqualTo(400);
        assertThat(e.error().type()).isEqualTo("invalid_request_error");
        assertThat(e.error().retryable()).isFalse();
        assertThat(callLog.submitAttemptsFor("req-4")).isEqualTo(1);
        assertThat(callLog.submitsFor("req-4")).as("a refused submit creates no task").isZero();
    }

    @Test
    void submitWithoutPromptIsRefusedByTheSimulator() {
        VideoRequest noPrompt = VideoRequest.builder("req-5", "veo3.1").build();

        UpstreamException e = failure(provider(simulatorBase, KEY).submit(noPrompt));

        assertThat(e.error().httpStatus()).isEqualTo(400);
        assertThat(e.error().param()).isEqualTo("prompt");
    }

    @Test
    void theKeyGoesAsBearerToTheBaseHostOnlyNeverToAForeignPollUrl() throws Exception {
        RecordingServer foreign = recording(r -> Answer.json(200, "{\"status\":\"completed\"}"));
        String foreignPollUrl = foreign.baseUrl() + "/v1/tasks/ldtask_x";
        RecordingServer tokenLab = recording(r -> r.method().name().equals("POST")
                ? Answer.json(200, "{\"id\":\"ldtask_x\",\"poll_url\":\"" + foreignPollUrl + "\"}")
                : Answer.json(200, "{\"id\":\"ldtask_x\",\"status\":\"processing\",\"progress\":10}"));
        TokenLabProvider provider = provider(tokenLab.baseUrl(), KEY);

        SubmittedTask task = provider.submit(request("req-6", "a cat")).await().atMost(WAIT);
        TaskReport report = provider.poll(new TaskHandle(task.upstreamTaskId(), foreignPollUrl)).await().atMost(WAIT);

        assertThat(task.pollUrl()).isEqualTo(tokenLab.baseUrl() + "/v1/tasks/ldtask_x");
        assertThat(report.progress()).isEqualTo(10);
        assertThat(tokenLab.received()).extracting(RecordingServer.Received::authorization)
                .containsExactly("Bearer " + KEY, "Bearer " + KEY);
        assertThat(tokenLab.received().get(1).uri()).isEqualTo("/v1/tasks/ldtask_x");
        assertThat(foreign.received()).isEmpty();
    }

    @Test
    void aTaskCompletedWithoutARecognisedVideoEndsNotRetryableKeepingTheAnswer() throws Exception {
        RecordingServer tokenLab = recording(r -> Answer.json(200,
                "{\"id\":\"ldtask_o\",\"status\":\"completed\",\"output\":{\"uri\":\"https://cdn/o.mp4\"}}"));

        TaskReport report = provider(tokenLab.baseUrl(), KEY).poll(new TaskHandle("ldtask_o", null))
                .await().atMost(WAIT);

        assertThat(report.status()).isEqualTo(io.reelay.upstream.UpstreamStatus.FAILED);
        assertThat(report.error().code()).isEqualTo(TokenLabTaskParser.NO_RECOGNISED_VIDEO);
        assertThat(report.error().retryable()).as("paid for: a resubmit would pay again").isFalse();
        assertThat(report.upstreamAnswer()).contains("https://cdn/o.mp4");
    }

    @Test
    void aRedirectIsNotFollowedSoTheKeyCannotTravelWithIt() throws Exception {
        RecordingServer foreign = recording(r -> Answer.json(200, "{\"status\":\"completed\"}"));
        RecordingServer tokenLab = recording(r -> new Answer(302,
                Map.of("Location", foreign.baseUrl() + "/v1/tasks/ldtask_r"), ""));

        UpstreamException e = failure(provider(tokenLab.baseUrl(), KEY).poll(new TaskHandle("ldtask_r", null)));

        assertThat(e.kind()).isEqualTo(Kind.ERROR_ANSWER);
        assertThat(e.error().httpStatus()).isEqualTo(302);
        assertThat(foreign.received()).isEmpty();
    }

    @Test
    void submitBodyFollowsTheDocumentedShape() throws Exception {
        RecordingServer tokenLab = recording(r -> Answer.json(200, "{\"id\":\"ldtask_b\"}"));
        VideoRequest request = VideoRequest.builder("req-7", "kling-3.0-video")
                .operation("image-to-video")
                .prompt("Place @hero_bag on a turntable")
                .imageUrl("https://example.com/start.png")
                .referenceImages(List.of())
                .duration(5)
                .resolution("720p")
                .outputAudio(false)
                .klingElements(List.of(new VideoRequest.KlingElementSpec("hero_bag", "black leather handbag",
                        List.of("https://example.com/front.png", "https://example.com/side.png"))))
                .parameters(Map.of("seed", "42", "camera", "{\"move\":\"orbit\"}", "style", "noir",
                        "model", "\"sora-2\""))
                .build();

        SubmittedTask task = provider(tokenLab.baseUrl(), null).submit(request).await().atMost(WAIT);

        assertThat(task.pollUrl()).isEqualTo(tokenLab.baseUrl() + "/v1/tasks/ldtask_b");
        assertThat(tokenLab.received().get(0).authorization()).isNull();
        assertThat(new JsonObject(tokenLab.received().get(0).body())).isEqualTo(new JsonObject("""
                {"model":"kling-3.0-video","prompt":"Place @hero_bag on a turntable","operation":"image-to-video",
                 "image_url":"https://example.com/start.png","duration":5,"resolution":"720p","output_audio":false,
                 "kling_elements":[{"name":"hero_bag","description":"black leather handbag",
                   "element_input_urls":["https://example.com/front.png","https://example.com/side.png"]}],
                 "seed":42,"camera":{"move":"orbit"},"style":"noir"}
                """));
    }

    @Test
    void malformedJsonIsNoAnswer() throws Exception {
        RecordingServer tokenLab = recording(r -> Answer.json(200, "{\"id\":\"ldtask_t\",\"status\":\"pro"));
        TokenLabProvider provider = provider(tokenLab.baseUrl(), KEY);

        UpstreamException submit = failure(provider.submit(request("req-8", "a cat")));
        UpstreamException poll = failure(provider.poll(new TaskHandle("ldtask_t", null)));

        assertThat(submit.kind()).isEqualTo(Kind.NO_ANSWER);
        assertThat(submit.error().retryable()).as("a submit with unknown outcome must not be resent").isFalse();
        assertThat(poll.kind()).isEqualTo(Kind.NO_ANSWER);
        assertThat(poll.error().retryable()).isTrue();
    }

    @Test
    void submitAnswerWithoutTaskIdIsNoAnswer() throws Exception {
        RecordingServer tokenLab = recording(r -> Answer.json(200, "{\"status\":\"pending\"}"));

        UpstreamException e = failure(provider(tokenLab.baseUrl(), KEY).submit(request("req-9", "a cat")));

        assertThat(e.kind()).isEqualTo(Kind.NO_ANSWER);
    }

    @Test
    void connectionRefusedIsNoAnswer() throws Exception {
        RecordingServer closed = new RecordingServer(vertx, r -> Answer.json(200, "{}"));
        String deadBase = closed.baseUrl();
        closed.close();

        UpstreamException e = failure(provider(deadBase, KEY).submit(request("req-10", "a cat")));

        assertThat(e.kind()).isEqualTo(Kind.NO_ANSWER);
        assertThat(e.getMessage()).doesNotContain(KEY);
    }

    @Test
    void anUpstreamThatNeverAnswersTimesOutAsNoAnswer() throws Exception {
        RecordingServer silent = recording(r -> Answer.never());

        UpstreamException e = failure(provider(silent.baseUrl(), KEY, Duration.ofMillis(300))
                .poll(new TaskHandle("ldtask_s", null)));

        assertThat(e.kind()).isEqualTo(Kind.NO_ANSWER);
        assertThat(e.error().message()).isEqualTo("timed out");
    }

    @Test
    void rateLimitIsRetryableAndSaysWhen() throws Exception {
        RecordingServer tokenLab = recording(r -> new Answer(429, Map.of("Retry-After", "12"),
                "{\"error\":{\"message\":\"Too many requests\",\"type\":\"rate_limit_error\",\"code\":\"rate_limit_exceeded\"}}"));

        UpstreamException e = failure(provider(tokenLab.baseUrl(), KEY).submit(request("req-11", "a cat")));

        assertThat(e.kind()).isEqualTo(Kind.ERROR_ANSWER);
        assertThat(e.error().retryable()).isTrue();
        assertThat(e.error().retryAfter()).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void serverErrorWithoutTheEnvelopeMeansTheSubmitOutcomeIsUnknown() throws Exception {
        RecordingServer proxy = recording(r -> new Answer(504, Map.of(), "<html>Gateway Timeout</html>"));
        TokenLabProvider provider = provider(proxy.baseUrl(), KEY);

        UpstreamException submit = failure(provider.submit(request("req-12", "a cat")));
        UpstreamException poll = failure(provider.poll(new TaskHandle("ldtask_p", null)));

        assertThat(submit.kind()).isEqualTo(Kind.NO_ANSWER);
        assertThat(submit.error().httpStatus()).isEqualTo(504);
        assertThat(poll.kind()).isEqualTo(Kind.ERROR_ANSWER);
        assertThat(poll.error().retryable()).isTrue();
    }

    @Test
    void anEchoedKeyIsRedactedFromTheError() throws Exception {
        RecordingServer tokenLab = recording(r -> Answer.json(401,
                "{\"error\":{\"message\":\"Invalid API key " + KEY + "\",\"type\":\"authentication_error\",\"code\":\"invalid_api_key\"}}"));

        UpstreamException e = failure(provider(tokenLab.baseUrl(), KEY).submit(request("req-13", "a cat")));

        assertThat(e.error().code()).isEqualTo("invalid_api_key");
        assertThat(e.error().retryable()).isFalse();
        assertThat(e.getMessage()).doesNotContain(KEY).contains("Invalid API key ***");
    }
}
