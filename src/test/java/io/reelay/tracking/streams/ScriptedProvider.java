package io.reelay.tracking.streams;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.reelay.request.VideoRequest;
import io.reelay.upstream.SubmittedTask;
import io.reelay.upstream.TaskHandle;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.VideoProvider;
import io.smallrye.mutiny.Uni;

/** An upstream whose poll answers are scripted per task and which records every poll it gets. */
final class ScriptedProvider implements VideoProvider {

    private final Map<String, Deque<Object>> answers = new HashMap<>();
    final List<TaskHandle> polls = new ArrayList<>();

    /** Queues answers for a task: TaskReport items succeed, Throwable items fail. The last one repeats. */
    ScriptedProvider answer(String taskId, Object... script) {
        answers.computeIfAbsent(taskId, k -> new ArrayDeque<>()).addAll(List.of(script));
        return this;
    }

    long pollsOf(String taskId) {
        return polls.stream().filter(p -> p.upstreamTaskId().equals(taskId)).count();
    }

    @Override
    public String name() {
        return "tokenlab";
    }

    @Override
    public Uni<SubmittedTask> submit(VideoRequest request) {
        throw new AssertionError("the tracker never submits");
    }

    @Override
    public Uni<TaskReport> poll(TaskHandle task) {
        polls.add(task);
        Deque<Object> script = answers.get(task.upstreamTaskId());
        Object next = script.size() > 1 ? script.poll() : script.peek();
        if (next instanceof Throwable failure) {
            return Uni.createFrom().failure(failure);
        }
        return Uni.createFrom().item((TaskReport) next);
    }
}
