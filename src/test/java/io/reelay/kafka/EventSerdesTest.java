package io.reelay.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import io.reelay.config.TestConfig;
import io.reelay.events.FailureReason;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoTaskEvent;
import io.reelay.events.VideoTaskEventType;
import io.reelay.kafka.registry.RegistryAvroSerde;
import io.reelay.kafka.registry.SchemaRegistryClient;
import io.reelay.testing.registry.FakeSchemaRegistry;

/** The wire format of the Avro topics in each mode. */
class EventSerdesTest {

    private static final VideoFailed FAILURE = VideoFailed.newBuilder().setRequestId("r-1")
            .setReason(FailureReason.timeout).setMessage("too slow").setRetryable(true)
            .setFailedAt(Instant.parse("2026-11-22T10:00:00Z")).build();

    @Test
    void byDefaultValuesAreWrittenInSingleObjectEncodingExactlyAsBefore() throws Exception {
        byte[] bytes = EventSerdes.singleObject().of(VideoFailed.class).serializer().serialize(Topics.FAILED, FAILURE);

        assertThat(bytes).isEqualTo(FAILURE.toByteBuffer().array());
        assertThat(VideoFailed.fromByteBuffer(ByteBuffer.wrap(bytes))).isEqualTo(FAILURE);
    }

    @Test
    void withoutARegistryARecordInTheRegistrysFormatIsRefusedSayingWhichSettingReadsIt() {
        try (FakeSchemaRegistry registry = FakeSchemaRegistry.start()) {
            byte[] registryFormat = RegistryAvroSerde.of(VideoFailed.class,
                    new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5),
                            TestConfig.defaults().serialization().lookups())).encode(Topics.FAILED, FAILURE);

            assertThatThrownBy(() -> EventSerdes.singleObject().of(VideoFailed.class).deserializer()
                    .deserialize(Topics.FAILED, registryFormat))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("schema id 1")
                    .hasMessageContaining("reelay.serialization.registry-url");
        }
    }

    @Test
    void inRegistryModeReelaysOutputSchemasAreRegisteredUnderTheirTopicsSubjects() {
        try (FakeSchemaRegistry registry = FakeSchemaRegistry.start()) {
            EventSerdes serdes = EventSerdes.registry(new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5),
                TestConfig.defaults().serialization().lookups()));

            serdes.registerSchemas(Topics.AVRO_OUTPUTS);

            assertThat(registry.subjects()).containsExactlyInAnyOrder("video.tasks-value", "video.completed-value",
                    "video.failed-value");
            byte[] bytes = serdes.of(VideoTaskEvent.class).serializer().serialize(Topics.TASKS, VideoTaskEvent
                    .newBuilder().setRequestId("r-1").setType(VideoTaskEventType.submitting)
                    .setOccurredAt(Instant.EPOCH).setProvider("tokenlab").setModel("veo3.1").build());
            assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(registry.versions("video.tasks-value").get(0));
            assertThat(registry.registrations()).as("nothing registered twice").isEqualTo(3);
        }
    }
}
