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
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator's own HTTP surface: what the client tests do not already cover. */
class TokenLabSimulatorTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private final SimulatorCallLog callLog = new SimulatorCallLog(50);
    private final Vertx vertx = Vertx.vertx();
    private final WebClient client = WebClient.create(io.vertx.mutiny.core.Vertx.newInstance(vertx));
    private String base;

    private void start(String basePath, int maxTasks) throws Exception {
        start(new SimulatorSettings(basePath, Duration.ofSeconds(3), Map.of(), "https://cdn.test/videos", maxTasks));
    }

    private void start(SimulatorSettings settings) throws Exception {
        Router router = Router.router(vertx);
        new TokenLabSimulator(settings, clock, callLog).mount(router);
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

    private HttpResponse<Buffer> get(String path) {
        return client.getAbs(base + path).send().await().atMost(WAIT);
    }

    @Test
    void submitAnswersWithARelativePollUrlAndTheLegacyPathServesTheSameTask() throws Exception {
        start("/simulator/tokenlab", 100);
        JsonObject created = post("/simulator/tokenlab/v1/videos/generations",
                "{\"model\":\"veo3.1\",\"prompt\":\"a cat\"}", "req-1").bodyAsJsonObject();
        String id = created.getString("id");

        assertThat(created.getString("task_id")).isEqualTo(id);
        assertThat(created.getString("poll_url")).isEqualTo("/v1/tasks/" + id);
        assertThat(created.getString("status")).isEqualTo("pending");
        assertThat(created.getString("model")).isEqualTo("veo3.1");
        clock.advance(Duration.ofSeconds(3));
        JsonObject legacy = get("/simulator/tokenlab/v1/videos/generations/" + id).bodyAsJsonObject();
        assertThat(legacy.getString("status")).isEqualTo("completed");
        assertThat(legacy.getString("id")).isEqualTo(id);
    }

    @Test
    void missingModelIsA400EnvelopeWithValidationErrors() throws Exception {
        start("/simulator/tokenlab", 100);
        HttpResponse<Buffer> response = post("/simulator/tokenlab/v1/videos/generations", "{\"prompt\":\"a cat\"}", null);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("type")).isEqualTo("invalid_request_error");
        assertThat(error.getJsonArray("validation_errors").getJsonObject(0).getString("field")).isEqualTo("model");
    }

    @Test
    void bodyThatIsNotJsonIsA400() throws Exception {
        start("/simulator/tokenlab", 100);

        assertThat(post("/simulator/tokenlab/v1/videos/generations", "model=veo", null).statusCode()).isEqualTo(400);
    }

    @Test
    void callLogIsServedAsJsonAndCanBeCleared() throws Exception {
        start("/sim/", 100);
        post("/sim/v1/videos/generations", "{\"model\":\"veo3.1\",\"prompt\":\"a\"}", "req-9");
        post("/sim/v1/videos/generations", "{\"model\":\"veo3.1\",\"prompt\":\"b\"}", "req-9");
        get("/sim/v1/tasks/ldtask_missing");

        JsonObject calls = get("/sim/_calls").bodyAsJsonObject();
        assertThat(calls.getJsonObject("submitsByRequestId").getInteger("req-9")).isEqualTo(2);
        assertThat(calls.getJsonObject("pollsByTask").getInteger("ldtask_missing")).isEqualTo(1);
        assertThat(calls.getJsonArray("calls")).hasSize(3);
        assertThat(calls.getJsonArray("calls").getJsonObject(2).getInteger("status")).isEqualTo(404);
        assertThat(calls.getJsonArray("calls").getJsonObject(0).getBoolean("authorized")).isFalse();

        assertThat(client.deleteAbs(base + "/sim/_calls").send().await().atMost(WAIT).statusCode()).isEqualTo(204);
        assertThat(callLog.calls()).isEmpty();
        assertThat(callLog.submitsFor("req-9")).isZero();
    }

    @Test
    void oldestTasksAreForgottenBeyondTheCap() throws Exception {
        start("", 1);
        String first = post("/v1/videos/generations", "{\"model\":\"m\",\"prompt\":\"a\"}", null)
                .bodyAsJsonObject().getString("id");
        String second = post("/v1/videos/generations", "{\"model\":\"m\",\"prompt\":\"b\"}", null)
                .bodyAsJsonObject().getString("id");

        HttpResponse<Buffer> gone = get("/v1/tasks/" + first);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("async_task_not_found");
        assertThat(get("/v1/tasks/" + second).statusCode()).isEqualTo(200);
    }

    @Test
    void aSubmitRecordsWhenItsTaskFinishesAndPollsSeeItFinishThen() throws Exception {
        SimulatorSettings settings = new SimulatorSettings("", Duration.ofSeconds(60), Map.of(),
                "https://cdn.test/videos", 100).withDurations(TaskDurations.logNormal(0.3, 0.1, 7));
        start(settings);
        Instant submittedAt = clock.instant();
        String id = post("/v1/videos/generations", "{\"model\":\"veo3.1\",\"prompt\":\"a\",\"duration\":10,"
                + "\"resolution\":\"1080p\"}", "req-bench-1").bodyAsJsonObject().getString("id");

        TaskTiming timing = callLog.timingFor("req-bench-1").orElseThrow();
        assertThat(timing.taskId()).isEqualTo(id);
        assertThat(timing.model()).isEqualTo("veo3.1");
        assertThat(timing.createdAt()).isEqualTo(submittedAt);
        assertThat(timing.finishesAt()).isEqualTo(submittedAt.plus(timing.duration()));
        assertThat(timing.duration())
                .isEqualTo(settings.taskDuration("veo3.1", "req-bench-1", Clip.of(10, "1080p")))
                .isNotEqualTo(settings.taskDuration("veo3.1", "req-bench-1", Clip.UNSPECIFIED));

        clock.advance(Duration.between(clock.instant(), timing.finishesAt()).minusMillis(1));
        JsonObject justBefore = get("/v1/tasks/" + id).bodyAsJsonObject();
        clock.advance(Duration.ofMillis(1));
        JsonObject atFinish = get("/v1/tasks/" + id).bodyAsJsonObject();

        assertThat(justBefore.getString("status")).isEqualTo("processing");
        assertThat(justBefore.getInteger("progress")).isEqualTo(99);
        assertThat(atFinish.getString("status")).isEqualTo("completed");
        assertThat(callLog.timingFor("req-bench-1").orElseThrow().polls()).isEqualTo(2);
    }

    @Test
    void theCallLogRecordsTheChargeTheCompletedAnswerTellsAndNoneForATaskSetToFail() throws Exception {
        start("", 100);
        String paid = post("/v1/videos/generations", "{\"model\":\"veo3.1\",\"prompt\":\"a\",\"duration\":8}",
                "req-paid").bodyAsJsonObject().getString("id");
        String failing = post("/v1/videos/generations", "{\"model\":\"veo3.1\",\"prompt\":\"a "
                + SimulatedTask.FAIL_MARKER + "\",\"duration\":8}", "req-failing").bodyAsJsonObject().getString("id");
        clock.advance(Duration.ofSeconds(4));

        JsonObject completed = get("/v1/tasks/" + paid).bodyAsJsonObject();
        JsonObject failed = get("/v1/tasks/" + failing).bodyAsJsonObject();

        assertThat(completed.getString("status")).isEqualTo("completed");
        Object told = completed.containsKey("cost_usd") ? completed.getValue("cost_usd")
                : completed.getJsonObject("billing").getValue("amount_usd");
        assertThat(callLog.toldChargeFor(paid)).hasValueSatisfying(charge -> assertThat(charge)
                .isEqualByComparingTo(new BigDecimal(told.toString())).isEqualByComparingTo("0.40"));
        assertThat(failed.getString("status")).isEqualTo("failed");
        assertThat(failed.containsKey("cost_usd") || failed.containsKey("billing")).isFalse();
        assertThat(callLog.toldChargeFor(failing)).isEmpty();
    }

    @Test
    void withoutARequestIdTheTimingIsFoundByTaskIdAndFixedDurationsStayExact() throws Exception {
        start("", 100);
        String id = post("/v1/videos/generations", "{\"model\":\"m\",\"prompt\":\"a\",\"duration\":10,"
                + "\"resolution\":\"4k\"}", null).bodyAsJsonObject().getString("id");

        TaskTiming timing = callLog.timingOfTask(id).orElseThrow();
        assertThat(timing.requestId()).isNull();
        assertThat(timing.duration()).isEqualTo(Duration.ofSeconds(3));
    }
}
