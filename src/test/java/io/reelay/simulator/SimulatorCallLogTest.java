package io.reelay.simulator;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(log.faults()).containsOnly(Map.entry("rate_limited", 1), Map.entry("hang", 1),
                Map.entry("drop_after_submit", 1), Map.entry("server_error", 1));
        log.clear();
        assertThat(log.submitAttemptsFor("req-1")).isZero();
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
}
