package io.reelay.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SimulatorCallLogTest {

    private static SimulatorCall submit(String requestId) {
        return new SimulatorCall(Instant.EPOCH, "POST", "/v1/videos/generations", requestId, true, 200, null);
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
