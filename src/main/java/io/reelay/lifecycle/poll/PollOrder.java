package io.reelay.lifecycle.poll;

import java.util.Comparator;

import io.reelay.state.TrackedTask;

/**
 * The order due polls are sent in when permits or the rate budget cannot take them all: the tasks
 * expected to finish earliest (those past their expected end first) are the likeliest to be done,
 * so a short budget buys the most finished videos. Tasks without an expectation (fixed polling, or
 * tracked before one was kept) go by how long their poll is overdue.
 */
public final class PollOrder {

    private static final Comparator<TrackedTask> CLOSEST_TO_EXPECTED_END = Comparator
            .comparingLong(PollOrder::expectedEnd)
            .thenComparingLong(TrackedTask::getNextPollAt);

    private PollOrder() {
    }

    public static Comparator<TrackedTask> closestToExpectedEnd() {
        return CLOSEST_TO_EXPECTED_END;
    }

    private static long expectedEnd(TrackedTask task) {
        return task.getExpectedEndAt() != null ? task.getExpectedEndAt() : task.getNextPollAt();
    }
}
