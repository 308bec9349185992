package io.reelay.kafka.avro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.reelay.events.VideoCancelRequested;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoRequested;
import io.reelay.events.VideoTaskEvent;
import io.reelay.state.DurationShare;
import io.reelay.state.DurationStats;
import io.reelay.state.FinishedRequest;
import io.reelay.state.TrackedTask;

/**
 * Every schema change must keep the contract: the current schemas read what every released
 * version wrote (a producer or a state store that has not upgraded), and event readers that have
 * not upgraded read what the current schemas write.
 */
class SchemaCompatibilityTest {

    static Stream<Schema> events() {
        return Stream.of(VideoRequested.SCHEMA$, VideoCancelRequested.SCHEMA$, VideoTaskEvent.SCHEMA$,
                VideoCompleted.SCHEMA$, VideoFailed.SCHEMA$);
    }

    static Stream<Schema> all() {
        return Stream.concat(events(), Stream.of(TrackedTask.SCHEMA$, FinishedRequest.SCHEMA$, DurationStats.SCHEMA$,
                DurationShare.SCHEMA$));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void theCurrentSchemaIsReleasedInTheHistory(Schema current) {
        List<Schema> versions = SchemaHistory.versions(current);
        assertThat(versions).as("schema-history/%s/*.avsc", current.getName()).isNotEmpty();
        assertThat(fingerprint(versions.get(versions.size() - 1)))
                .as("a changed schema needs its new version in schema-history/%s/%d.avsc", current.getName(),
                        versions.size() + 1)
                .isEqualTo(fingerprint(current));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void theCurrentSchemaReadsEveryReleasedVersion(Schema current) {
        for (Schema old : SchemaHistory.versions(current)) {
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, old).getType())
                    .as("%s reads data written with an earlier version", current.getName())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void everyReleasedVersionReadsWhatTheCurrentSchemaWrites(Schema current) {
        for (Schema old : SchemaHistory.versions(current)) {
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(old, current).getType())
                    .as("consumers on an earlier version of %s read the current one", current.getName())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @Test
    void aRequestFromAProducerOnTheFirstSchemaVersionIsStillRead() throws Exception {
        Schema v1 = SchemaHistory.versions(VideoRequested.SCHEMA$).get(0);
        GenericRecord old = new GenericData.Record(v1);
        old.put("request_id", "old-1");
        old.put("model", "veo3.1");
        old.put("prompt", "a cat");

        VideoRequested read = AvroSerde.of(VideoRequested.class).decode(singleObject(old, v1));

        assertThat(read.getRequestId()).isEqualTo("old-1");
        assertThat(read.getModel()).isEqualTo("veo3.1");
        assertThat(read.getReferenceVideos()).isNull();
    }

    private static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** Avro single-object encoding, written by hand for a schema with no generated class. */
    private static byte[] singleObject(GenericRecord record, Schema schema) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0xC3, 0x01});
        long fp = fingerprint(schema);
        for (int i = 0; i < 8; i++) {
            out.write((int) (fp >>> (8 * i)) & 0xff);
        }
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

}
