package io.reelay.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.reelay.simulator.SimulatorCall;
import io.reelay.simulator.SimulatorCallLog;
import io.reelay.simulator.SimulatorSettings;
import io.reelay.simulator.TokenLabSimulator;
import io.reelay.testing.LoopbackHttp;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.mutiny.core.buffer.Buffer;

/** Against a real TokenLab simulator over loopback HTTP, with short tasks and the gateway 100 times faster. */
class FixedPassGatewayTest {

    private static final double TIME_SCALE = 0.01;
    private static final Duration FAST = Duration.ofMillis(300);
    private static final Duration SLOW = Duration.ofMillis(600);
    private static final String API_KEY = "bench-key";

    private final SimulatorCallLog callLog = new SimulatorCallLog(10_000);
    private LoopbackHttp http;
    private String base;

    @BeforeEach
    void startSimulator() throws Exception {
        http = LoopbackHttp.start();
        Router router = Router.router(http.vertx());
        SimulatorSettings settings = new SimulatorSettings("/sim/tokenlab", FAST,
                Map.of("fast-model", FAST, "slow-model", SLOW), "https://cdn.test/videos", 1_000);
        new TokenLabSimulator(settings, Clock.systemUTC(), callLog).mount(router);
        base = http.serve(router, "/sim/tokenlab");
    }

    @AfterEach
    void stopSimulator() throws Exception {
        http.close();
    }

    /**
     * A submitted task. The simulator created it between {@code sentAt} and {@code answeredAt}, so it finished it
     * between those plus {@code runs}.
     */
    private record Submitted(String id, String pollUrl, Instant sentAt, Instant answeredAt, Duration runs,
            String expectedStatus) {

        Instant finishedNotBefore() {
            return sentAt.plus(runs);
        }

        Instant finishedBy() {
            return answeredAt.plus(runs);
        }
    }

    private Submitted submit(String model, String prompt, Duration runs) {
        Instant sent = Instant.now();
        JsonObject body = http.webClient().postAbs(base + "/v1/videos/generations")
                .putHeader("Content-Type", "application/json")
                .putHeader("Authorization", "Bearer " + API_KEY)
                .sendBuffer(Buffer.buffer(new JsonObject().put("model", model).put("prompt", prompt).encode()))
                .await().atMost(Duration.ofSeconds(5)).bodyAsJsonObject();
        String id = body.getString("id");
        assertThat(id).isNotBlank();
        return new Submitted(id, base + body.getString("poll_url"), sent, Instant.now(), runs,
                prompt.contains("[simulate:fail]") ? "failed" : "completed");
    }

