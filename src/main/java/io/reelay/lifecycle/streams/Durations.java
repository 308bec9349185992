package io.reelay.lifecycle.streams;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import io.reelay.config.ReelayConfig;
import io.reelay.kafka.Topics;
import io.reelay.lifecycle.poll.DurationClass;
import io.reelay.lifecycle.poll.DurationFit;
import io.reelay.lifecycle.poll.DurationLearner;
import io.reelay.state.DurationShare;
import io.reelay.state.DurationStats;
import io.reelay.state.TrackedTask;

/**
 * What the tracker has learned of task durations, for one stream task. Its own samples are in reelay-durations
 * (changelogged, so they survive restarts and move with the partition); each change is also published on
 * video.durations under {@code <class>#<partition>}, and every instance reads that topic whole into
 * reelay-durations-shared. A poll is planned from every partition's statistics of its class summed: a class is
 * learned from the first tasks of it, wherever they ran.
 *
 * <p>Why each partition publishes its own whole statistics rather than a delta, or one record per class: this
 * partition is the only writer of its keys (Kafka Streams gives a partition to one stream task at a time, and its
 * store comes with it), so no two writers can overwrite each other's samples; each record is a complete state, so
 * compaction keeps exactly what is needed, a lost or repeated record changes nothing, and a reader that starts late
 * reads the latest of each. Summing the partitions' statistics is exact for the weighted mean and variance. For the same
 * reason a class is published at most once every {@code reelay.polling.share-interval}, its latest statistics, from
 * the tick ({@link #publish}), rather than on every sample: every completion learns two or more classes, and each
 * record is read by every instance. Every class of the store is published again when a stream task starts with it (a
 * share lost with a transaction that aborted after the samples had committed).
 */
final class Durations {

    /** Between a class and the partition in a video.durations key; the class is everything before the last one. */
    static final String PARTITION_SEPARATOR = "#";
    /** Queue time is learned like durations, under its class with this prefix. */
    static final String QUEUED = "queued|";
    /** The progress first reported after a queue, learned like durations (in percent), under this prefix. */
    static final String STARTED = "started|";

    private final KeyValueStore<String, DurationStats> own;
    private final KeyValueStore<String, DurationShare> shared;
    private final ProcessorContext<Object, Object> context;
    private final int partition;
    private final DurationLearner learner;
    /**
     * Each class's pooled statistics as last read, and when: a read is a store lookup and a scan of the shared store,
     * and every waiting submit's estimate and every poll planned asks for one. Kept for {@link #pooledForMs}, and
     * dropped when this partition learns the class.
     */
    private final Map<String, Read> reads = new HashMap<>();
    /** The longest a read is kept: what another partition learns is shown here this much later at most. */
    static final long MAX_POOLED_FOR_MS = 1_000;
    /**
     * How long a read is kept: no longer than the other partitions take to publish what they learn ({@code
     * share-interval}), so keeping it at most doubles that lag. During a burst of a new class its first readings
     * plan the rest; a read kept a whole second planned them from the configured prior meanwhile.
     */
    private final long pooledForMs;
    /** At most this many classes remembered; past it the memory starts afresh (classes are few: model x clip x size). */
    static final int MAX_READS = 4_096;

    private record Read(DurationLearner.Pooled pooled, long at) {
    }

    /** Least time between two publications (what others read of a class lags at most this plus a tick). */
    private final long publishEveryMs;
    /** The classes learned since they were last published, in the order learned. */
    private final Set<String> unpublished = new LinkedHashSet<>();
    /** When the classes were last published. */
    private long publishedAt = Long.MIN_VALUE / 2;

    @SuppressWarnings("unchecked")
    Durations(ProcessorContext<?, ?> context, ReelayConfig.Polling polling) {
        this.own = context.getStateStore(Topics.DURATIONS_STORE);
        this.shared = context.getStateStore(Topics.SHARED_DURATIONS_STORE);
        this.context = (ProcessorContext<Object, Object>) context;
        this.partition = context.taskId().partition();
        this.learner = new DurationLearner(polling);
        this.publishEveryMs = polling.shareInterval().toMillis();
        this.pooledForMs = Math.min(MAX_POOLED_FOR_MS, publishEveryMs);
        try (var all = own.all()) {
            all.forEachRemaining(entry -> unpublished.add(entry.key));
        }
    }

    /** The fit to plan this task's polls with. */
    DurationFit fitFor(TrackedTask task) {
        String modelClass = DurationClass.modelClass(task.getProvider(), task.getModel());
        return learner.fit(task.getDurationClass() == null ? null : pooled(task.getDurationClass()),
                pooled(modelClass), task.getModel());
    }

    /** Whether any task of this class has taught its duration yet, whichever partition ran it. */
    boolean learned(String durationClass) {
        return pooled(durationClass).any();
    }

    /** How long tasks of this one's class wait queued upstream, or null when that is not known. */
    DurationFit queueFitFor(TrackedTask task) {
        String modelClass = DurationClass.modelClass(task.getProvider(), task.getModel());
        return learner.queueFit(task.getDurationClass() == null ? null : pooled(QUEUED + task.getDurationClass()),
                pooled(QUEUED + modelClass));
    }

