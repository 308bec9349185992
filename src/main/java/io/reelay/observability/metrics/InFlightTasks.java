package io.reelay.observability.metrics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The {@value TrackerMetrics#IN_FLIGHT} gauge: requests in the in-flight store of the partitions this
 * instance processes now, by provider and model.
 *
 * <p>Each stream task's processor keeps a {@link Partition}: it counts its store when the processor
 * is initialised (after the store is restored, so after every restart, rebalance or recovery from a
 * corrupted task) and then follows every request it stores or ends. When the partition moves away,
 * the processor closes and its counts leave the gauge; the new owner counts the restored store. The
 * gauge is thus exact for what this instance owns and never drifts: a replay under exactly-once
 * rebuilds the store and the processor, and with it the count. Summed over instances
 * ({@code sum(reelay_tasks_in_flight)}) it is the total in flight; during a rebalance a partition is
 * briefly counted by neither instance. RocksDB's {@code approximateNumEntries} would be cheaper but is
 * an estimate (deletes are not subtracted until compaction) and has no breakdown by model; a counter
 * kept on admission and end alone would start from zero after a restart and keep the partitions that
 * moved away.
 */
public final class InFlightTasks {

    private final MeterRegistry registry;
    private final BiFunction<String, String, Tags> tags;
    private final Set<Partition> partitions = ConcurrentHashMap.newKeySet();
    /** Gauges registered so far, by their tags. */
    private final Map<Tags, Boolean> registered = new ConcurrentHashMap<>();

    InFlightTasks(MeterRegistry registry, BiFunction<String, String, Tags> tags) {
        this.registry = registry;
        this.tags = tags;
    }

    /** A new, empty count for one stream task; it is part of the gauge until {@link #close}d. */
    public Partition open() {
        Partition partition = new Partition();
        partitions.add(partition);
        return partition;
    }

    public void close(Partition partition) {
        partitions.remove(partition);
    }

    /** What the gauge shows for these tags (summed over the open partitions). */
    public long count(String provider, String model) {
        return total(tags.apply(provider, model));
    }

    private long total(Tags key) {
        long sum = 0;
        for (Partition p : partitions) {
            AtomicLong n = p.counts.get(key);
            sum += n == null ? 0 : n.get();
        }
        return sum;
    }

    private void register(Tags key) {
        registered.computeIfAbsent(key, k -> {
            Gauge.builder(TrackerMetrics.IN_FLIGHT, () -> total(k))
                    .description("Requests admitted and not ended, in the partitions this instance owns")
                    .tags(k)
                    .strongReference(true)
                    .register(registry);
            return Boolean.TRUE;
        });
    }

    /** One stream task's count. Written by its stream thread only; read by whoever scrapes. */
    public final class Partition {

        private final Map<Tags, AtomicLong> counts = new ConcurrentHashMap<>();

        private Partition() {
        }

        public void added(String provider, String model) {
            Tags key = tags.apply(provider, model);
            register(key);
            counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        }

        public void removed(String provider, String model) {
            AtomicLong n = counts.get(tags.apply(provider, model));
            if (n != null && n.get() > 0) {
                n.decrementAndGet();
            }
        }

        /** Forgets everything counted, before the store is counted afresh. */
        public void clear() {
            counts.clear();
        }
    }
}