    @Test
    void detectsEveryTaskAfterTheSimulatorFinishedItPassByPass() throws Exception {
        Map<String, Submitted> submitted = new LinkedHashMap<>();
        for (Submitted s : List.of(
                submit("fast-model", "a cat", FAST),
                submit("fast-model", "a dog", FAST),
                submit("fast-model", "a fox [simulate:fail]", FAST),
                submit("slow-model", "a whale", SLOW),
                submit("fast-model", "an owl", FAST))) {
            submitted.put(s.id(), s);
        }

        try (FixedPassGateway gateway = new FixedPassGateway(API_KEY, TIME_SCALE)) {
            assertThat(gateway.passInterval()).isEqualTo(Duration.ofMillis(150));
            assertThat(gateway.pausePerTask()).isEqualTo(Duration.ofMillis(10));
            submitted.values().forEach(s -> gateway.add(s.id(), s.pollUrl()));
            gateway.start();

            assertThat(gateway.awaitAllDone(Duration.ofSeconds(10))).isTrue();
            Map<String, FixedPassGateway.TaskResult> results = gateway.results();
            Instant lastDetection = results.values().stream().map(FixedPassGateway.TaskResult::detectedAt)
                    .max(Instant::compareTo).orElseThrow();
            // The pass that made the last detection is recorded when it ends.
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> gateway.passes().stream()
                    .anyMatch(p -> !p.endedAt().isBefore(lastDetection)));
            List<FixedPassGateway.Pass> passes = gateway.passes();

            System.out.printf("FixedPassGateway: %d tasks in %d passes; polls %s; detection delay ms %s%n",
                    results.size(), passes.size(),
                    results.values().stream().map(FixedPassGateway.TaskResult::polls).toList(),
                    results.values().stream().map(r -> Duration.between(submitted.get(r.taskId()).finishedBy(),
                            r.detectedAt()).toMillis()).toList());

            assertThat(results).hasSize(5);
            for (FixedPassGateway.TaskResult r : results.values()) {
                Submitted s = submitted.get(r.taskId());
                assertThat(r.done()).isTrue();
                assertThat(r.finalStatus()).isEqualTo(s.expectedStatus());
                assertThat(r.polls()).isGreaterThanOrEqualTo(1);
                assertThat(r.detectedAt()).isAfterOrEqualTo(s.finishedNotBefore());
                // Detected by the first pass after it finished: the pass before (whose poll found it still
                // running) began before it finished.
                if (r.polls() >= 2) {
                    assertThat(passes.get(r.polls() - 2).startedAt()).isBefore(s.finishedBy());
                }
                // Every pass that began before the detection polled the task once, and no other poll was made.
                long passesBefore = passes.stream().filter(p -> !p.startedAt().isAfter(r.detectedAt())).count();
                assertThat(r.polls()).isEqualTo(passesBefore);
                assertThat(callLog.pollsFor(r.taskId())).isEqualTo(r.polls());
            }
            // The slow task stayed open longest, so it was polled most.
            String slowId = submitted.values().stream().filter(t -> t.runs().equals(SLOW)).findFirst().orElseThrow()
                    .id();
            int slowPolls = results.get(slowId).polls();
            assertThat(results.values()).allSatisfy(r -> assertThat(r.polls()).isLessThanOrEqualTo(slowPolls));
            assertThat(gateway.pollErrors()).isZero();

            for (int i = 0; i < passes.size(); i++) {
                FixedPassGateway.Pass pass = passes.get(i);
                // A pass over N tasks sleeps N pauses.
                assertThat(pass.took()).isGreaterThanOrEqualTo(gateway.pausePerTask().multipliedBy(pass.tasksPolled()));
                if (i > 0) {
                    assertThat(Duration.between(passes.get(i - 1).startedAt(), pass.startedAt()))
                            .isGreaterThanOrEqualTo(gateway.passInterval().minusMillis(1));
                }
            }
            assertThat(passes.get(0).tasksPolled()).isEqualTo(5);
            assertThat(passes.get(passes.size() - 1).tasksPolled()).isBetween(1, 5);
            List<SimulatorCall> polls = new ArrayList<>(callLog.calls().stream()
                    .filter(c -> c.method().equals("GET")).toList());
            assertThat(polls).isNotEmpty().allSatisfy(c -> {
                assertThat(c.authorized()).isTrue();
                assertThat(c.status()).isEqualTo(200);
            });
        }
    }

    @Test
    void aPassThatOutlastsItsSlotIsFollowedAtOnceAndLaterPassesKeepTheirInterval() throws Exception {
        Duration interval = Duration.ofMillis(100);
        Duration pause = Duration.ofMillis(30);
        try (FixedPassGateway gateway = new FixedPassGateway(API_KEY, interval, pause, 1.0, Clock.systemUTC())) {
            for (int i = 0; i < 8; i++) {
                Submitted s = submit("slow-model", "clip " + i, SLOW);
                gateway.add(s.id(), s.pollUrl());
            }
            gateway.start();

            assertThat(gateway.awaitAllDone(Duration.ofSeconds(10))).isTrue();
            // Two empty passes after the last detection.
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> gateway.passes().stream()
                    .filter(p -> p.tasksPolled() == 0).count() >= 2);
            List<FixedPassGateway.Pass> passes = gateway.passes();

            FixedPassGateway.Pass first = passes.get(0);
            assertThat(first.tasksPolled()).isEqualTo(8);
            assertThat(first.took()).isGreaterThanOrEqualTo(pause.multipliedBy(8));
            for (int i = 1; i < passes.size(); i++) {
                FixedPassGateway.Pass previous = passes.get(i - 1);
                FixedPassGateway.Pass pass = passes.get(i);
                assertThat(Duration.between(previous.startedAt(), pass.startedAt()))
                        .isGreaterThanOrEqualTo(interval.minusMillis(1));
                if (previous.took().compareTo(interval) > 0) {
                    // 240 ms of pauses in a 100 ms slot: the next pass starts when it ends, not at the next slot
                    // (300 ms).
                    assertThat(Duration.between(previous.endedAt(), pass.startedAt()))
                            .isLessThan(Duration.ofMillis(40));
                }
            }
            assertThat(passes.get(passes.size() - 1).tasksPolled()).isZero();
        }
    }

    @Test
    void unknownTasksStayOpenAndCountAsPollErrors() throws Exception {
        try (FixedPassGateway gateway = new FixedPassGateway(API_KEY, TIME_SCALE)) {
            gateway.add("ldtask_missing", base + "/v1/tasks/ldtask_missing");
            gateway.start();
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> gateway.results().get("ldtask_missing").polls() >= 2);

            assertThat(gateway.awaitAllDone(Duration.ofMillis(200))).isFalse();

            FixedPassGateway.TaskResult r = gateway.results().get("ldtask_missing");
            assertThat(r.done()).isFalse();
            assertThat(r.finalStatus()).isNull();
            assertThat(r.polls()).isGreaterThanOrEqualTo(2);
            assertThat(gateway.pollErrors()).isGreaterThanOrEqualTo(2);
            assertThat(gateway.openTasks()).isEqualTo(1);
        }
    }

    @Test
    void tasksAddedWhileRunningAreWalkedFromTheNextPass() throws Exception {
        try (FixedPassGateway gateway = new FixedPassGateway(API_KEY, TIME_SCALE)) {
            gateway.start();
            // Added while it runs: after its first (empty) pass has ended.
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !gateway.passes().isEmpty());
            Submitted s = submit("fast-model", "late", FAST);
            gateway.add(s.id(), s.pollUrl());

            assertThat(gateway.awaitAllDone(Duration.ofSeconds(5))).isTrue();
            assertThat(gateway.results().get(s.id()).detectedAt()).isAfterOrEqualTo(s.finishedNotBefore());
            assertThatThrownBy(() -> gateway.add(s.id(), s.pollUrl())).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void refusesANonPositiveTimeScale() {
        assertThatThrownBy(() -> new FixedPassGateway(API_KEY, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FixedPassGateway(API_KEY, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
