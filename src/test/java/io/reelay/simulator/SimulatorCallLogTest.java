package io.reelay.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorCallLogTest {

    private static SimulatorCall submit(String requestId) {
        return new SimulatorCall(Instant.EPOCH, "POST", "/v1/videos/generations", requestId, true, 200,
                "task-" + requestId);
    }

    private static SimulatorCall refused(String requestId, int status, String fault) {
        return new SimulatorCall(Instant.EPOCH, "POST", "/v1/videos/generations", requestId, true, status, null, fault);
    }

    @Test
    void submitsCountOnlyWhenTheyCreatedATaskAttemptsAlwaysAndFaultsByKind() {
        SimulatorCallLog log = new SimulatorCallLog(10);
        log.record(refused("req-1", 429, "rate_limited"), true, false);
        log.record(refused("req-1", 400, null), true, false);
        log.record(refused("req-1", SimulatorCall.NO_ANSWER, "hang"), true, false);
        log.record(new SimulatorCall(Instant.EPOCH, "POST", "/v1/videos/generations", "req-1", true,
                SimulatorCall.NO_ANSWER, "task-1", "drop_after_submit"), true, false);
        log.record(new SimulatorCall(Instant.EPOCH, "GET", "/v1/tasks/task-1", null, true, 503, "task-1",
                "server_error"), false, true);

        assertThat(log.submitsFor("req-1")).isEqualTo(1);
        assertThat(log.submitAttemptsFor("req-1")).isEqualTo(4);
        assertThat(log.submitAttempts()).as("every attempt, the same id again included").isEqualTo(4);
        assertThat(log.faults()).containsOnly(Map.entry("rate_limited", 1), Map.entry("hang", 1),
                Map.entry("drop_after_submit", 1), Map.entry("server_error", 1));
        log.clear();
        assertThat(log.submitAttemptsFor("req-1")).isZero();
        assertThat(log.submitAttempts()).isZero();
        assertThat(log.faults()).isEmpty();
    }

    @Test
    void keepsTheLatestCallsButEverySubmitCount() {
        SimulatorCallLog log = new SimulatorCallLog(2);
        log.record(submit("req-1"), true, false);
        log.record(submit("req-1"), true, false);
        log.record(submit("req-2"), true, false);

        assertThat(log.calls()).extracting(SimulatorCall::requestId).containsExactly("req-1", "req-2");
        assertThat(log.dropped()).isEqualTo(1);
        assertThat(log.submitsFor("req-1")).isEqualTo(2);
        assertThat(log.submitsFor("req-2")).isEqualTo(1);
        assertThat(log.submitsFor("req-3")).isZero();
    }

    @Test
    void countsPollsPerTaskAndClears() {
        SimulatorCallLog log = new SimulatorCallLog(10);
        SimulatorCall poll = new SimulatorCall(Instant.EPOCH, "GET", "/v1/tasks/t1", null, false, 200, "t1");
        log.record(poll, false, true);
        log.record(poll, false, true);

        assertThat(log.pollsFor("t1")).isEqualTo(2);
        log.clear();
        assertThat(log.pollsFor("t1")).isZero();
        assertThat(log.calls()).isEmpty();
    }

    @Test
    void keepsWhenEachTaskFinishesWithItsPollsAndTheLatestTaskOfARequest() {
        SimulatorCallLog log = new SimulatorCallLog(10);
        Instant t0 = Instant.parse("2026-05-01T10:00:00Z");
        log.recordTask("t1", "req-1", "veo3.1", t0, t0.plusSeconds(40));
        log.recordTask("t2", null, "veo3.1", t0, t0.plusSeconds(50));
        log.record(new SimulatorCall(t0, "GET", "/v1/tasks/t1", null, false, 200, "t1"), false, true);
        log.record(new SimulatorCall(t0, "GET", "/v1/tasks/t1", null, false, 200, "t1"), false, true);

        TaskTiming first = log.timingFor("req-1").orElseThrow();
        assertThat(first).isEqualTo(new TaskTiming("t1", "req-1", "veo3.1", t0, t0.plusSeconds(40), 2));
        assertThat(first.duration()).isEqualTo(Duration.ofSeconds(40));
        assertThat(log.timingOfTask("t2").orElseThrow().requestId()).isNull();
        assertThat(log.timingFor("req-2")).isEmpty();

        // Resubmitted after a lost answer: the client polls the second task.
        log.recordTask("t3", "req-1", "veo3.1", t0.plusSeconds(5), t0.plusSeconds(45));
        assertThat(log.timingFor("req-1").orElseThrow().taskId()).isEqualTo("t3");
        assertThat(log.timingOfTask("t1").orElseThrow().polls()).isEqualTo(2);
        assertThat(log.timings()).extracting(TaskTiming::taskId).containsExactly("t1", "t2", "t3");

        log.clear();
        assertThat(log.timingFor("req-1")).isEmpty();
        assertThat(log.timings()).isEmpty();
    }

    @Test
    void keepsTheTimingsOfTheLatestTasksOnly() {
        SimulatorCallLog log = new SimulatorCallLog(2);
        for (int i = 1; i <= 3; i++) {
            log.recordTask("t" + i, "req-" + i, "m", Instant.EPOCH, Instant.EPOCH.plusSeconds(i));
        }

        assertThat(log.timings()).extracting(TaskTiming::taskId).containsExactly("t2", "t3");
        assertThat(log.timingFor("req-1")).isEmpty();
        assertThat(log.timingFor("req-3").orElseThrow().finishesAt()).isEqualTo(Instant.EPOCH.plusSeconds(3));
    }
}
