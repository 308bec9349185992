package io.reelay.messaging;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for generated Avro classes in Avro's single-object encoding (a 2-byte marker, the
 * schema's 64-bit fingerprint, then the binary datum). Needs no schema registry, and a record
 * written with an unknown schema is refused rather than misread.
 *
 * <p>Records written with an earlier version of a schema (an older producer, or state written before
 * an upgrade) are read through the versions kept in {@link SchemaHistory}.
 *
 * <p>Written by hand because no library on Maven Central offers a registry-less Avro serde for
 * Kafka; it is a thin wrapper over Avro's own {@link BinaryMessageEncoder}/{@link BinaryMessageDecoder}.
 * The default wire format of every Avro topic, and always that of the state stores; with a schema registry
 * configured, topics use {@link io.reelay.messaging.registry.RegistryAvroSerde} instead (see {@link EventSerdes}).
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroSerde(Class<T> type) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
        SchemaHistory.versions(schema).forEach(decoder::addSchema);
    }

    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
        return new AvroSerde<>(type);
    }

    /** Encodes a record; never null for a non-null record. */
    public byte[] encode(T record) {
        if (record == null) {
            return null;
        }
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new SerializationException("Cannot encode " + type.getSimpleName(), e);
        }
    }

    /**
     * Decodes a record.
     *
     * @throws SerializationException when the bytes are not a single-object encoded record of
     *     this type (wrong marker, unknown schema fingerprint, truncated or corrupt datum)
     */
    public T decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length >= 5 && bytes[0] == 0) {
            throw new SerializationException("Not a " + type.getSimpleName() + " record in single-object encoding:"
                    + " it is in a schema registry's wire format (schema id "
                    + ByteBuffer.wrap(bytes, 1, 4).getInt()
                    + "), which Reelay reads when reelay.serialization.registry-url is set");
        }
        try {
            return decoder.decode(bytes);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Not a " + type.getSimpleName() + " record: " + e.getMessage(), e);
        }
    }

    /** True if the bytes start with the single-object encoding's marker ({@code C3 01}). */
    public static boolean isSingleObject(byte[] bytes) {
        return bytes != null && bytes.length >= 10 && bytes[0] == (byte) 0xC3 && bytes[1] == 0x01;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, data) -> encode(data);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, data) -> decode(data);
    }
}