    /** The progress tasks of this one's class first report after their queue, or null when that is not known. */
    DurationFit firstProgressFitFor(TrackedTask task) {
        String modelClass = DurationClass.modelClass(task.getProvider(), task.getModel());
        DurationLearner.Pooled model = pooled(STARTED + modelClass);
        if (!model.any()) {
            // A model none of whose queues has been seen yet: what the provider's queues show of every model's.
            return learner.queueFit(null, pooled(STARTED + task.getProvider()));
        }
        return learner.queueFit(task.getDurationClass() == null ? null : pooled(STARTED + task.getDurationClass()),
                model);
    }

    /**
     * Learns the progress (1-99) a task reported on the first poll that saw it running after its queue: in its class,
     * its model's, and its provider's (the queue is the gateway's, so its share is known for a model from the first
     * of its tasks).
     */
    void learnFirstProgress(TrackedTask task, int progress, long now) {
        learnIn(STARTED, task, progress, now);
        learnIn(STARTED + task.getProvider(), progress, now);
    }

    /** Learns from a task seen to finish after {@code durationMs}: in its own class and its model's. */
    void learn(TrackedTask task, long durationMs, long now) {
        learnIn("", task, durationMs, now);
    }

    /** Learns from a task seen to leave the upstream's queue {@code queuedMs} after its submit. */
    void learnQueued(TrackedTask task, long queuedMs, long now) {
        learnIn(QUEUED, task, queuedMs, now);
    }

    private void learnIn(String prefix, TrackedTask task, long ms, long now) {
        String modelClass = DurationClass.modelClass(task.getProvider(), task.getModel());
        learnIn(prefix + modelClass, ms, now);
        if (task.getDurationClass() != null && !task.getDurationClass().equals(modelClass)) {
            learnIn(prefix + task.getDurationClass(), ms, now);
        }
    }

    private void learnIn(String durationClass, long ms, long now) {
        if (!SharedDurations.acceptableClass(durationClass)) {
            return; // a class too long to share is not kept either: bounded records
        }
        reads.remove(durationClass);
        DurationStats stats = own.get(durationClass);
        DurationStats learned = learner.learn(stats != null ? stats : DurationLearner.empty(durationClass), ms, now);
        own.put(durationClass, learned);
        unpublished.add(durationClass);
    }

    /** Whether classes learned since the last publish wait for theirs (the tick keeps its pace until then). */
    boolean unpublished() {
        return !unpublished.isEmpty();
    }

    /**
     * Publishes on video.durations the latest statistics of every class learned since the last time, unless that was
     * less than {@code reelay.polling.share-interval} ago. From the tick, in the stream task's transaction.
     */
    void publish(long now) {
        if (unpublished.isEmpty() || (now - publishedAt < publishEveryMs && now >= publishedAt)) {
            return;
        }
        for (String durationClass : unpublished) {
            DurationStats learned = own.get(durationClass);
            if (learned == null) {
                continue;
            }
            context.forward(new Record<Object, Object>(key(durationClass, partition), DurationShare.newBuilder()
                    .setDurationClass(durationClass)
                    .setPartition(partition)
                    .setSamples(learned.getSamples())
                    .setLogMean(learned.getLogMean())
                    .setLogVariance(learned.getLogVariance())
                    .setUpdatedAt(learned.getUpdatedAt())
                    .build(), now), TrackerTopology.DURATIONS_SINK);
        }
        unpublished.clear();
        publishedAt = now;
    }

    /**
     * Every partition's statistics of a class: this partition's from its own store (the shared copy of them lags by
     * a commit), the others' from the shared store.
     */
    private DurationLearner.Pooled pooled(String durationClass) {
        long now = context.currentSystemTimeMs();
        Read read = reads.get(durationClass);
        if (read != null && now - read.at() < pooledForMs && now >= read.at()) {
            return read.pooled();
        }
        if (reads.size() >= MAX_READS) {
            reads.clear();
        }
        DurationLearner.Pooled pooled = readPooled(durationClass);
        reads.put(durationClass, new Read(pooled, now));
        return pooled;
    }

    private DurationLearner.Pooled readPooled(String durationClass) {
        List<DurationStats> parts = new ArrayList<>();
        DurationStats mine = own.get(durationClass);
        if (mine != null) {
            parts.add(mine);
        }
        try (var others = shared.prefixScan(durationClass + PARTITION_SEPARATOR, Serdes.String().serializer())) {
            while (others.hasNext()) {
                DurationShare s = others.next().value;
                if (s != null && s.getPartition() != partition && durationClass.equals(s.getDurationClass())) {
                    parts.add(DurationStats.newBuilder().setDurationClass(durationClass).setSamples(s.getSamples())
                            .setLogMean(s.getLogMean()).setLogVariance(s.getLogVariance())
                            .setUpdatedAt(s.getUpdatedAt()).build());
                }
            }
        }
        return learner.pool(parts);
    }

    /** The video.durations key of a partition's statistics of a class. */
    static String key(String durationClass, int partition) {
        return durationClass + PARTITION_SEPARATOR + partition;
    }
}
