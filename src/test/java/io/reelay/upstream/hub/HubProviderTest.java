package io.reelay.upstream.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.reelay.config.TestConfig;
import io.reelay.intake.VideoRequest;
import io.reelay.simulator.HubSimulator;
import io.reelay.simulator.SimulatorCallLog;
import io.reelay.simulator.SimulatorSettings;
import io.reelay.testing.MutableClock;
import io.reelay.testing.RecordingServer;
import io.reelay.testing.LoopbackHttp;
import io.reelay.testing.RecordingServer.Answer;
import io.reelay.upstream.LocalCallException;
import io.reelay.upstream.SubmittedTask;
import io.reelay.upstream.TaskHandle;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamException;
import io.reelay.upstream.UpstreamException.Kind;
import io.reelay.upstream.UpstreamStatus;
import io.reelay.upstream.VideoOutput;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hub client against the hub simulator, and against recording servers, over real HTTP. */
class HubProviderTest {

    private static final String KEY = "hk-test-0123456789";
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
        SimulatorSettings settings = new SimulatorSettings("/simulator/hub", Duration.ofSeconds(10),
                Map.of("veo-3.1-fast", Duration.ofSeconds(5)), "https://cdn.test/videos", 100);
        new HubSimulator(settings, clock, callLog).mount(router);
        simulatorBase = http.serve(router, "/simulator/hub");
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    private HubProvider provider(String baseUrl, String key) {
        return provider(baseUrl, key, Duration.ofSeconds(5));
    }

    private HubProvider provider(String baseUrl, String key, Duration timeout) {
        return new HubProvider(webClient, TestConfig.hub(baseUrl, key, timeout));
    }

    private RecordingServer recording(Function<io.vertx.core.http.HttpServerRequest, Answer> responder) throws Exception {
        return http.recording(responder);
    }

