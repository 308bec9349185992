package io.reelay.faults;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import io.reelay.simulator.SimulatorCall;
import io.reelay.simulator.SimulatorCallLog;

/**
 * The upstream's side of the story, from the simulators' call log: submit attempts and created (charged) tasks per
 * request id, and the answers given by status, where injected 429s and 5xx show up.
 *
 * @param attempts submits received per request id
 * @param created tasks created per request id (a submit that got a task id, whether or not the answer reached
 *        the client)
 * @param submitStatuses submit answers by HTTP status
 * @param pollStatuses poll answers by HTTP status
 * @param dropped calls the log dropped to stay within its capacity (the counts are partial if not 0)
 * @param toldCharges per request id, the charge (USD) the simulator priced its created task at and tells in the
 *        completed answer; absent when it tells none (a task set to fail, the hub's tasks)
 */
record UpstreamLedger(Map<String, Integer> attempts, Map<String, Integer> created, Map<Integer, Integer> submitStatuses,
        Map<Integer, Integer> pollStatuses, long dropped, Map<String, BigDecimal> toldCharges) {

    UpstreamLedger(Map<String, Integer> attempts, Map<String, Integer> created, Map<Integer, Integer> submitStatuses,
            Map<Integer, Integer> pollStatuses, long dropped) {
        this(attempts, created, submitStatuses, pollStatuses, dropped, Map.of());
    }

    static UpstreamLedger of(SimulatorCallLog log, String requestPrefix) {
        Map<String, Integer> created = new HashMap<>();
        Map<Integer, Integer> submitStatuses = new TreeMap<>();
        Map<Integer, Integer> pollStatuses = new TreeMap<>();
        Map<String, BigDecimal> toldCharges = new HashMap<>();
        for (SimulatorCall call : log.calls()) {
            boolean submit = "POST".equals(call.method());
            (submit ? submitStatuses : pollStatuses).merge(call.status(), 1, Integer::sum);
            if (submit && call.taskId() != null && call.requestId() != null
                    && call.requestId().startsWith(requestPrefix)) {
                created.merge(call.requestId(), 1, Integer::sum);
                log.toldChargeFor(call.taskId()).ifPresent(charge -> toldCharges.put(call.requestId(), charge));
            }
        }
        Map<String, Integer> attempts = new HashMap<>();
        log.submitAttemptsByRequestId().forEach((id, n) -> {
            if (id.startsWith(requestPrefix)) {
                attempts.put(id, n);
            }
        });
        return new UpstreamLedger(attempts, created, submitStatuses, pollStatuses, log.dropped(), toldCharges);
    }

    int createdFor(String requestId) {
        return created.getOrDefault(requestId, 0);
    }

    int maxCreated() {
        return created.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    long requestsWithSecondTask() {
        return created.values().stream().filter(n -> n > 1).count();
    }

    long requestsWithRepeatedSubmit() {
        return attempts.values().stream().filter(n -> n > 1).count();
    }

    /** Answers with this status, submits and polls together. */
    int answered(int status) {
        return submitStatuses.getOrDefault(status, 0) + pollStatuses.getOrDefault(status, 0);
    }
}
