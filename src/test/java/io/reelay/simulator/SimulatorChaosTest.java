package io.reelay.simulator;

import static io.reelay.simulator.ChaosHarness.answer;
import static io.reelay.simulator.ChaosHarness.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelay.simulator.ChaosHarness.Api;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each fault at probability 1 gives exactly its documented answer, on both simulated APIs. */
class SimulatorChaosTest {

    private static final ChaosSettings NONE = ChaosSettings.NONE;
    private ChaosHarness sim;

    private ChaosHarness start(ChaosSettings chaos) throws Exception {
        sim = new ChaosHarness(chaos);
        return sim;
    }

    @AfterEach
    void stop() throws Exception {
        if (sim != null) {
            sim.close();
        }
    }

    private static ChaosSettings only(double rateLimited, double serverErrors, double slow, double hang,
            double malformed, double drop, double unknown) {
        return new ChaosSettings(rateLimited, Duration.ofSeconds(2), serverErrors, slow, Duration.ofMillis(200), hang,
                malformed, drop, unknown, 7);
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void rateLimitedIs429WithRetryAfterAndTheRateLimitHeadersAndCreatesNoTask(Api api) throws Exception {
        start(only(1, 0, 0, 0, 0, 0, 0));

        HttpResponse<Buffer> submit = answer(sim.submit(api, "req-1"));
        HttpResponse<Buffer> poll = answer(sim.poll(api, "task-x"));

        for (HttpResponse<Buffer> r : List.of(submit, poll)) {
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.getHeader("Retry-After")).isEqualTo("2");
            assertThat(r.getHeader("X-RateLimit-Limit")).isEqualTo("1000");
            assertThat(r.getHeader("X-RateLimit-Remaining")).isEqualTo("0");
            assertThat(r.getHeader("X-RateLimit-Reset")).isEqualTo(Long.toString(ChaosHarness.T0.getEpochSecond() + 2));
            JsonObject error = api.error(r.bodyAsJsonObject());
            assertThat(error.getString("code")).isEqualTo("rate_limit_exceeded");
            assertThat(error.getBoolean("retryable")).isTrue();
            assertThat(error.getInteger("retry_after")).isEqualTo(2);
            assertThat(error.getString("message")).isNotBlank();
        }
        if (api == Api.TOKENLAB) {
            assertThat(submit.bodyAsJsonObject().getJsonObject("error").getString("type")).isEqualTo("rate_limit_error");
        }
        assertThat(sim.callLog.submitsFor("req-1")).isZero();
        assertThat(sim.callLog.submitAttemptsFor("req-1")).isEqualTo(1);
        assertThat(sim.calls(api).getJsonObject("faults").getInteger("rate_limited")).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void serverErrorsRotateThrough500And502And503AreRetryableAndCreateNoTask(Api api) throws Exception {
        start(only(0, 1, 0, 0, 0, 0, 0));

        List<Integer> statuses = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<Buffer> r = answer(sim.submit(api, "req-1"));
            statuses.add(r.statusCode());
            codes.add(api.error(r.bodyAsJsonObject()).getString("code"));
            assertThat(api.error(r.bodyAsJsonObject()).getBoolean("retryable")).isTrue();
        }
        HttpResponse<Buffer> poll = answer(sim.poll(api, "task-x"));

        assertThat(statuses).containsExactly(500, 502, 503);
        assertThat(codes).containsExactly("server_error", "upstream_error", "all_channels_failed");
        assertThat(poll.statusCode()).isEqualTo(500);
        assertThat(sim.callLog.submitsFor("req-1")).isZero();
        assertThat(sim.callLog.submitAttemptsFor("req-1")).isEqualTo(3);
        assertThat(sim.callLog.faultsOf("server_error")).isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void slowAnswersArriveIntactButOnlyAfterTheDelay(Api api) throws Exception {
        start(only(0, 0, 1, 0, 0, 0, 0));

        long t0 = System.nanoTime();
        HttpResponse<Buffer> submit = answer(sim.submit(api, "req-1"));
        long submitMillis = (System.nanoTime() - t0) / 1_000_000;
        String id = api.taskId(submit.bodyAsJsonObject());
        long t1 = System.nanoTime();
        HttpResponse<Buffer> poll = answer(sim.poll(api, id));
        long pollMillis = (System.nanoTime() - t1) / 1_000_000;

        assertThat(submit.statusCode()).isEqualTo(200);
        assertThat(poll.statusCode()).isEqualTo(200);
        assertThat(poll.bodyAsJsonObject().getString("status")).isEqualTo("pending");
        // The timer starts after the request arrived, so the delay is a strict lower bound.
        assertThat(submitMillis).isGreaterThanOrEqualTo(200);
        assertThat(pollMillis).isGreaterThanOrEqualTo(200);
        assertThat(sim.callLog.submitsFor("req-1")).isEqualTo(1);
        assertThat(sim.callLog.faultsOf("slow")).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void aSlowAnswerOutlastsAShorterClientTimeout(Api api) throws Exception {
        start(only(0, 0, 1, 0, 0, 0, 0));

        assertThat(failure(sim.submit(api, "req-1", 50))).isInstanceOf(TimeoutException.class);
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void hungCallsAreNeverAnsweredSoTheClientTimeoutFiresAndNoTaskExists(Api api) throws Exception {
        start(only(0, 0, 0, 1, 0, 0, 0));

        assertThat(failure(sim.submit(api, "req-1", 300))).isInstanceOf(TimeoutException.class);
        assertThat(failure(sim.poll(api, "task-x", 300))).isInstanceOf(TimeoutException.class);

        assertThat(sim.callLog.submitsFor("req-1")).isZero();
        assertThat(sim.callLog.submitAttemptsFor("req-1")).isEqualTo(1);
        JsonObject calls = sim.calls(api);
        assertThat(calls.getJsonObject("faults").getInteger("hang")).isEqualTo(2);
        assertThat(calls.getJsonArray("calls").getJsonObject(0).getString("status")).isEqualTo("hung");
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void malformedAnswersAre200JsonThatNoParserAcceptsAndTheSubmitStillCreatedTheTask(Api api) throws Exception {
        start(only(0, 0, 0, 0, 1, 0, 0));

        HttpResponse<Buffer> submit = answer(sim.submit(api, "req-1"));
        String id = sim.callLog.calls().get(0).taskId();
        HttpResponse<Buffer> poll = answer(sim.poll(api, id));
        HttpResponse<Buffer> unknown = answer(sim.poll(api, "task-x"));

        for (HttpResponse<Buffer> r : List.of(submit, poll)) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
            assertThat(r.bodyAsString()).startsWith("{");
            assertThatThrownBy(() -> new JsonObject(r.bodyAsString())).isInstanceOf(DecodeException.class);
        }
        assertThat(id).isNotNull();
        assertThat(unknown.statusCode()).as("an error answer is left intact").isEqualTo(404);
        assertThat(unknown.bodyAsJsonObject()).isNotNull();
        assertThat(sim.callLog.submitsFor("req-1")).isEqualTo(1);
        assertThat(sim.callLog.faultsOf("malformed")).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void dropAfterSubmitClosesTheConnectionButTheTaskExistsAndCountsAsOneCreatedSubmit(Api api) throws Exception {
        start(only(0, 0, 0, 0, 0, 1, 0));

        Throwable dropped = failure(sim.submit(api, "req-1"));
        String id = sim.callLog.calls().get(0).taskId();
        sim.clock.advance(Duration.ofSeconds(10));
        HttpResponse<Buffer> poll = answer(sim.poll(api, id));

        assertThat(dropped).isInstanceOf(HttpClosedException.class);
        assertThat(id).isNotNull();
        assertThat(poll.statusCode()).as("polls are never dropped").isEqualTo(200);
        assertThat(poll.bodyAsJsonObject().getString("status")).isEqualTo("completed");
        assertThat(sim.callLog.submitsFor("req-1")).isEqualTo(1);
        JsonObject calls = sim.calls(api);
        assertThat(calls.getJsonObject("submitsByRequestId").getInteger("req-1")).isEqualTo(1);
        assertThat(calls.getJsonObject("submitAttemptsByRequestId").getInteger("req-1")).isEqualTo(1);
        assertThat(calls.getJsonObject("faults").getInteger("drop_after_submit")).isEqualTo(1);
        JsonObject first = calls.getJsonArray("calls").getJsonObject(0);
        assertThat(first.getString("status")).isEqualTo("dropped");
        assertThat(first.getString("taskId")).isEqualTo(id);
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void unknownStatusIsReportedWhileTheTaskRunsAndNeverHidesItsEnd(Api api) throws Exception {
        start(only(0, 0, 0, 0, 0, 0, 1));

        HttpResponse<Buffer> submit = answer(sim.submit(api, "req-1"));
        String id = api.taskId(submit.bodyAsJsonObject());
        JsonObject running = answer(sim.poll(api, id)).bodyAsJsonObject();
        sim.clock.advance(Duration.ofSeconds(10));
        JsonObject done = answer(sim.poll(api, id)).bodyAsJsonObject();

        assertThat(submit.statusCode()).as("submits never get an unknown status").isEqualTo(200);
        assertThat(submit.bodyAsJsonObject().getString("status")).isNotEqualTo(SimulatorHttp.UNKNOWN_STATUS);
        assertThat(running.getString("status")).isEqualTo("warming_up");
        assertThat(done.getString("status")).isEqualTo("completed");
        if (api == Api.HUB) {
            assertThat(running.getBoolean("ready")).isFalse();
        }
        assertThat(sim.callLog.faultsOf("unknown_status")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void withoutChaosNothingIsInjected(Api api) throws Exception {
        start(NONE);

        for (int i = 0; i < 20; i++) {
            HttpResponse<Buffer> submit = answer(sim.submit(api, "req-" + i));
            assertThat(submit.statusCode()).isEqualTo(200);
            JsonObject polled = answer(sim.poll(api, api.taskId(submit.bodyAsJsonObject()))).bodyAsJsonObject();
            assertThat(polled.getString("status")).isEqualTo("pending");
        }

        assertThat(sim.callLog.faults()).isEmpty();
        assertThat(sim.calls(api).getJsonObject("faults")).isEmpty();
        assertThat(sim.callLog.calls()).allSatisfy(c -> assertThat(c.fault()).isNull());
    }
}