    /** As Reelay's validator hands it over: every model input folded into parameters as JSON literals. */
    private static VideoRequest request(String requestId, String prompt) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("prompt", Json.encode(prompt));
        parameters.put("duration", "\"8s\"");
        parameters.put("generate_audio", "true");
        return VideoRequest.builder(requestId, "veo-3.1-fast").prompt(prompt).parameters(parameters).build();
    }

    private static UpstreamException failure(Uni<?> call) {
        return catchThrowableOfType(UpstreamException.class, () -> call.await().atMost(WAIT));
    }

    private TaskReport finish(HubProvider provider, String prompt, String requestId) {
        SubmittedTask task = provider.submit(request(requestId, prompt)).await().atMost(WAIT);
        clock.advance(Duration.ofSeconds(5));
        return provider.poll(new TaskHandle(task.upstreamTaskId(), task.pollUrl())).await().atMost(WAIT);
    }

    @Test
    void submitReturnsTheTaskIdAndTheCanonicalPollUrlInBothAnswerShapes() {
        HubProvider provider = provider(simulatorBase, KEY);

        SubmittedTask longShape = provider.submit(request("req-1", "a cat")).await().atMost(WAIT);
        SubmittedTask shortShape = provider.submit(request("req-2", "a dog")).await().atMost(WAIT);

        assertThat(longShape.upstreamTaskId()).startsWith("hub-");
        assertThat(longShape.rawStatus()).isEqualTo("pending");
        assertThat(longShape.pollUrl()).isEqualTo(simulatorBase + "/hub/v1/tasks/" + longShape.upstreamTaskId());
        assertThat(shortShape.upstreamTaskId()).startsWith("hub-");
        assertThat(shortShape.rawStatus()).isNull();
        assertThat(callLog.calls()).allSatisfy(c -> assertThat(c.authorized()).isTrue());
        assertThat(callLog.submitsFor("req-1")).isEqualTo(1);
        assertThat(callLog.submitsFor("req-2")).isEqualTo(1);
    }

    @Test
    void pollFollowsTheTaskFromPendingThroughProcessingToCompleted() {
        HubProvider provider = provider(simulatorBase, KEY);
        SubmittedTask task = provider.submit(request("req-3", "a cat")).await().atMost(WAIT);
        TaskHandle handle = new TaskHandle(task.upstreamTaskId(), task.pollUrl());

        TaskReport pending = provider.poll(handle).await().atMost(WAIT);
        clock.advance(Duration.ofSeconds(2));
        TaskReport processing = provider.poll(handle).await().atMost(WAIT);
        clock.advance(Duration.ofSeconds(3));
        TaskReport done = provider.poll(handle).await().atMost(WAIT);

        assertThat(pending.status()).isEqualTo(UpstreamStatus.PENDING);
        assertThat(processing.status()).isEqualTo(UpstreamStatus.PROCESSING);
        assertThat(processing.updatedAt()).isEqualTo(Instant.parse("2026-05-01T10:00:02Z"));
        assertThat(done.status()).isEqualTo(UpstreamStatus.COMPLETED);
        assertThat(done.videos()).extracting(VideoOutput::url, VideoOutput::contentType).containsExactly(
                org.assertj.core.groups.Tuple.tuple("https://cdn.test/videos/" + task.upstreamTaskId() + ".mp4",
                        "video/mp4"));
        assertThat(callLog.pollsFor(task.upstreamTaskId())).isEqualTo(3);
    }

    @Test
    void everyResultShapeTheSimulatorRotatesThroughYieldsTheVideo() {
        HubProvider provider = provider(simulatorBase, null);
        List<SubmittedTask> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tasks.add(provider.submit(request("req-shape-" + i, "shape " + i)).await().atMost(WAIT));
        }
        clock.advance(Duration.ofSeconds(5));

        List<VideoOutput> videos = new ArrayList<>();
        for (SubmittedTask t : tasks) {
            TaskReport report = provider.poll(new TaskHandle(t.upstreamTaskId(), null)).await().atMost(WAIT);
            assertThat(report.status()).isEqualTo(UpstreamStatus.COMPLETED);
            assertThat(report.videos()).extracting(VideoOutput::url)
                    .containsExactly("https://cdn.test/videos/" + t.upstreamTaskId() + ".mp4");
            videos.add(report.videos().get(0));
        }
        // three fal-style answers carry file metadata, the three other shapes only a URL
        assertThat(videos).filteredOn(v -> v.fileSizeBytes() != null).hasSize(3);
        assertThat(callLog.calls()).allSatisfy(c -> assertThat(c.authorized()).isFalse());
    }

    @Test
    void failMarkerEndsTheTaskFailedWithTheHubsErrorFields() {
        TaskReport report = finish(provider(simulatorBase, KEY), "boom [simulate:fail]", "req-4");

        assertThat(report.status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(report.cancelled()).isFalse();
        assertThat(report.error().code()).isEqualTo("simulated_failure");
        assertThat(report.error().message()).contains("[simulate:fail]");
        assertThat(report.videos()).isEmpty();
    }

    @Test
    void timeoutStatusIsAFailureWithItsRawStatus() {
        TaskReport report = finish(provider(simulatorBase, KEY), "slow [simulate:timeout]", "req-5");

        assertThat(report.status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(report.rawStatus()).isEqualTo("timeout");
        assertThat(report.cancelled()).isFalse();
        assertThat(report.error().code()).isEqualTo("task_timeout");
    }

    @Test
    void cancelledStatusIsAFailureMarkedCancelled() {
        TaskReport report = finish(provider(simulatorBase, KEY), "stop [simulate:cancel]", "req-6");

        assertThat(report.status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(report.rawStatus()).isEqualTo("cancelled");
        assertThat(report.cancelled()).isTrue();
    }

    @Test
    void readyWithAnUnknownStatusEndsTheTaskAtOnceKeepingTheAnswer() {
        TaskReport report = finish(provider(simulatorBase, KEY), "a cat [simulate:unknown-end]", "req-u1");

        assertThat(report.status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(report.rawStatus()).isEqualTo("archived");
        assertThat(report.error().code()).isEqualTo(HubTaskParser.UNRECOGNISED_END);
        assertThat(report.error().retryable()).isFalse();
        assertThat(report.upstreamAnswer()).startsWith("{\"task_id\":\"hub-").contains("\"ready\":\"true\"",
                "\"status\":\"archived\"");
    }

    @Test
    void readyWithAnUnknownStatusAndAVideoCompletesKeepingTheAnswer() {
        TaskReport report = finish(provider(simulatorBase, KEY), "a cat [simulate:unknown-end-video]", "req-u2");

        assertThat(report.status()).isEqualTo(UpstreamStatus.COMPLETED);
        assertThat(report.videos()).extracting(VideoOutput::url).singleElement().asString()
                .startsWith("https://cdn.test/videos/hub-");
        assertThat(report.upstreamAnswer()).contains("\"status\":\"succeeded\"");
    }

    @Test
    void completedWithTheVideoInAnUnknownPlaceFailsKeepingTheBilledAnswer() {
        TaskReport report = finish(provider(simulatorBase, KEY), "a cat [simulate:odd-output]", "req-u3");

        assertThat(report.status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(report.error().code()).isEqualTo(HubTaskParser.NO_RECOGNISED_VIDEO);
        assertThat(report.upstreamAnswer()).contains("\"uri\":\"https://cdn.test/videos/hub-");
    }

    @Test
    void aKeptAnswerNeverCarriesTheKeyEvenWhereTheCutWouldHaveHalvedIt() throws Exception {
        // The key echoed across the 4 KiB mark: redacted in the whole answer first, then cut.
        String pad = "p".repeat(io.reelay.upstream.UpstreamAnswer.MAX_BYTES - 40);
        RecordingServer echo = recording(r -> Answer.json(200, "{\"status\":\"archived\",\"ready\":true,"
                + "\"pad\":\"" + pad + "\",\"note\":\"" + KEY + "\"}"));
        RecordingServer whole = recording(r -> Answer.json(200,
                "{\"status\":\"completed\",\"ready\":true,\"note\":\"" + KEY + "\"}"));

        TaskReport cut = provider(echo.baseUrl(), KEY).poll(new TaskHandle("hub-e", null)).await().atMost(WAIT);
        TaskReport kept = provider(whole.baseUrl(), KEY).poll(new TaskHandle("hub-w", null)).await().atMost(WAIT);

        assertThat(cut.upstreamAnswer()).endsWith("...").doesNotContain("hk-test");
        assertThat(kept.upstreamAnswer()).doesNotContain(KEY).contains("\"note\":\"***\"");
    }

    @Test
    void unknownTaskIsANonRetryableErrorAnswer() {
        UpstreamException e = failure(provider(simulatorBase, KEY).poll(new TaskHandle("hub-nope", null)));

        assertThat(e.kind()).isEqualTo(Kind.ERROR_ANSWER);
        assertThat(e.error().httpStatus()).isEqualTo(404);
        assertThat(e.error().code()).isEqualTo("task_not_found");
        assertThat(e.error().retryable()).isFalse();
    }

    @Test
    void rejectedSubmitIsANonRetryableErrorAnswer() {
        UpstreamException e = failure(provider(simulatorBase, KEY).submit(request("req-7", "no [simulate:reject]")));

        assertThat(e.kind()).isEqualTo(Kind.ERROR_ANSWER);
        assertThat(e.error().httpStatus()).isEqualTo(400);
        assertThat(e.error().code()).isEqualTo("simulated_rejection");
        assertThat(e.error().retryable()).isFalse();
        assertThat(callLog.submitAttemptsFor("req-7")).isEqualTo(1);
        assertThat(callLog.submitsFor("req-7")).as("a refused submit creates no task").isZero();
    }

    @Test
    void submitBodyIsTheModelAndTheParametersAsInput() throws Exception {
        RecordingServer hub = recording(r -> Answer.json(200, "{\"taskId\":\"hub-b\"}"));
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("prompt", "\"a \\\"quoted\\\" cat\"");
        parameters.put("duration", "5");
        parameters.put("cfg_scale", "0.5");
        parameters.put("generate_audio", "false");
        parameters.put("multi_prompt", "[{\"prompt\":\"shot 1\",\"duration\":\"3\"}]");
        parameters.put("shot_type", "customize");
        VideoRequest request = VideoRequest.builder("req-8", "kling-v3-pro").prompt("ignored: not a parameter")
                .aspectRatio("9:16").parameters(parameters).build();

        provider(hub.baseUrl(), KEY).submit(request).await().atMost(WAIT);

        RecordingServer.Received received = hub.received().get(0);
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.uri()).isEqualTo("/hub/v1/video");
        assertThat(new JsonObject(received.body())).isEqualTo(new JsonObject("""
                {"model":"kling-v3-pro","input":{"prompt":"a \\"quoted\\" cat","duration":5,"cfg_scale":0.5,
                 "generate_audio":false,"multi_prompt":[{"prompt":"shot 1","duration":"3"}],"shot_type":"customize"}}
                """));
    }

    @Test
    void theKeyGoesAsBearerOnlyWhenConfiguredAndATaskIdThatIsNoPathSegmentIsNotSent() throws Exception {
        RecordingServer hub = recording(r -> Answer.json(200, "{\"task_id\":\"hub-1\",\"status\":\"processing\"}"));

        // Formerly sent percent-encoded; such an id is now refused before anything leaves (a LocalCallException).
        Throwable refused = catchThrowable(() -> provider(hub.baseUrl(), KEY)
                .poll(new TaskHandle("hub/../x?y=1", "https://elsewhere.test/t")).await().atMost(WAIT));
        provider(hub.baseUrl(), KEY).poll(new TaskHandle("hub-1", "https://elsewhere.test/t")).await().atMost(WAIT);
        provider(hub.baseUrl(), null).poll(new TaskHandle("hub-2", null)).await().atMost(WAIT);

        assertThat(refused).isInstanceOf(LocalCallException.class).hasMessageContaining("not sent");
        assertThat(hub.received()).extracting(RecordingServer.Received::authorization)
                .containsExactly("Bearer " + KEY, null);
        assertThat(hub.received()).extracting(RecordingServer.Received::uri)
                .containsExactly("/hub/v1/tasks/hub-1", "/hub/v1/tasks/hub-2");
    }

    @Test
    void malformedJsonIsNoAnswer() throws Exception {
        RecordingServer hub = recording(r -> Answer.json(200, "{\"task_id\":\"hub-t\",\"status\":\"pro"));
        HubProvider provider = provider(hub.baseUrl(), KEY);

        UpstreamException submit = failure(provider.submit(request("req-9", "a cat")));
        UpstreamException poll = failure(provider.poll(new TaskHandle("hub-t", null)));

        assertThat(submit.kind()).isEqualTo(Kind.NO_ANSWER);
        assertThat(submit.error().retryable()).as("a submit with unknown outcome must not be resent").isFalse();
        assertThat(poll.kind()).isEqualTo(Kind.NO_ANSWER);
        assertThat(poll.error().retryable()).isTrue();
    }

    @Test
    void submitAnswerWithoutTaskIdIsNoAnswer() throws Exception {
        RecordingServer hub = recording(r -> Answer.json(200, "{\"status\":\"pending\",\"model\":\"veo-3.1\"}"));

        UpstreamException e = failure(provider(hub.baseUrl(), KEY).submit(request("req-10", "a cat")));

        assertThat(e.kind()).isEqualTo(Kind.NO_ANSWER);
        assertThat(e.error().retryable()).isFalse();
    }

    @Test
    void connectionRefusedIsNoAnswer() throws Exception {
        RecordingServer closed = new RecordingServer(vertx, r -> Answer.json(200, "{}"));
        String deadBase = closed.baseUrl();
        closed.close();

        UpstreamException e = failure(provider(deadBase, KEY).submit(request("req-11", "a cat")));

        assertThat(e.kind()).isEqualTo(Kind.NO_ANSWER);
        assertThat(e.getMessage()).doesNotContain(KEY);
    }

    @Test
    void anUpstreamThatNeverAnswersTimesOutAsNoAnswer() throws Exception {
        RecordingServer silent = recording(r -> Answer.never());

        UpstreamException e = failure(provider(silent.baseUrl(), KEY, Duration.ofMillis(300))
                .poll(new TaskHandle("hub-s", null)));

        assertThat(e.kind()).isEqualTo(Kind.NO_ANSWER);
        assertThat(e.error().message()).isEqualTo("timed out");
    }

    @Test
    void rateLimitIsRetryableAndHonoursRetryAfter() throws Exception {
        RecordingServer hub = recording(r -> new Answer(429, Map.of("Retry-After", "12"),
                "{\"error\":\"rate_limited\",\"message\":\"Too many requests\"}"));

        UpstreamException e = failure(provider(hub.baseUrl(), KEY).submit(request("req-12", "a cat")));

        assertThat(e.kind()).isEqualTo(Kind.ERROR_ANSWER);
        assertThat(e.error().code()).isEqualTo("rate_limited");
        assertThat(e.error().retryable()).isTrue();
        assertThat(e.error().retryAfter()).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void serverErrorWithAJsonBodyIsRetryableButWithoutOneTheSubmitOutcomeIsUnknown() throws Exception {
        RecordingServer hub = recording(r -> Answer.json(503,
                "{\"error_code\":\"overloaded\",\"error_message\":\"busy\"}"));
        RecordingServer proxy = recording(r -> new Answer(504, Map.of(), "<html>Gateway Timeout</html>"));

        UpstreamException answered = failure(provider(hub.baseUrl(), KEY).submit(request("req-13", "a cat")));
        UpstreamException unknown = failure(provider(proxy.baseUrl(), KEY).submit(request("req-14", "a cat")));
        UpstreamException poll = failure(provider(proxy.baseUrl(), KEY).poll(new TaskHandle("hub-p", null)));

        assertThat(answered.kind()).isEqualTo(Kind.ERROR_ANSWER);
        assertThat(answered.error().retryable()).isTrue();
        assertThat(unknown.kind()).isEqualTo(Kind.NO_ANSWER);
        assertThat(unknown.error().httpStatus()).isEqualTo(504);
        assertThat(unknown.error().retryable()).isFalse();
        assertThat(poll.kind()).isEqualTo(Kind.ERROR_ANSWER);
        assertThat(poll.error().retryable()).isTrue();
        assertThat(poll.error().message()).isEqualTo("HTTP 504: <html>Gateway Timeout</html>");
    }

    @Test
    void anEchoedKeyIsRedactedFromEveryErrorShape() throws Exception {
        RecordingServer structured = recording(r -> Answer.json(401,
                "{\"error_code\":\"bad_key\",\"error_message\":\"Invalid API key " + KEY + "\"}"));
        RecordingServer raw = recording(r -> new Answer(403, Map.of(), "forbidden for Bearer " + KEY));

        UpstreamException a = failure(provider(structured.baseUrl(), KEY).submit(request("req-15", "a cat")));
        UpstreamException b = failure(provider(raw.baseUrl(), KEY).poll(new TaskHandle("hub-k", null)));

        assertThat(a.error().code()).isEqualTo("bad_key");
        assertThat(a.error().retryable()).isFalse();
        assertThat(a.getMessage()).doesNotContain(KEY).contains("Invalid API key ***");
        assertThat(b.getMessage()).doesNotContain(KEY).contains("forbidden for Bearer ***");
        assertThat(b.error().message()).doesNotContain(KEY);
    }

    @Test
    void aRedirectIsNotFollowedSoTheKeyCannotTravelWithIt() throws Exception {
        RecordingServer foreign = recording(r -> Answer.json(200, "{\"status\":\"completed\",\"ready\":true}"));
        RecordingServer hub = recording(r -> new Answer(302, Map.of("Location", foreign.baseUrl() + "/x"), ""));

        UpstreamException e = failure(provider(hub.baseUrl(), KEY).poll(new TaskHandle("hub-r", null)));

        assertThat(e.kind()).isEqualTo(Kind.ERROR_ANSWER);
        assertThat(e.error().httpStatus()).isEqualTo(302);
        assertThat(foreign.received()).isEmpty();
    }

    @Test
    void withoutABaseUrlNothingIsSentAndTheCallFailsAsNotConfigured() {
        HubProvider provider = provider(null, KEY);

        UpstreamException submit = failure(provider.submit(request("req-16", "a cat")));
        UpstreamException poll = failure(provider.poll(new TaskHandle("hub-n", null)));

        assertThat(submit.kind()).as("nothing was sent, so nothing was charged").isEqualTo(Kind.ERROR_ANSWER);
        assertThat(submit.error().code()).isEqualTo("provider_not_configured");
        assertThat(submit.error().retryable()).isFalse();
        assertThat(poll.error().code()).isEqualTo("provider_not_configured");
        assertThat(provider.name()).isEqualTo("hub");
    }
}
