package io.reelay.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.simulator.TaskDurations.Clip;
import io.reelay.testing.MutableClock;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hub simulator's HTTP surface, mounted beside the TokenLab simulator as in the service. */
class HubSimulatorTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String HUB = "/simulator/hub";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private final SimulatorCallLog callLog = new SimulatorCallLog(50);
    private final Vertx vertx = Vertx.vertx();
    private final WebClient client = WebClient.create(io.vertx.mutiny.core.Vertx.newInstance(vertx));
    private String base;

    @BeforeEach
    void start() throws Exception {
        serve(new SimulatorSettings("/simulator/tokenlab", Duration.ofSeconds(3),
                Map.of("veo-3.1-fast", Duration.ofSeconds(10)), "https://cdn.test/videos", 3));
    }

    /** Both simulators with these settings on a new port, which {@link #post} and {@link #poll} then use. */
    private void serve(SimulatorSettings settings) throws Exception {
        Router router = Router.router(vertx);
        new TokenLabSimulator(settings, clock, callLog).mount(router);
        new HubSimulator(settings.withBasePath(HUB), clock, callLog).mount(router);
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + server.actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private HttpResponse<Buffer> post(String path, String body, String requestId) {
        var request = client.postAbs(base + path).putHeader("Content-Type", "application/json");
        if (requestId != null) {
            request.putHeader("X-Request-Id", requestId);
        }
        return request.sendBuffer(Buffer.buffer(body)).await().atMost(WAIT);
    }

    private HttpResponse<Buffer> submit(String model, String prompt, String requestId) {
        return post(HUB + "/hub/v1/video", "{\"model\":\"" + model + "\",\"input\":{\"prompt\":\"" + prompt + "\"}}",
                requestId);
    }

    private static String id(HttpResponse<Buffer> submitted) {
        JsonObject body = submitted.bodyAsJsonObject();
        return body.containsKey("taskId") ? body.getString("taskId") : body.getString("task_id");
    }

    private JsonObject poll(String id) {
        return client.getAbs(base + HUB + "/hub/v1/tasks/" + id).send().await().atMost(WAIT).bodyAsJsonObject();
    }

    @Test
    void submitAnswersAlternateBetweenTheTwoDocumentedShapes() {
        JsonObject first = submit("veo-3.1", "a", "req-1").bodyAsJsonObject();
        JsonObject second = submit("veo-3.1", "b", "req-2").bodyAsJsonObject();
        JsonObject third = submit("kling-v3-pro", "c", "req-3").bodyAsJsonObject();

        assertThat(first.getString("task_id")).startsWith("hub-");
        assertThat(first.getString("status")).isEqualTo("pending");
        assertThat(first.getString("model")).isEqualTo("veo-3.1");
        assertThat(first.getString("vendor")).isEqualTo("google");
        assertThat(first.getString("capability")).isEqualTo("video");
        assertThat(first.getString("mode")).isEqualTo("async");
        assertThat(first.getString("created_at")).isEqualTo("2026-05-01T10:00:00Z");
        assertThat(second.fieldNames()).containsExactly("taskId");
        assertThat(second.getString("taskId")).startsWith("hub-");
        assertThat(third.getString("vendor")).isEqualTo("kuaishou");
    }

    @Test
    void aTaskRunsForItsModelsDurationAndIsReadyOnlyWhenDone() {
        String id = id(submit("veo-3.1-fast", "a cat", "req-1"));

        assertThat(poll(id).getString("status")).isEqualTo("pending");
        clock.advance(Duration.ofSeconds(3));
        JsonObject running = poll(id);
        clock.advance(Duration.ofMillis(6_999));
        JsonObject almost = poll(id);
        clock.advance(Duration.ofMillis(1));
        JsonObject done = poll(id);

        assertThat(running.getString("status")).isEqualTo("processing");
        assertThat(running.getBoolean("ready")).isFalse();
        assertThat(almost.getBoolean("ready")).isFalse();
        assertThat(done.getString("status")).isEqualTo("completed");
        assertThat(done.getBoolean("ready")).isTrue();
        assertThat(done.getJsonObject("data").getJsonObject("video").getString("url"))
                .isEqualTo("https://cdn.test/videos/" + id + ".mp4");
        assertThat(done.getLong("elapsed_ms")).isEqualTo(10_000);
    }

    @Test
    void rejectMarkerMissingFieldsAndNonJsonAre400WithAnErrorBody() {
        HttpResponse<Buffer> rejected = submit("veo-3.1", "no [simulate:reject]", "req-r");
        HttpResponse<Buffer> noModel = post(HUB + "/hub/v1/video", "{\"input\":{\"prompt\":\"a\"}}", null);
        HttpResponse<Buffer> noInput = post(HUB + "/hub/v1/video", "{\"model\":\"veo-3.1\"}", null);
        HttpResponse<Buffer> stringInput = post(HUB + "/hub/v1/video", "{\"model\":\"veo-3.1\",\"input\":\"a\"}", null);
        HttpResponse<Buffer> notJson = post(HUB + "/hub/v1/video", "model=veo", null);

        assertThat(rejected.statusCode()).isEqualTo(400);
        assertThat(rejected.bodyAsJsonObject().getString("error_code")).isEqualTo("simulated_rejection");
        assertThat(noModel.statusCode()).isEqualTo(400);
        assertThat(noModel.bodyAsJsonObject().getString("error_message")).startsWith("model is required");
        assertThat(noInput.statusCode()).isEqualTo(400);
        assertThat(noInput.bodyAsJsonObject().getString("error_message")).startsWith("input is required");
        assertThat(stringInput.statusCode()).isEqualTo(400);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(callLog.submitAttemptsFor("req-r")).isEqualTo(1);
        assertThat(callLog.submitsFor("req-r")).as("a refused submit creates no task").isZero();
    }

    @Test
    void unknownAndForgottenTasksAre404() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(id(submit("veo-3.1", "p" + i, null)));
        }

        HttpResponse<Buffer> unknown = client.getAbs(base + HUB + "/hub/v1/tasks/hub-nope").send().await().atMost(WAIT);
        HttpResponse<Buffer> forgotten = client.getAbs(base + HUB + "/hub/v1/tasks/" + ids.get(0)).send()
                .await().atMost(WAIT);

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.bodyAsJsonObject().getString("error")).isEqualTo("task_not_found");
        assertThat(forgotten.statusCode()).isEqualTo(404);
        assertThat(poll(ids.get(3)).getString("status")).isEqualTo("pending");
    }

    @Test
    void oneCallLogCountsSubmitsPerRequestAcrossBothProvidersAndIsServedAtBothPaths() {
        post("/simulator/tokenlab/v1/videos/generations", "{\"model\":\"veo3.1\",\"prompt\":\"a\"}", "req-9");
        String id = id(submit("veo-3.1", "a", "req-9"));
        poll(id);
        poll(id);

        JsonObject atHub = client.getAbs(base + HUB + "/_calls").send().await().atMost(WAIT).bodyAsJsonObject();
        JsonObject atTokenLab = client.getAbs(base + "/simulator/tokenlab/_calls").send().await().atMost(WAIT)
                .bodyAsJsonObject();

        assertThat(callLog.submitsFor("req-9")).isEqualTo(2);
        assertThat(callLog.pollsFor(id)).isEqualTo(2);
        assertThat(atHub.getJsonObject("submitsByRequestId").getInteger("req-9")).isEqualTo(2);
        assertThat(atHub.getJsonObject("pollsByTask").getInteger(id)).isEqualTo(2);
        assertThat(atHub.getJsonArray("calls")).hasSize(4);
        assertThat(atHub.getJsonArray("calls").getJsonObject(1).getString("path")).isEqualTo(HUB + "/hub/v1/video");
        assertThat(atTokenLab).isEqualTo(atHub);
        assertThat(client.deleteAbs(base + HUB + "/_calls").send().await().atMost(WAIT).statusCode()).isEqualTo(204);
        assertThat(callLog.calls()).isEmpty();
    }

    @Test
    void aSubmitRecordsWhenItsTaskFinishesReadingClipAndResolutionFromTheInput() throws Exception {
        SimulatorSettings settings = new SimulatorSettings("/simulator/tokenlab", Duration.ofSeconds(60), Map.of(),
                "https://cdn.test/videos", 3).withDurations(TaskDurations.logNormal(0.3, 0.1, 7));
        serve(settings);
        Instant submittedAt = clock.instant();
        String id = id(post(HUB + "/hub/v1/video", "{\"model\":\"veo-3.1\",\"input\":{\"prompt\":\"a\","
                + "\"duration\":\"10\",\"resolution\":\"1080p\"}}", "req-bench-2"));

        TaskTiming timing = callLog.timingFor("req-bench-2").orElseThrow();
        assertThat(timing.taskId()).isEqualTo(id);
        assertThat(timing.model()).isEqualTo("veo-3.1");
        assertThat(timing.createdAt()).isEqualTo(submittedAt);
        assertThat(timing.finishesAt()).isEqualTo(submittedAt.plus(timing.duration()));
        assertThat(timing.duration())
                .isEqualTo(settings.taskDuration("veo-3.1", "req-bench-2", Clip.of(10, "1080p")))
                .isNotEqualTo(settings.taskDuration("veo-3.1", "req-bench-2", Clip.UNSPECIFIED));

        clock.advance(Duration.between(clock.instant(), timing.finishesAt()).minusMillis(1));
        JsonObject justBefore = poll(id);
        clock.advance(Duration.ofMillis(1));
        JsonObject atFinish = poll(id);

        assertThat(justBefore.getString("status")).isEqualTo("processing");
        assertThat(justBefore.getBoolean("ready")).isFalse();
        assertThat(atFinish.getString("status")).isEqualTo("completed");
        assertThat(atFinish.getLong("elapsed_ms")).isEqualTo(timing.duration().toMillis());
        assertThat(callLog.timingFor("req-bench-2").orElseThrow().polls()).isEqualTo(2);
    }

    @Test
    void fixedDurationsIgnoreTheClipAndAreRecordedAsTheModelsDuration() {
        String id = id(post(HUB + "/hub/v1/video", "{\"model\":\"veo-3.1-fast\",\"input\":{\"prompt\":\"a\","
                + "\"duration\":\"10\",\"resolution\":\"4k\"}}", "req-fixed"));

        TaskTiming timing = callLog.timingFor("req-fixed").orElseThrow();
        assertThat(timing.taskId()).isEqualTo(id);
        assertThat(timing.finishesAt()).isEqualTo(clock.instant().plusSeconds(10));
    }
}
