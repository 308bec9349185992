package io.reelay.lifecycle.streams;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

import io.reelay.kafka.registry.SchemaLookups;
import io.reelay.state.ParkedRecord;

/**
 * Registry mode: records whose schema id the registry could not give yet wait here, in a store (so a restart keeps
 * them), and are read again once their id is known; a registry outage delays them instead of refusing them. Bounded:
 * past {@link #MAX_PARKED} a record is dead-lettered instead. Stream thread only.
 */
final class Parking {

    private static final Logger LOG = Logger.getLogger(Parking.class);
    static final int MAX_PARKED = 100_000;
    /** Most parked records one tick looks at: a long outage's backlog is read back a slice at a time. */
    static final int MAX_PER_TICK = 1_000;

    /** What to do with a parked record once its schema is known (or known to be missing). */
    interface Reader {
        void read(Record<String, byte[]> record, DeadLetterOutput.Origin origin, long now);
    }

    private final KeyValueStore<String, ParkedRecord> store;
    private final Optional<SchemaLookups> lookups;
    private long parked;

    Parking(KeyValueStore<String, ParkedRecord> store, Optional<SchemaLookups> lookups) {
        this.store = store;
        this.lookups = lookups;
        this.parked = store.approximateNumEntries();
    }

    /** Parks a record; false when there is no registry or no room (the caller dead-letters it). */
    boolean park(Record<String, byte[]> record, DeadLetterOutput.Origin origin, int schemaId, long now) {
        if (lookups.isEmpty() || origin == null || parked >= MAX_PARKED) {
            return false;
        }
        List<String> names = new ArrayList<>();
        List<ByteBuffer> values = new ArrayList<>();
        if (record.headers() != null) {
            for (Header h : record.headers()) {
                names.add(h.key());
                values.add(h.value() == null ? null : ByteBuffer.wrap(h.value()));
            }
        }
        store.put(key(now, origin), ParkedRecord.newBuilder()
                .setTopic(origin.topic())
                .setPartition(origin.partition())
                .setOffset(origin.offset())
                .setKey(record.key())
                .setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setHeaderNames(names)
                .setHeaderValues(values)
                .setTimestamp(record.timestamp())
                .setSchemaId(schemaId)
                .setParkedAt(now)
                .build());
        parked++;
        LOG.infof("A record of %s (offset %d) waits for schema id %d, which the registry has not given yet",
                origin.topic(), origin.offset(), schemaId);
        return true;
    }

    /** Whether any record waits here (each tick looks whether its schema has come). */
    boolean any() {
        return parked > 0 && lookups.isPresent();
    }

    /** Reads again, oldest first, the parked records whose schema id is now known or known to be missing. */
    void retry(long now, Reader reader) {
        if (parked <= 0 || lookups.isEmpty()) {
            return;
        }
        SchemaLookups registry = lookups.get();
        List<String> ready = new ArrayList<>();
        List<ParkedRecord> records = new ArrayList<>();
        int looked = 0;
        try (var all = store.all()) {
            while (all.hasNext() && looked++ < MAX_PER_TICK) {
                var entry = all.next();
                SchemaLookups.Status status = registry.status(entry.value.getSchemaId());
                if (status == SchemaLookups.Status.KNOWN || status == SchemaLookups.Status.MISSING) {
                    ready.add(entry.key);
                    records.add(entry.value);
                } else if (status == SchemaLookups.Status.UNKNOWN) {
                    try {
                        registry.schemaNow(entry.value.getSchemaId()); // forgotten (bounded caches): ask again
                    } catch (RuntimeException lookupStarted) {
                        // expected: the lookup now runs in the background
                    }
                }
            }
        }
        for (int i = 0; i < ready.size(); i++) {
            store.delete(ready.get(i));
            parked--;
            ParkedRecord p = records.get(i);
            RecordHeaders headers = new RecordHeaders();
            for (int h = 0; h < p.getHeaderNames().size(); h++) {
                ByteBuffer v = p.getHeaderValues().get(h);
                headers.add(p.getHeaderNames().get(h), v == null ? null : bytes(v));
            }
            reader.read(new Record<>(p.getKey(), p.getValue() == null ? null : bytes(p.getValue()), p.getTimestamp(),
                    headers), new DeadLetterOutput.Origin(p.getTopic(), p.getPartition(), p.getOffset()), now);
        }
    }

    private static String key(long now, DeadLetterOutput.Origin origin) {
        return String.format("%013d|%s|%d|%d", now, origin.topic(), origin.partition(), origin.offset());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
