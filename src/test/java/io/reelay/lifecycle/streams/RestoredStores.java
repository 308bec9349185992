package io.reelay.lifecycle.streams;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;

import io.reelay.kafka.Topics;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.state.DurationShare;
import io.reelay.state.DurationStats;
import io.reelay.state.FinishedRequest;
import io.reelay.state.ParkedRecord;
import io.reelay.state.TrackedTask;

/** A processor context with the tracker's stores, empty, for a test to fill as a restore would leave them. */
final class RestoredStores {

    private RestoredStores() {
    }

    static MockProcessorContext<Object, Object> context(long now) {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(now);
        store(context, Topics.IN_FLIGHT_STORE, AvroSerde.of(TrackedTask.class));
        store(context, Topics.FINISHED_STORE, AvroSerde.of(FinishedRequest.class));
        store(context, Topics.DURATIONS_STORE, AvroSerde.of(DurationStats.class));
        store(context, Topics.SHARED_DURATIONS_STORE, AvroSerde.of(DurationShare.class));
        store(context, Topics.SCHEDULE_STORE, Serdes.String());
        store(context, Topics.PARKED_STORE, AvroSerde.of(ParkedRecord.class));
        return context;
    }

    private static <V> void store(MockProcessorContext<Object, Object> context, String name, Serde<V> values) {
        var store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }
}
