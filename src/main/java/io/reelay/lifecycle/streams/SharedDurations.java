package io.reelay.lifecycle.streams;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.jboss.logging.Logger;

import io.reelay.kafka.RecordLimits;
import io.reelay.kafka.Topics;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.state.DurationShare;

/**
 * video.durations read whole, on every instance, into the global store reelay-durations-shared (see
 * {@link Durations}). Values are read as bytes and decoded here: a record that does not decode or does not hold
 * together (key not its class and partition, numbers out of range, a class too long) is skipped with a bounded,
 * rate-limited warning and the key keeps what it held; a tombstone removes its key. Nothing a record holds stops the
 * global thread, which would stop the instance.
 */
public final class SharedDurations {

    public static final String SOURCE = "video-durations-source";
    public static final String READER = "video-durations-reader";
    /** Longest duration class shared (and learned): provider, model, clip and resolution fit in far less. */
    static final int MAX_CLASS_CHARS = 300;
    /** Most samples a partition can claim: more than any tracker sees in centuries. */
    static final long MAX_SAMPLES = 1L << 40;
    /** A log above this (about 7,000 years in ms) is no duration. */
    static final double MAX_LOG = 40;
    static final double MAX_LOG_VARIANCE = 100;
    /** Highest partition number accepted: far more than any topic here has. */
    static final int MAX_PARTITION = 100_000;
    static final long LOG_INTERVAL_SECONDS = 10;

    private static final Logger LOG = Logger.getLogger(SharedDurations.class);
    private static final AtomicLong NEXT_LOG = new AtomicLong(Long.MIN_VALUE);
    private static final AtomicLong SKIPPED_SINCE_LOG = new AtomicLong();
    /**
     * Built once: a serde builds a reader per schema version it knows (fingerprints, resolution), which cost more
     * than decoding, and every completion writes a record here that every instance reads.
     */
    private static final Deserializer<DurationShare> DESERIALIZER = AvroSerde.of(DurationShare.class).deserializer();

    private SharedDurations() {
    }

    /** Adds the global store and its reader. */
    static void addTo(Topology topology) {
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Topics.SHARED_DURATIONS_STORE),
                Serdes.String(), AvroSerde.of(DurationShare.class)).withLoggingDisabled(), SOURCE,
                Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.DURATIONS, READER,
                Reader::new);
    }

    /** Whether a class may be learned and shared: a bounded key. */
    static boolean acceptableClass(String durationClass) {
        return durationClass != null && !durationClass.isEmpty() && durationClass.length() <= MAX_CLASS_CHARS;
    }

    /**
     * The record as read, or null with why in {@code skipped} when it cannot be trusted. Every key and every byte
     * array has exactly one of the two outcomes, and decoding never throws.
     */
    public static DurationShare decode(String key, byte[] value, StringBuilder skipped) {
        DurationShare share;
        try {
            share = DESERIALIZER.deserialize(Topics.DURATIONS, value);
        } catch (RuntimeException e) { // NOPMD: any decoding failure is the record's, never the stream's
            skipped.append("undecodable: ").append(RecordLimits.cut(String.valueOf(e.getMessage()), 200));
            return null;
        }
        if (share == null) {
            skipped.append("no value");
            return null;
        }
        String durationClass = share.getDurationClass() == null ? null : share.getDurationClass().toString();
        if (!acceptableClass(durationClass)) {
            skipped.append("no duration class, or one longer than ").append(MAX_CLASS_CHARS).append(" characters");
            return null;
        }
        if (share.getPartition() < 0 || share.getPartition() > MAX_PARTITION) {
            skipped.append("a partition out of range");
            return null;
        }
        if (key == null || !key.equals(Durations.key(durationClass, share.getPartition()))) {
            skipped.append("the key is not the record's class and partition");
            return null;
        }
        if (share.getSamples() < 1 || share.getSamples() > MAX_SAMPLES
                || !(share.getLogMean() >= 0 && share.getLogMean() <= MAX_LOG)
                || !(share.getLogVariance() >= 0 && share.getLogVariance() <= MAX_LOG_VARIANCE)) {
            skipped.append("statistics out of range");
            return null;
        }
        return share;
    }

    /** Keeps the store: the latest record that holds together per key, none after a tombstone. */
    static final class Reader implements Processor<String, byte[], Void, Void> {

        private KeyValueStore<String, DurationShare> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(Topics.SHARED_DURATIONS_STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            try {
                if (record.value() == null) {
                    if (record.key() != null) {
                        store.delete(record.key());
                    }
                    return;
                }
                StringBuilder skipped = new StringBuilder();
                DurationShare share = decode(record.key(), record.value(), skipped);
                if (share == null) {
                    skip(record.key(), skipped.toString());
                    return;
                }
                store.put(record.key(), share);
            } catch (RuntimeException e) { // NOPMD: the global thread must never stop on a record
                skip(record.key(), e.getClass().getSimpleName() + ": " + RecordLimits.cut(String.valueOf(e.getMessage()),
                        200));
            }
        }
    }

    /** At most one line every {@link #LOG_INTERVAL_SECONDS} s, with the count since: a flood must not flood the log. */
    private static void skip(String key, String why) {
        long skipped = SKIPPED_SINCE_LOG.incrementAndGet();
        long now = System.nanoTime();
        long next = NEXT_LOG.get();
        if ((next == Long.MIN_VALUE || now - next >= 0)
                && NEXT_LOG.compareAndSet(next, now + TimeUnit.SECONDS.toNanos(LOG_INTERVAL_SECONDS))) {
            SKIPPED_SINCE_LOG.addAndGet(-skipped);
            LOG.warnf("video.durations record skipped (key %s): %s (%d skipped since the last such line)",
                    RecordLimits.quote(key), why, skipped);
        }
    }
}
