package io.reelay.tracking.streams;

import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import io.reelay.events.VideoTaskEvent;
import io.reelay.messaging.AvroSerde;
import io.reelay.messaging.Topics;
import io.reelay.state.FinishedRequest;
import io.reelay.state.TrackedTask;
import io.reelay.tracking.config.TrackerSettings;
import io.reelay.tracking.metrics.TrackerMetrics;
import io.reelay.upstream.VideoProvider;

/** Creates one {@link TaskTracker} per stream task, and declares the stores they use. */
final class TaskTrackerSupplier implements ProcessorSupplier<String, VideoTaskEvent, String, SpecificRecord> {

    private final TrackerSettings settings;
    private final Function<String, VideoProvider> providers;
    private final Semaphore pollPermits;
    private final TrackerMetrics metrics;

    TaskTrackerSupplier(TrackerSettings settings, Function<String, VideoProvider> providers, Semaphore pollPermits,
            TrackerMetrics metrics) {
        this.settings = settings;
        this.providers = providers;
        this.pollPermits = pollPermits;
        this.metrics = metrics;
    }

    @Override
    public Processor<String, VideoTaskEvent, String, SpecificRecord> get() {
        return new TaskTracker(settings, providers, pollPermits, metrics);
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.IN_FLIGHT_STORE),
                        Serdes.String(), AvroSerde.of(TrackedTask.class)),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.FINISHED_STORE),
                        Serdes.String(), AvroSerde.of(FinishedRequest.class)));
    }
}
