package io.reelay.lifecycle.streams;

import org.apache.kafka.streams.state.KeyValueStore;

import io.reelay.config.ReelayConfig;
import io.reelay.state.DurationStats;
import io.reelay.state.TrackedTask;
import io.reelay.lifecycle.poll.DurationClass;
import io.reelay.lifecycle.poll.DurationFit;
import io.reelay.lifecycle.poll.DurationLearner;

/**
 * What one stream task has learned of task durations (reelay-durations, changelogged, so it
 * survives restarts and moves with its partition). Each partition learns from its own tasks; with
 * request ids spread evenly, every partition sees every busy class often enough.
 */
final class Durations {

    private final KeyValueStore<String, DurationStats> store;
    private final DurationLearner learner;

    Durations(KeyValueStore<String, DurationStats> store, ReelayConfig.Polling polling) {
        this.store = store;
        this.learner = new DurationLearner(polling);
    }

    /** The fit to plan this task's polls with. */
    DurationFit fitFor(TrackedTask task) {
        String modelClass = DurationClass.modelClass(task.getProvider(), task.getModel());
        DurationStats fine = task.getDurationClass() == null ? null : store.get(task.getDurationClass());
        return learner.fit(fine, store.get(modelClass), task.getModel());
    }

    /** Learns from a task seen to finish after {@code durationMs}: in its own class and its model's. */
    void learn(TrackedTask task, long durationMs, long now) {
        String modelClass = DurationClass.modelClass(task.getProvider(), task.getModel());
        learnIn(modelClass, task.getModel(), durationMs, now);
        if (task.getDurationClass() != null && !task.getDurationClass().equals(modelClass)) {
            learnIn(task.getDurationClass(), task.getModel(), durationMs, now);
        }
    }

    private void learnIn(String durationClass, String model, long durationMs, long now) {
        DurationStats stats = store.get(durationClass);
        store.put(durationClass, learner.learn(stats != null ? stats : learner.prior(durationClass, model),
                durationMs, now));
    }
}
