package io.reelay.testing.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding, the wire format of every Reelay topic: the same bytes as the generated
 * {@code toByteBuffer()} / {@code fromByteBuffer(ByteBuffer)}, for any generated class.
 */
public final class SingleObjectAvro {

    private SingleObjectAvro() {
    }

    public static byte[] encode(SpecificRecord record) {
        // The class's own model carries its logical-type conversions (timestamp-millis as Instant).
        SpecificData model = SpecificData.getForClass(record.getClass());
        try {
            ByteBuffer buffer = new BinaryMessageEncoder<SpecificRecord>(model, record.getSchema()).encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not encode " + record.getSchema().getFullName(), e);
        }
    }

    public static <T extends SpecificRecord> T decode(byte[] bytes, Class<T> type) {
        SpecificData model = SpecificData.getForClass(type);
        try {
            return new BinaryMessageDecoder<T>(model, model.getSchema(type)).decode(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Not a single-object encoded " + type.getSimpleName(), e);
        }
    }
}
