package io.reelay.simulator;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The tasks a simulator remembers, at most {@code capacity}: forgetting the oldest keeps memory
 * bounded and mimics upstream task expiry (a forgotten task answers 404).
 */
final class TaskBook<T> {

    private final int capacity;
    private final Map<String, T> tasks = new ConcurrentHashMap<>();
    private final Queue<String> order = new ConcurrentLinkedQueue<>();

    TaskBook(int capacity) {
        this.capacity = capacity;
    }

    void put(String id, T task) {
        tasks.put(id, task);
        order.add(id);
        while (tasks.size() > capacity) {
            String oldest = order.poll();
            if (oldest == null) {
                break;
            }
            tasks.remove(oldest);
        }
    }

    T get(String id) {
        return tasks.get(id);
    }
}
