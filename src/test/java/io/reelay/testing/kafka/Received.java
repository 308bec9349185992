package io.reelay.testing.kafka;

import java.util.Map;

import org.apache.avro.specific.SpecificRecord;

/**
 * One record read by {@link TopicClient}.
 *
 * @param headers header values as UTF-8 strings; the last one wins when a name repeats
 */
public record Received(String topic, int partition, long offset, String key, byte[] value,
        Map<String, String> headers) {

    /** The value decoded as Avro single-object encoding. */
    public <T extends SpecificRecord> T value(Class<T> type) {
        return SingleObjectAvro.decode(value, type);
    }

    public String header(String name) {
        return headers.get(name);
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset + " key=" + key + " headers=" + headers;
    }
}
