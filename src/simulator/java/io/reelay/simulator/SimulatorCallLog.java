package io.reelay.simulator;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the simulator was asked, for tests and the demo: the latest calls (bounded) and, for every
 * request id, how many tasks its submits created, which is how a duplicate (double-charged) submit
 * shows up, beside how many submits it attempted (refused, failed and faulted ones too). Injected
 * faults are counted by kind. Thread-safe: handlers run on several event loops.
 *
 * <p>It also keeps, for the latest {@code capacity} tasks, when each finished upstream
 * ({@link TaskTiming}): what only the provider knows, which a benchmark of polling strategies
 * compares with when the client noticed.
 */
public class SimulatorCallLog {

    private final int capacity;
    private final Deque<SimulatorCall> calls = new ArrayDeque<>();
    private final Map<String, Integer> submitsByRequestId = new HashMap<>();
    private final Map<String, Integer> submitAttemptsByRequestId = new HashMap<>();
    private final Map<String, Integer> faults = new TreeMap<>();
    private final Map<String, Integer> pollsByTask;
    private final Map<String, TaskTiming> timingsByTask;
    private final Map<String, String> latestTaskByRequestId;
    private final Map<String, BigDecimal> chargeByTask;
    private long dropped;
    /** Every submit that carried an X-Request-Id, new or repeated. */
    private long submitAttempts;

    public SimulatorCallLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        // Poll counts are per task, and tasks come and go: keep the most recently polled ones.
        this.pollsByTask = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
                return size() > capacity;
            }
        };
        this.timingsByTask = bounded(capacity);
        this.latestTaskByRequestId = bounded(capacity);
        this.chargeByTask = bounded(capacity);
    }

    /** Insertion-ordered, dropping the eldest entry beyond {@code capacity}. */
    private static <V> Map<String, V> bounded(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** A submit created this task, which finishes upstream at {@code finishesAt}. */
    synchronized void recordTask(String taskId, String requestId, String model, Instant createdAt, Instant finishesAt) {
        timingsByTask.put(taskId, new TaskTiming(taskId, requestId, model, createdAt, finishesAt, 0));
        if (requestId != null) {
            // Re-inserted, so a request submitted again counts as recent and its latest task wins.
            latestTaskByRequestId.remove(requestId);
            latestTaskByRequestId.put(requestId, taskId);
        }
    }

    /** What the task's completed answer will tell it charged; null: it tells none. */
    synchronized void recordCharge(String taskId, BigDecimal charge) {
        if (charge != null) {
            chargeByTask.put(taskId, charge);
        }
    }

    /**
     * The charge (USD) this task's completed answer tells, as the simulator priced it at submit; empty when it tells
     * none (a task set to fail, the hub's tasks) or the task is older than the latest {@code capacity}.
     */
    public synchronized Optional<BigDecimal> toldChargeFor(String taskId) {
        return Optional.ofNullable(chargeByTask.get(taskId));
    }

    /** A submit created a task when it is recorded with the task's id. */
    synchronized void record(SimulatorCall call, boolean submit, boolean poll) {
        if (calls.size() == capacity) {
            calls.removeFirst();
            dropped++;
        }
        calls.addLast(call);
        if (submit && call.requestId() != null) {
            submitAttemptsByRequestId.merge(call.requestId(), 1, Integer::sum);
            submitAttempts++;
            if (call.taskId() != null) {
                submitsByRequestId.merge(call.requestId(), 1, Integer::sum);
            }
        }
        if (call.fault() != null) {
            faults.merge(call.fault(), 1, Integer::sum);
        }
        if (poll && call.taskId() != null) {
            pollsByTask.merge(call.taskId(), 1, Integer::sum);
        }
    }

    /** The latest calls, oldest first. */
    public synchronized List<SimulatorCall> calls() {
        return List.copyOf(calls);
    }

    /** Tasks created by submits that carried this X-Request-Id: more than one is a double charge. */
    public synchronized int submitsFor(String requestId) {
        return submitsByRequestId.getOrDefault(requestId, 0);
    }

    /** Submits that carried this X-Request-Id, whether they created a task or not. */
    public synchronized int submitAttemptsFor(String requestId) {
        return submitAttemptsByRequestId.getOrDefault(requestId, 0);
    }

    /** Injected faults by kind ({@code rate_limited}, {@code server_error}, ...). */
    public synchronized Map<String, Integer> faults() {
        return Map.copyOf(faults);
    }

    /** Injected faults of this kind. */
    public synchronized int faultsOf(String kind) {
        return faults.getOrDefault(kind, 0);
    }

    /** Polls of this task id, through either poll endpoint. */
    public synchronized int pollsFor(String taskId) {
        return pollsByTask.getOrDefault(taskId, 0);
    }

    /**
     * When the latest task created for this X-Request-Id finished upstream, with its polls so far; empty
     * when no submit carrying it created a task, or the task is older than the latest {@code capacity}.
     * The latest, because a client that lost a submit's answer and submitted again polls the second task.
     */
    public synchronized Optional<TaskTiming> timingFor(String requestId) {
        String taskId = latestTaskByRequestId.get(requestId);
        return taskId == null ? Optional.empty() : timingOfTask(taskId);
    }

    /** When this task finished upstream, with its polls so far, if it is among the latest {@code capacity}. */
    public synchronized Optional<TaskTiming> timingOfTask(String taskId) {
        TaskTiming timing = timingsByTask.get(taskId);
        return Optional.ofNullable(timing).map(t -> t.withPolls(pollsFor(taskId)));
    }

    /** The latest {@code capacity} tasks' timings with their polls so far, oldest first. */
    public synchronized List<TaskTiming> timings() {
        return timingsByTask.values().stream().map(t -> t.withPolls(pollsFor(t.taskId()))).toList();
    }

    public synchronized Map<String, Integer> submitsByRequestId() {
        return Map.copyOf(submitsByRequestId);
    }

    public synchronized Map<String, Integer> submitAttemptsByRequestId() {
        return Map.copyOf(submitAttemptsByRequestId);
    }

    public synchronized Map<String, Integer> pollsByTask() {
        return Map.copyOf(pollsByTask);
    }

    /** Calls dropped from {@link #calls()} to stay within capacity. */
    /**
     * Submits that carried an X-Request-Id, whether they created a task or not, and whether their id was seen before:
     * what a count of distinct ids misses, a second submit of a request.
     */
    public synchronized long submitAttempts() {
        return submitAttempts;
    }

    public synchronized long dropped() {
        return dropped;
    }

    public synchronized void clear() {
        calls.clear();
        submitsByRequestId.clear();
        submitAttemptsByRequestId.clear();
        faults.clear();
        pollsByTask.clear();
        timingsByTask.clear();
        latestTaskByRequestId.clear();
        dropped = 0;
        submitAttempts = 0;
    }
}
