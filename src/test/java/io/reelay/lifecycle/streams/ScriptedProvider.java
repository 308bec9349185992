package io.reelay.lifecycle.streams;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.reelay.intake.VideoRequest;
import io.reelay.upstream.SubmittedTask;
import io.reelay.upstream.TaskHandle;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.VideoProvider;
import io.smallrye.mutiny.Uni;

/** An upstream whose answers are scripted and which records every call it gets. */
final class ScriptedProvider implements VideoProvider {

    private final Map<String, Deque<Object>> answers = new HashMap<>();
    final List<TaskHandle> polls = new ArrayList<>();
    final List<VideoRequest> submits = new ArrayList<>();
    final List<TaskHandle> cancels = new ArrayList<>();
    /** What a submit answers: "accept", a Throwable, or null for a call that never answers. */
    Object submitAnswer = null;
    /** Answers for the next submits, in order, before {@link #submitAnswer} applies. */
    final Deque<Object> submitScript = new ArrayDeque<>();
    private int taskCounter;
    /** What a poll of a task without a script answers; null: such a poll is a test error. */
    Object defaultAnswer = null;
    /** The circuit breaker in front of it is open: calls are held back before they reach it, as GuardedProvider's. */
    volatile boolean circuitOpen;
    /** Submits the open circuit held back. */
    int heldSubmits;
    /** The circuit in front of it tries it again (half-open): it lets trial calls through. */
    volatile boolean onTrial;

    /** Queues poll answers for a task: TaskReport items succeed, Throwable items fail. The last one repeats. */
    ScriptedProvider answer(String taskId, Object... script) {
        answers.computeIfAbsent(taskId, k -> new ArrayDeque<>()).addAll(List.of(script));
        return this;
    }

    /** Every submit succeeds with a new task id task-1, task-2, ... */
    ScriptedProvider acceptingSubmits() {
        submitAnswer = "accept";
        return this;
    }

    long pollsOf(String taskId) {
        return polls.stream().filter(p -> p.upstreamTaskId().equals(taskId)).count();
    }

    long submitsOf(String requestId) {
        return submits.stream().filter(r -> r.requestId().equals(requestId)).count();
    }

    @Override
    public String name() {
        return "tokenlab";
    }

    @Override
    public boolean acceptsCalls() {
        return !circuitOpen;
    }

    @Override
    public boolean onTrial() {
        return onTrial;
    }

    @Override
    public Uni<SubmittedTask> submit(VideoRequest request) {
        if (circuitOpen) {
            heldSubmits++;
            return Uni.createFrom().failure(new CircuitBreakerOpenException("open"));
        }
        submits.add(request);
        Object answer = submitScript.isEmpty() ? submitAnswer : submitScript.poll();
        if ("accept".equals(answer)) {
            String id = "task-" + (++taskCounter);
            return Uni.createFrom().item(new SubmittedTask(id, "https://api.tokenlab.sh/v1/tasks/" + id, "pending"));
        }
        if (answer instanceof Throwable failure) {
            return Uni.createFrom().failure(failure);
        }
        return Uni.createFrom().nothing();
    }

    @Override
    public Uni<Void> cancel(TaskHandle task) {
        cancels.add(task);
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<TaskReport> poll(TaskHandle task) {
        polls.add(task);
        Deque<Object> script = answers.get(task.upstreamTaskId());
        Object next = script == null ? defaultAnswer : script.size() > 1 ? script.poll() : script.peek();
        if (next instanceof Throwable failure) {
            return Uni.createFrom().failure(failure);
        }
        return Uni.createFrom().item((TaskReport) next);
    }
}
