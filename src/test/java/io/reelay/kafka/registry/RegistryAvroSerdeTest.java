package io.reelay.kafka.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.reelay.config.TestConfig;
import io.reelay.events.FailureReason;
import io.reelay.events.UpstreamErrorDetail;
import io.reelay.events.ValidationError;
import io.reelay.events.VideoAsset;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoRequested;
import io.reelay.kafka.EventSerdes;
import io.reelay.kafka.avro.PublishedSchemas;
import io.reelay.kafka.avro.SchemaHistory;
import io.reelay.kafka.Topics;
import io.reelay.testing.registry.FakeSchemaRegistry;

/** Registry mode's wire format, against a schema registry's Confluent-compatible API over HTTP. */
class RegistryAvroSerdeTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private final FakeSchemaRegistry registry = FakeSchemaRegistry.start();

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void writesAZeroByteTheIdTheRegistryGaveTheTopicsSubjectAndThePlainAvroDatum() throws Exception {
        registry.register("some.other.topic-value", VideoRequested.SCHEMA$); // so ids are not all 1
        VideoCompleted completion = completion("r-1");
        RegistryAvroSerde<VideoCompleted> serde = serde(VideoCompleted.class);

        byte[] bytes = serde.encode(Topics.COMPLETED, completion);

        assertThat(bytes[0]).isZero();
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertThat(registry.versions("video.completed-value")).containsExactly(id);
        assertThat(registry.schema(id)).isEqualTo(PublishedSchemas.of(VideoCompleted.class));
        assertThat(registry.schema(id).toString()).as("no Java-only properties").doesNotContain("avro.java");
        // After the 5-byte header, nothing but the Avro binary datum: any Avro library reads it.
        VideoCompleted plain = new SpecificDatumReader<VideoCompleted>(VideoCompleted.SCHEMA$, VideoCompleted.SCHEMA$,
                SpecificData.getForClass(VideoCompleted.class))
                .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
        assertThat(plain).isEqualTo(completion);
        assertThat(serde.decode(Topics.COMPLETED, bytes)).isEqualTo(completion);
    }

    @Test
    void aConsumerOnTheFirstSchemaVersionReadsWhatTheCurrentVersionWrites() {
        VideoFailed failure = VideoFailed.newBuilder()
                .setRequestId("r-2").setReason(FailureReason.invalid_request).setMessage("duration: out of range")
                .setRetryable(false).setFailedAt(T0)
                .setUpstreamError(UpstreamErrorDetail.newBuilder().setHttpStatus(429).setRetryAfterSeconds(30L).build())
                .setValidationErrors(List.of(ValidationError.newBuilder().setField("duration").setCode("out_of_range")
                        .setMessage("2-15").build()))
                .build();
        byte[] bytes = serde(VideoFailed.class).encode(Topics.FAILED, failure);

        // Another application, with its own client and the first released version of the schema.
        Schema v1 = SchemaHistory.versions(VideoFailed.SCHEMA$).get(0);
        assertThat(v1.getField("validation_errors")).as("a field v1 does not have").isNull();
        SchemaRegistryClient consumersClient = new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5),
                TestConfig.defaults().serialization().lookups());
        RegistryAvroSerde<GenericRecord> consumer = RegistryAvroSerde.generic(v1, consumersClient);

        GenericRecord read = decodeOnceKnown(consumersClient, () -> consumer.decode(Topics.FAILED, bytes));
        consumer.decode(Topics.FAILED, bytes);

        assertThat(read.getSchema()).isEqualTo(v1);
        assertThat(read.get("request_id")).hasToString("r-2");
        assertThat(read.get("reason")).hasToString("invalid_request");
        assertThat(read.get("message")).hasToString("duration: out of range");
        assertThat(((GenericRecord) read.get("upstream_error")).get("http_status")).isEqualTo(429);
        assertThat(registry.lookups()).as("the writer's schema fetched once, by id").isEqualTo(1);
    }

    @Test
    void aRequestFromAProducerOnTheFirstSchemaVersionIsReadIntoTheCurrentClass() {
        Schema v1 = SchemaHistory.versions(VideoRequested.SCHEMA$).get(0);
        GenericRecord old = new GenericData.Record(v1);
        old.put("request_id", "old-1");
        old.put("model", "veo3.1");
        old.put("prompt", "a cat");
        byte[] bytes = RegistryAvroSerde.generic(v1, new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5),
                TestConfig.defaults().serialization().lookups()))
                .encode(Topics.REQUESTS, old);

        SchemaRegistryClient client = client();
        RegistryAvroSerde<VideoRequested> serde = RegistryAvroSerde.of(VideoRequested.class, client);
        VideoRequested read = decodeOnceKnown(client, () -> serde.decode(Topics.REQUESTS, bytes));

        assertThat(read.getRequestId()).isEqualTo("old-1");
        assertThat(read.getModel()).isEqualTo("veo3.1");
        assertThat(read.getPrompt()).isEqualTo("a cat");
        assertThat(read.getReferenceVideos()).as("a field added after v1 takes its default").isNull();
    }

    @Test
    void theSchemaIsRegisteredOnceAndReelaysOwnRecordsAreReadWithoutALookup() {
        RegistryAvroSerde<VideoCompleted> serde = serde(VideoCompleted.class);
        for (int i = 0; i < 20; i++) {
            byte[] bytes = serde.encode(Topics.COMPLETED, completion("r-" + i));
            assertThat(serde.decode(Topics.COMPLETED, bytes).getRequestId()).isEqualTo("r-" + i);
        }
        assertThat(registry.registrations()).isEqualTo(1);
        assertThat(registry.lookups()).isZero();
    }

    @Test
    void recordsInSingleObjectEncodingAreStillRead() throws Exception {
        VideoCompleted completion = completion("before-the-switch");
        byte[] written = completion.toByteBuffer().array();

        assertThat(serde(VideoCompleted.class).decode(Topics.COMPLETED, written)).isEqualTo(completion);
        assertThat(registry.lookups()).isZero();
    }

    @Test
    void anIdTheRegistryDoesNotKnowIsFirstNotYetKnownThenPermanentlyMissingNamingTheId() {
        byte[] unknownId = {0, 0, 0, 0, 99, 2, 'x'};
        SchemaRegistryClient client = client();
        RegistryAvroSerde<VideoCompleted> serde = RegistryAvroSerde.of(VideoCompleted.class, client);

        assertThatThrownBy(() -> serde.decode(Topics.COMPLETED, unknownId))
                .isInstanceOfSatisfying(SchemaNotYetAvailableException.class, e -> {
                    assertThat(e.isPermanent()).as("looked up in the background").isFalse();
                    assertThat(e.schemaId()).isEqualTo(99);
                });
        await().atMost(Duration.ofSeconds(5))
                .until(() -> client.lookups().status(99) == SchemaLookups.Status.MISSING);

        assertThatThrownBy(() -> serde.decode(Topics.COMPLETED, unknownId))
                .isInstanceOfSatisfying(SchemaNotYetAvailableException.class,
                        e -> assertThat(e.isPermanent()).isTrue())
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Schema id 99").hasMessageContaining("40403");
    }

    @Test
    void bytesInNeitherFormatAreAnUnreadableRecord() {
        assertThatThrownBy(() -> serde(VideoCompleted.class).decode(Topics.COMPLETED, "{\"x\":1}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("neither the schema registry's wire format");
    }

    @Test
    void aRegistryOutageDelaysARecordWithANewSchemaIdAndItIsReadOnceTheRegistryIsBack() {
        Schema v1 = SchemaHistory.versions(VideoRequested.SCHEMA$).get(0);
        GenericRecord old = new GenericData.Record(v1);
        old.put("request_id", "r-3");
        old.put("model", "veo3.1");
        old.put("prompt", "a cat");
        byte[] bytes = RegistryAvroSerde.generic(v1, new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5),
                TestConfig.defaults().serialization().lookups()))
                .encode(Topics.REQUESTS, old);
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url(), Duration.ofMillis(500),
                TestConfig.defaults()
                        .set(c -> c.serialization().lookups().maxPending(), 16)
                        .set(c -> c.serialization().lookups().firstBackoff(), Duration.ofMillis(20))
                        .set(c -> c.serialization().lookups().maxBackoff(), Duration.ofMillis(100))
                        .set(c -> c.serialization().lookups().maxMissing(), 100)
                        .set(c -> c.serialization().lookups().maxId(), 1000)
                        .serialization().lookups());
        List<Integer> resolved = new java.util.concurrent.CopyOnWriteArrayList<>();
        client.lookups().onResolved(resolved::add);
        RegistryAvroSerde<VideoRequested> reader = RegistryAvroSerde.of(VideoRequested.class, client);
        registry.down(true);

        assertThatThrownBy(() -> reader.decode(Topics.REQUESTS, bytes))
                .isInstanceOfSatisfying(SchemaNotYetAvailableException.class,
                        e -> assertThat(e.isPermanent()).as("the record is fine: try later").isFalse());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThatThrownBy(
                () -> reader.decode(Topics.REQUESTS, bytes)).hasMessageContaining("HTTP 503"));
        assertThat(client.lookups().status(id)).isEqualTo(SchemaLookups.Status.PENDING);

        registry.down(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> client.lookups().isKnown(id));
        assertThat(resolved).as("whoever parked the record is told").containsExactly(id);
        assertThat(reader.decode(Topics.REQUESTS, bytes).getRequestId()).isEqualTo("r-3");
    }

    @Test
    void aSchemaTheRegistryRefusesAsIncompatibleStopsTheStartWithTheRegistrysReason() {
        Schema earlier = SchemaBuilder.record("VideoFailed").namespace("io.reelay.events").fields()
                .requiredString("request_id").requiredInt("message").endRecord();
        registry.register("video.failed-value", earlier);
        EventSerdes serdes = EventSerdes.registry(new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5),
                TestConfig.defaults().serialization().lookups()));

        assertThatThrownBy(() -> serdes.registerSchemas(Topics.AVRO_OUTPUTS))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("video.failed-value")
                .hasMessageContaining("incompatible with an earlier schema");
    }

    private <T extends org.apache.avro.specific.SpecificRecord> RegistryAvroSerde<T> serde(Class<T> type) {
        return RegistryAvroSerde.of(type, client());
    }

    private SchemaRegistryClient client() {
        return new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5),
                TestConfig.defaults().serialization().lookups());
    }

    /** Decodes as a record parked on an unknown schema id would be: again, once the lookup has found the schema. */
    private static <T> T decodeOnceKnown(SchemaRegistryClient client, java.util.function.Supplier<T> decode) {
        try {
            return decode.get();
        } catch (SchemaNotYetAvailableException e) {
            assertThat(e.isPermanent()).as(e.getMessage()).isFalse();
            await().atMost(Duration.ofSeconds(5)).until(() -> client.lookups().isKnown(e.schemaId()));
            return decode.get();
        }
    }

    private static VideoCompleted completion(String id) {
        return VideoCompleted.newBuilder()
                .setRequestId(id).setUpstreamTaskId("task-" + id).setProvider("tokenlab").setModel("veo3.1")
                .setVideos(List.of(VideoAsset.newBuilder().setUrl("https://cdn.example/" + id + ".mp4").build()))
                .setCompletedAt(T0).setMetadata(Map.of("customer", "c-42"))
                .build();
    }
}
