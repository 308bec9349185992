package io.reelay.kafka;

import static io.reelay.kafka.HostileAvro.decodeSafely;
import static io.reelay.kafka.HostileAvro.decoder;
import static io.reelay.kafka.HostileAvro.encode;
import static io.reelay.kafka.HostileAvro.headerLength;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;

import io.reelay.kafka.HostileAvro.Format;
import io.reelay.kafka.HostileAvro.Type;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Hostile bytes on every Avro input path (each record type Reelay reads, in both wire formats): decoding ends in a
 * record or a {@link org.apache.kafka.common.errors.SerializationException} with a short message, never another
 * exception or an Error, and never allocates more than a few MB (measured per decode on the calling thread).
 */
class HostileAvroPropertiesTest {

    @Property(tries = 2000)
    void randomBytesAreRefusedOrRead(@ForAll Format format, @ForAll Type type,
            @ForAll @Size(max = 600) byte[] bytes) {
        decodeSafely(decoder(format, type), bytes);
    }

    @Property(tries = 2000)
    void randomDataAfterAValidHeaderIsRefusedOrRead(@ForAll Format format, @ForAll Type type,
            @ForAll @Size(max = 600) byte[] datum) {
        byte[] valid = encode(format, type, type.sample.apply("x"));
        byte[] bytes = Arrays.copyOf(valid, headerLength(format) + datum.length);
        System.arraycopy(datum, 0, bytes, headerLength(format), datum.length);

        decodeSafely(decoder(format, type), bytes);
    }

    @Property(tries = 2000)
    void aTruncatedRecordIsRefused(@ForAll Format format, @ForAll Type type, @ForAll("text") String text,
            @ForAll @IntRange(min = 0, max = 100_000) int cutSeed) {
        byte[] valid = encode(format, type, type.sample.apply(text));
        byte[] truncated = Arrays.copyOf(valid, cutSeed % valid.length);

        assertThat(decodeSafely(decoder(format, type), truncated)).as("a truncated record is not read").isNull();
    }

    @Property(tries = 2000)
    void aBitFlippedRecordIsRefusedOrRead(@ForAll Format format, @ForAll Type type, @ForAll("text") String text,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 1_000_000) Integer> flips) {
        byte[] bytes = encode(format, type, type.sample.apply(text));
        for (int flip : flips) {
            int bit = flip % (bytes.length * 8);
            bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        }

        decodeSafely(decoder(format, type), bytes);
    }

    @Property(tries = 3000)
    void aHugeLengthOrCountAnywhereInTheDatumIsRefusedBeforeItIsAllocated(@ForAll Format format,
            @ForAll Type type, @ForAll("text") String text, @ForAll @IntRange(min = 0, max = 100_000) int cutSeed,
            @ForAll("huge") long declared, @ForAll @Size(max = 64) byte[] tail) {
        byte[] valid = encode(format, type, type.sample.apply(text));
        int header = headerLength(format);
        int cut = header + cutSeed % (valid.length - header);

        decodeSafely(decoder(format, type), HostileAvro.bomb(valid, cut, declared, tail));
    }

    @Property(tries = 200)
    void wellFormedRecordsAreStillRead(@ForAll Format format, @ForAll Type type, @ForAll("text") String text) {
        SpecificRecord record = type.sample.apply(text);

        assertThat(decodeSafely(decoder(format, type), encode(format, type, record))).isEqualTo(record);
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.strings().ofMaxLength(40);
    }

    @Provide
    Arbitrary<Long> huge() {
        return Arbitraries.oneOf(Arbitraries.of((long) Integer.MAX_VALUE, Integer.MAX_VALUE - 8L, 1L << 30,
                Long.MAX_VALUE, Long.MIN_VALUE, -1L, 1L << 40),
                Arbitraries.longs().between(1_000, Long.MAX_VALUE));
    }
}
