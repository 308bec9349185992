package io.reelay.simulator;

import static io.reelay.simulator.ChaosHarness.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelay.simulator.ChaosHarness.Api;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The enforced rate limit: submits and polls together, 429 above it, nothing created, refilled with time. */
class SimulatorRateLimitTest {

    private ChaosHarness sim;

    @AfterEach
    void stop() throws Exception {
        if (sim != null) {
            sim.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void callsAboveTheLimitAre429AndCreateNothingUntilTheBucketRefills(Api api) throws Exception {
        // 60 a minute holding 2 s: two calls at once, then one a second.
        sim = new ChaosHarness(ChaosSettings.NONE, new RateLimit(60, Duration.ofSeconds(2)));

        JsonObject first = answer(sim.submit(api, "req-1")).bodyAsJsonObject();
        assertThat(answer(sim.poll(api, api.taskId(first))).statusCode()).isEqualTo(200);
        var over = answer(sim.submit(api, "req-2"));
        var pollOver = answer(sim.poll(api, api.taskId(first)));

        for (var r : java.util.List.of(over, pollOver)) {
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.getHeader("Retry-After")).isEqualTo("1");
            assertThat(r.getHeader("X-RateLimit-Limit")).isEqualTo("60");
            assertThat(api.error(r.bodyAsJsonObject()).getString("code")).isEqualTo("rate_limit_exceeded");
        }
        assertThat(sim.callLog.submitsFor("req-2")).isZero();
        assertThat(sim.callLog.faultsOf(SimulatorHttp.OVER_RATE_LIMIT)).isEqualTo(2);

        sim.clock.advance(Duration.ofSeconds(1));
        assertThat(answer(sim.submit(api, "req-2")).statusCode()).isEqualTo(200);
        assertThat(answer(sim.submit(api, "req-3")).statusCode()).isEqualTo(429);
        assertThat(sim.callLog.submitsFor("req-2")).isEqualTo(1);
    }

    @Test
    void theBucketStartsFullHoldsItsBurstAndRefillsAtTheRate() {
        RateLimit.Bucket bucket = new RateLimit(600, Duration.ofSeconds(1)).bucket(); // 10 a second, 10 held

        int atOnce = 0;
        while (bucket.tryTake(0)) {
            atOnce++;
        }
        int overAMinute = 0;
        for (long t = 1; t <= 60_000; t++) {
            overAMinute += bucket.tryTake(t) ? 1 : 0;
        }

        assertThat(atOnce).isEqualTo(10);
        assertThat(overAMinute).isEqualTo(600);
        assertThat(bucket.tryTake(60_000)).isFalse();
    }

    @Test
    void noLimitLetsEveryCallThroughAndALimitIsNeverNegative() {
        RateLimit.Bucket none = RateLimit.NONE.bucket();
        for (int i = 0; i < 10_000; i++) {
            assertThat(none.tryTake(0)).isTrue();
        }
        assertThatThrownBy(() -> new RateLimit(-1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimit(1, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
