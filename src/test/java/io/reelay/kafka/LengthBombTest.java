package io.reelay.kafka;

import static io.reelay.kafka.HostileAvro.decodeSafely;
import static io.reelay.kafka.HostileAvro.decoder;
import static io.reelay.kafka.HostileAvro.encode;
import static io.reelay.kafka.HostileAvro.headerLength;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import io.reelay.events.VideoRequested;
import io.reelay.kafka.HostileAvro.Format;
import io.reelay.kafka.HostileAvro.Type;

/** A valid prefix, then a length or count of 2^31-1: refused at once, nothing allocated for it. */
class LengthBombTest {

    private static final long BOMB = Integer.MAX_VALUE;

    @ParameterizedTest
    @EnumSource(Format.class)
    void aStringLengthOf2To31IsRefusedFastInEveryTypeReelayReads(Format format) {
        for (Type type : Type.values()) {
            byte[] valid = encode(format, type, type.sample.apply("x"));
            // request_id, the first field of each type: a string right after the header.
            byte[] bomb = HostileAvro.bomb(valid, headerLength(format), BOMB, new byte[] {'r', '-', 'x'});
            assertThat(decodeSafely(decoder(format, type), valid)).as("warm-up: classes loaded").isNotNull();

            long start = System.nanoTime();
            assertThat(decodeSafely(decoder(format, type), bomb)).as(type.name()).isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(type.name()).isLessThan(Duration.ofMillis(200));
            assertThatThrownBy(() -> decoder(format, type).apply(bomb)).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("string length 2147483647 is beyond the 3 bytes left");
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aMapCountOf2To31IsRefusedFast(Format format) {
        VideoRequested request = VideoRequested.newBuilder(HostileAvro.request("x")).setMetadata(Map.of())
                .setRequestedAt(null).build();
        byte[] valid = encode(format, Type.REQUEST, request);
        // The datum ends with metadata (union branch 1, an empty map: count 0) and then every later field, all null
        // (union branch 0: one zero byte each).
        int laterFields = VideoRequested.SCHEMA$.getFields().size() - 1 - VideoRequested.SCHEMA$.getField("metadata").pos();
        byte[] expectedEnd = new byte[laterFields + 2];
        expectedEnd[0] = 2;
        assertThat(Arrays.copyOfRange(valid, valid.length - expectedEnd.length, valid.length)).containsExactly(expectedEnd);
        int countAt = valid.length - laterFields - 1;
        byte[] entryThenEnd = new byte[5 + laterFields];
        System.arraycopy(new byte[] {2, 'k', 2, 'v', 0}, 0, entryThenEnd, 0, 5);
        byte[] bomb = HostileAvro.bomb(valid, countAt, BOMB, entryThenEnd);
        assertThat(decodeSafely(decoder(format, Type.REQUEST), valid)).as("warm-up: classes loaded").isNotNull();

        long start = System.nanoTime();
        assertThat(decodeSafely(decoder(format, Type.REQUEST), bomb)).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
        // Avro's own check sees this one first (above any Java array); one within Avro's limits is refused by ours.
        byte[] withinAvrosLimit = HostileAvro.bomb(valid, countAt, 50_000, entryThenEnd);
        assertThat(decodeSafely(decoder(format, Type.REQUEST), withinAvrosLimit)).isNull();
        assertThatThrownBy(() -> decoder(format, Type.REQUEST).apply(withinAvrosLimit))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("map of 50000 items is beyond the " + entryThenEnd.length + " bytes left");
    }

    @Test
    void theBombIsRealAvrosOwnDecoderAllocatesWhatTheLengthDeclaresBeforeReading() throws Exception {
        byte[] valid = encode(Format.SINGLE_OBJECT, Type.REQUEST, HostileAvro.request("x"));
        long declared = 12L * 1024 * 1024; // within Avro's own limit (AvroLimits)
        byte[] bomb = HostileAvro.bomb(valid, 10, declared, new byte[] {'r'});
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
                .getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        assertThatThrownBy(() -> new SpecificDatumReader<>(VideoRequested.class)
                .read(null, DecoderFactory.get().binaryDecoder(bomb, 10, bomb.length - 10, null)))
                .isInstanceOf(java.io.EOFException.class);

        assertThat(threads.getCurrentThreadAllocatedBytes() - before).as("what Reelay's decoder must not do")
                .isGreaterThanOrEqualTo(declared);
        assertThat(decodeSafely(decoder(Format.SINGLE_OBJECT, Type.REQUEST), bomb)).isNull();
    }
}
