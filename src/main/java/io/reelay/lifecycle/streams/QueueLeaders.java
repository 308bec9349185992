package io.reelay.lifecycle.streams;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For each class of task, the earliest submitted of those its last poll found still queued upstream, and when it is
 * polled next: one instance's, in memory, shared by its stream tasks (a class's tasks are spread over every
 * partition). A classmate submitted after it, not polled yet, waits for that poll rather than be polled while the queue
 * ahead of it is known to hold: a gateway's queue serves its tasks in order, so one submitted later cannot have
 * started before it, let alone ended; once the leader's next poll finds it running, its progress teaches the class's
 * duration and the others are planned from that (see PollPlanner#replanned). A burst of a new class is submitted long
 * before any of it leaves the queue, and its first polls, planned from the configured prior, would otherwise each find
 * a task still queued.
 *
 * <p>Only ever puts a poll later, to a time the leader's plan set; a leader that ends, runs or goes unpolled past its
 * time (its partition moved to another instance, its stream thread stalled) holds nothing. Bounded: at most
 * {@link #MAX_CLASSES} classes (classes are few: model x clip x size). Safe to share between stream threads.
 */
final class QueueLeaders {

    static final int MAX_CLASSES = 4_096;

    private record Leader(String requestId, long submittedAt, long nextPollAt) {
    }

    private final Map<String, Leader> byClass = new ConcurrentHashMap<>();

    /** A poll found this task still queued; it is polled next at {@code nextPollAt}. */
    void queued(String durationClass, String requestId, long submittedAt, long nextPollAt, long now) {
        if (!byClass.containsKey(durationClass) && byClass.size() >= MAX_CLASSES) {
            byClass.clear();
        }
        byClass.compute(durationClass, (key, leader) -> leader == null || leader.requestId().equals(requestId)
                || submittedAt < leader.submittedAt() || leader.nextPollAt() < now
                        ? new Leader(requestId, submittedAt, nextPollAt) : leader);
    }

    /** A poll found this task running or ended: it leads its class's queue no more. */
    void left(String durationClass, String requestId) {
        byClass.computeIfPresent(durationClass, (key, leader) -> leader.requestId().equals(requestId) ? null : leader);
    }

    /**
     * When a task of the class submitted at {@code submittedAt}, never polled, is worth its first poll: a moment after
     * its leader's next poll (its answer applied first), or null when nothing holds it.
     *
     * @param settleMs how long after the leader's poll (the minimum interval between polls)
     */
    Long holdUntil(String durationClass, String requestId, long submittedAt, long now, long settleMs) {
        Leader leader = byClass.get(durationClass);
        if (leader == null || leader.requestId().equals(requestId) || submittedAt < leader.submittedAt()
                || leader.nextPollAt() < now) {
            return null;
        }
        long at = leader.nextPollAt() + settleMs;
        return at > now + settleMs ? at : null;
    }
}
