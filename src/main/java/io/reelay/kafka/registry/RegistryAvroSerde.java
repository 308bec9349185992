package io.reelay.kafka.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import io.reelay.kafka.avro.AvroLimits;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.kafka.avro.BoundedDecoder;
import io.reelay.kafka.avro.PublishedSchemas;

/**
 * Kafka serde for Avro records in the Confluent wire format, which every schema-registry-aware tool reads: a zero
 * byte, the writer schema's registry id (4 bytes, big-endian), then the Avro binary datum.
 *
 * <p>Writing registers the schema under the subject {@code <topic>-value} (TopicNameStrategy), or finds it there,
 * once per topic. Reading fetches the writer's schema by id, once per id, and resolves it to this serde's schema, so
 * records written with an earlier or a later version of the schema are read (fields this version does not know are
 * skipped, fields the writer did not have take their defaults).
 *
 * <p>Records in Avro single-object encoding (what Reelay writes without a registry) are still read, so that a
 * deployment can switch to a registry with records of both kinds in its topics.
 *
 * <p>Decoding never waits for the registry: a schema id this instance has not seen is looked up in the background
 * ({@link SchemaLookups}) and the record is refused for now with a {@link SchemaNotYetAvailableException}. The
 * datum is read through a {@link BoundedDecoder}: no length or count beyond the record's bytes is allocated.
 */
public final class RegistryAvroSerde<T> implements Serde<T> {

    static {
        AvroLimits.apply();
    }

    /** The first byte of every record in the Confluent wire format. */
    public static final byte MAGIC_BYTE = 0;
    /** Magic byte and schema id. */
    public static final int HEADER_LENGTH = 5;

    private final SchemaRegistryClient registry;
    /** What this serde writes, and registers. */
    private final Schema writes;
    /** What this serde reads any compatible writer's schema as. */
    private final Schema reads;
    private final GenericData model;
    private final String typeName;
    private final Function<byte[], T> singleObject;
    private final DatumWriter<T> writer;
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
    /** The id of {@link #writes} under each topic's subject, once known (no registry call, no schema text per record). */
    private final Map<String, Integer> ids = new ConcurrentHashMap<>();

    private RegistryAvroSerde(SchemaRegistryClient registry, Schema writes, Schema reads, GenericData model,
            Function<byte[], T> singleObject) {
        this.registry = registry;
        this.writes = writes;
        this.reads = reads;
        this.model = model;
        this.typeName = reads.getName();
        this.singleObject = singleObject;
        @SuppressWarnings("unchecked")
        DatumWriter<T> datumWriter = (DatumWriter<T>) model.createDatumWriter(writes);
        this.writer = datumWriter;
    }

    /**
     * A serde for a class generated from {@code schemas/}: writes (and registers) its schema as {@code schemas/}
     * has it, reads any compatible version into the class.
     */
    public static <T extends SpecificRecord> RegistryAvroSerde<T> of(Class<T> type, SchemaRegistryClient registry) {
        // The class's own model carries its logical-type conversions (timestamp-millis as Instant).
        SpecificData model = SpecificData.getForClass(type);
        AvroSerde<T> singleObject = AvroSerde.of(type);
        return new RegistryAvroSerde<>(registry, PublishedSchemas.of(type), model.getSchema(type), model,
                singleObject::decode);
    }

    /**
     * A serde for generic records of the given schema, for readers without generated classes: records written with
     * any compatible version are read as this schema sees them.
     */
    public static RegistryAvroSerde<GenericRecord> generic(Schema schema, SchemaRegistryClient registry) {
        return new RegistryAvroSerde<>(registry, schema, schema, GenericData.get(), null);
    }

    /** The registry subject of a topic's values (TopicNameStrategy). */
    public static String subject(String topic) {
        return topic + "-value";
    }

    /** Encodes a record for the topic, registering the schema under the topic's subject the first time. */
    public byte[] encode(String topic, T record) {
        if (record == null) {
            return null;
        }
        Integer id = ids.get(topic);
        if (id == null) {
            id = registry.register(subject(topic), writes);
            ids.put(topic, id);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(MAGIC_BYTE);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot encode " + typeName + " for " + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * Decodes a record in the Confluent wire format (or in single-object encoding); never waits for the registry.
     *
     * @throws SchemaNotYetAvailableException when the writer's schema is not cached: it is being looked up (read the
     *     record again later), or the registry said it does not exist ({@link SchemaNotYetAvailableException#isPermanent()})
     * @throws SerializationException when the bytes are neither format, the datum is malformed, or the writer's
     *     schema cannot be read as this one; every message at most {@value BoundedDecoder#MAX_MESSAGE} characters
     */
    public T decode(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length >= HEADER_LENGTH && bytes[0] == MAGIC_BYTE) {
            int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
            DatumReader<T> reader = readers.get(id);
            if (reader == null) {
                reader = readers.computeIfAbsent(id, known -> readerFor(known, registry.lookups().schemaNow(known)));
            }
            return BoundedDecoder.read(reader, bytes, HEADER_LENGTH, "Not a " + typeName + " record (schema id "
                    + id + ")");
        }
        if (singleObject != null && AvroSerde.isSingleObject(bytes)) {
            return singleObject.apply(bytes);
        }
        throw new SerializationException("Not a " + typeName + " record: neither the schema registry's wire format"
                + " (a zero byte and a schema id) nor Avro single-object encoding");
    }

    private DatumReader<T> readerFor(int id, Schema written) {
        try {
            @SuppressWarnings("unchecked")
            DatumReader<T> reader = (DatumReader<T>) model.createDatumReader(written, reads);
            return reader;
        } catch (RuntimeException e) {
            throw BoundedDecoder.failure("Schema id " + id + " (" + written.getFullName() + ") cannot be read as "
                    + reads.getFullName(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, data) -> encode(topic, data);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, data) -> decode(topic, data);
    }
}
