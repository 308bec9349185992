package io.reelay.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a tiny Vert.x server in this JVM that counts what it serves. */
class HttpFloorTest {

    private Vertx serverVertx;
    private String base;
    private final AtomicLong served = new AtomicLong();

    @BeforeEach
    void startServer() throws Exception {
        serverVertx = Vertx.vertx();
        HttpServer server = serverVertx.createHttpServer().requestHandler(request -> {
            served.incrementAndGet();
            switch (request.path()) {
                case "/ok" -> request.response().putHeader("Content-Type", "application/json")
                        .end("{\"status\":\"processing\",\"progress\":42}");
                case "/slow" -> serverVertx.setTimer(20, t -> request.response().end("late"));
                default -> request.response().setStatusCode(503).end("no");
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + server.actualPort();
    }

    @AfterEach
    void stopServer() throws Exception {
        serverVertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void measuresTheRateAndLatencyOfAFastEndpoint() throws Exception {
        HttpFloor.Result result = new HttpFloor(64, Duration.ofMillis(500), Duration.ofMillis(1500)).run(base + "/ok");

        System.out.println(result.format());
        assertThat(result.errors()).isZero();
        assertThat(result.requests()).isPositive();
        // Everything counted was served, and more was served than counted (the warm-up, the requests cut by the
        // window's ends).
        assertThat(served.get()).isGreaterThan(result.requests());
        assertThat(result.requestsPerSecond()).isEqualTo(result.requests() / 1.5);
        assertThat(result.latencyMillis().count()).isEqualTo(result.requests());
        assertThat(result.latencyMillis().p50()).isPositive().isLessThanOrEqualTo(result.latencyMillis().p99());
        assertThat(result.latencyMillis().p99()).isLessThanOrEqualTo(result.latencyMillis().max());
    }

    @Test
    void latencyAndRateFollowAServerThatTakes20MsPerRequest() throws Exception {
        HttpFloor.Result result = new HttpFloor(8, Duration.ofMillis(200), Duration.ofSeconds(1)).run(base + "/slow");

        System.out.println(result.format());
        assertThat(result.errors()).isZero();
        assertThat(result.latencyMillis().p50()).isGreaterThanOrEqualTo(19.0);
        // 8 lanes, at least 20 ms each: at most 8 / 0.020 = 400 requests per second.
        assertThat(result.requestsPerSecond()).isPositive().isLessThanOrEqualTo(400);
    }

    @Test
    void non2xxAnswersAreErrorsAndNotThroughput() throws Exception {
        HttpFloor.Result result = new HttpFloor(8, Duration.ZERO, Duration.ofMillis(700)).run(base + "/missing");

        assertThat(result.errors()).isPositive();
        assertThat(result.requests()).isZero();
        assertThat(result.requestsPerSecond()).isZero();
        assertThat(result.latencyMillis().isEmpty()).isTrue();
    }

    @Test
    void unreachableServerIsErrorsNotAHang() throws Exception {
        // A port the server had: closed now, so connections are refused at once.
        String closed = base + "/ok";
        serverVertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        serverVertx = Vertx.vertx();

        HttpFloor.Result result = new HttpFloor(4, Duration.ZERO, Duration.ofMillis(500)).run(closed);

        assertThat(result.requests()).isZero();
        assertThat(result.errors()).isPositive();
    }

    @Test
    void refusesNonsenseSettings() {
        assertThatThrownBy(() -> new HttpFloor(0, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpFloor(1, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
