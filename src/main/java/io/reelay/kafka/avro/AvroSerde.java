package io.reelay.kafka.avro;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
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
 * Kafka; it writes the bytes Avro's own {@link BinaryMessageEncoder} writes (its header, Avro's datum writer and
 * encoder). It reads the same format as
 * {@link BinaryMessageDecoder} (header, fingerprint, datum), but through a {@link BoundedDecoder}, which Avro's decoder
 * cannot be given: a length prefix beyond the record's bytes is refused before anything is allocated.
 * The default wire format of every Avro topic, and always that of the state stores; with a schema registry
 * configured, topics use {@link io.reelay.kafka.registry.RegistryAvroSerde} instead
 * (see {@link io.reelay.kafka.EventSerdes}).
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    static {
        AvroLimits.apply();
    }

    /** Marker (2 bytes) and fingerprint (8 bytes, little-endian) before the datum. */
    private static final int HEADER_LENGTH = 10;

    /** Per thread: the output a record is encoded into, reused, and Avro's encoder over it. */
    private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);

    private final Class<T> type;
    /** The marker and the fingerprint of the schema written with, as Avro's {@link BinaryMessageEncoder} writes them. */
    private final byte[] header;
    private final DatumWriter<T> writer;
    /** A reader per writer schema this type can be read from, by the schema's 64-bit parsing fingerprint. */
    private final Map<Long, DatumReader<T>> readers = new HashMap<>();

    private AvroSerde(Class<T> type) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
        this.header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0xC3).put((byte) 0x01)
                .putLong(SchemaNormalization.parsingFingerprint64(schema)).array();
        this.writer = new NullableUnionWriter<>(schema, model);
        for (Schema written : SchemaHistory.versions(schema)) {
            addReader(model, written, schema);
        }
        addReader(model, schema, schema);
    }

    @SuppressWarnings("unchecked")
    private void addReader(SpecificData model, Schema written, Schema read) {
        readers.put(SchemaNormalization.parsingFingerprint64(written),
                (DatumReader<T>) model.createDatumReader(written, read));
    }

    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
        return new AvroSerde<>(type);
    }

    /**
     * Encodes a record; never null for a non-null record. The bytes {@link BinaryMessageEncoder} writes, written by
     * Avro's direct encoder into an unsynchronised buffer kept per thread: the encoder writes value by value, and
     * BinaryMessageEncoder's buffer (a ByteArrayOutputStream) locks for each, then is copied twice.
     */
    public byte[] encode(T record) {
        if (record == null) {
            return null;
        }
        Output out = OUTPUT.get();
        out.reset();
        out.write(header, 0, header.length);
        try {
            out.encoder = EncoderFactory.get().directBinaryEncoder(out, out.encoder);
            writer.write(record, out.encoder);
            return out.toByteArray();
        } catch (IOException e) {
            throw new SerializationException("Cannot encode " + type.getSimpleName(), e);
        }
    }

    /** A growable byte buffer without ByteArrayOutputStream's locks: one thread's, one record at a time. */
    private static final class Output extends OutputStream {
        private static final int KEPT_BYTES = 1 << 20;
        private byte[] bytes = new byte[512];
        private int count;
        private BinaryEncoder encoder;

        void reset() {
            count = 0;
            if (bytes.length > KEPT_BYTES) {
                bytes = new byte[512]; // a rare large record does not stay with the thread
            }
        }

        private void room(int more) {
            if (bytes.length - count < more) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, Math.addExact(count, more)));
            }
        }

        @Override
        public void write(int b) {
            room(1);
            bytes[count++] = (byte) b;
        }

        @Override
        public void write(byte[] from, int off, int len) {
            Objects.checkFromIndexSize(off, len, from.length);
            room(len);
            System.arraycopy(from, off, bytes, count, len);
            count += len;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, count);
        }
    }

    /**
     * Decodes a record.
     *
     * @throws SerializationException when the bytes are not a single-object encoded record of
     *     this type (wrong marker, unknown schema fingerprint, truncated or corrupt datum, a length beyond
     *     the bytes left), with a message of at most {@value BoundedDecoder#MAX_MESSAGE} characters
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
        if (!isSingleObject(bytes)) {
            throw new SerializationException("Not a " + type.getSimpleName() + " record: "
                    + (bytes.length < HEADER_LENGTH ? "only " + bytes.length + " bytes"
                            : String.format("unrecognized header bytes 0x%02X 0x%02X", bytes[0], bytes[1]))
                    + " (Avro single-object encoding starts with 0xC3 0x01 and a schema fingerprint)");
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        DatumReader<T> reader = readers.get(fingerprint);
        if (reader == null) {
            throw new SerializationException("Not a " + type.getSimpleName() + " record: its schema (fingerprint "
                    + fingerprint + ") is not a version of " + type.getSimpleName() + " this Reelay knows");
        }
        // Each call gets a reader state of its own: DatumReaders are safe for concurrent use once built.
        return BoundedDecoder.read(reader, bytes, HEADER_LENGTH, "Not a " + type.getSimpleName() + " record");
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
