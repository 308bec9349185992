package io.reelay.lifecycle.streams;

import java.util.Set;
import java.util.concurrent.Semaphore;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import io.reelay.config.ReelayConfig;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.kafka.Topics;
import io.reelay.state.DurationStats;
import io.reelay.state.FinishedRequest;
import io.reelay.state.ParkedRecord;
import io.reelay.state.TrackedTask;

/** Creates one {@link TaskTracker} per stream task, and declares the stores they use. */
final class TaskTrackerSupplier implements ProcessorSupplier<String, byte[], Object, Object> {

    private final ReelayConfig config;
    private final TrackerServices services;
    private final Semaphore pollPermits;
    private final Semaphore submitPermits;
    /** One instance's queue leaders, shared by its stream tasks: a class's tasks are on every partition. */
    private final QueueLeaders leaders = new QueueLeaders();

    TaskTrackerSupplier(ReelayConfig config, TrackerServices services, Semaphore pollPermits,
            Semaphore submitPermits) {
        this.config = config;
        this.services = services;
        this.pollPermits = pollPermits;
        this.submitPermits = submitPermits;
    }

    @Override
    public Processor<String, byte[], Object, Object> get() {
        return new TaskTracker(config, services, pollPermits, submitPermits, leaders);
    }

    /**
     * The stores keep Avro single-object encoding in registry mode too: their changelogs are internal topics only
     * Reelay reads, their schema versions are on the classpath ({@code schema-history/}), and a restore must not wait
     * for, nor fill, a schema registry.
     */
    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.IN_FLIGHT_STORE),
                        Serdes.String(), AvroSerde.of(TrackedTask.class))
                        .withLoggingEnabled(Topics.CHANGELOG_CONFIG),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.FINISHED_STORE),
                        Serdes.String(), AvroSerde.of(FinishedRequest.class))
                        .withLoggingEnabled(Topics.CHANGELOG_CONFIG),
                // Cached: every completion rewrites the same few classes, and the cache writes each class's latest
                // to RocksDB and the changelog once a commit rather than once a sample (reads go through it).
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.DURATIONS_STORE),
                        Serdes.String(), AvroSerde.of(DurationStats.class))
                        .withLoggingEnabled(Topics.CHANGELOG_CONFIG).withCachingEnabled(),
                // Not logged: an index of the in-flight store (each request's key under its stored wake_at), built
                // again from it whenever the stream task starts (TrackerState.fileAll). Logging it cost a third of
                // the records a request writes (a put and a delete each time it is filed again).
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.SCHEDULE_STORE),
                        Serdes.String(), Serdes.String())
                        .withLoggingDisabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.PARKED_STORE),
                        Serdes.String(), AvroSerde.of(ParkedRecord.class))
                        .withLoggingEnabled(Topics.CHANGELOG_CONFIG));
    }
}
