package io.reelay.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * When a simulated task really finished upstream, as the provider knows it and no client can: a
 * benchmark of polling strategies measures how late each strategy noticed against this.
 *
 * @param taskId the task the submit created
 * @param requestId the submit's {@code X-Request-Id}, or null
 * @param createdAt when the submit created the task
 * @param finishesAt when polls start to report the task's outcome: {@code createdAt} plus its duration
 *        (for a TokenLab task cancelled while queued, when it would have finished had it run)
 * @param polls polls of the task so far, through either poll endpoint (see {@link SimulatorCallLog#pollsFor})
 */
public record TaskTiming(String taskId, String requestId, String model, Instant createdAt, Instant finishesAt,
        int polls) {

    /** How long the task ran upstream. */
    public Duration duration() {
        return Duration.between(createdAt, finishesAt);
    }

    TaskTiming withPolls(int count) {
        return new TaskTiming(taskId, requestId, model, createdAt, finishesAt, count);
    }
}
