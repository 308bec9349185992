package io.reelay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.reelay.config.TestConfig;
import io.reelay.testing.registry.RegistryReaders;
import io.reelay.events.FailureReason;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoRequested;
import io.reelay.events.VideoTaskEvent;
import io.reelay.events.VideoTaskEventType;
import io.reelay.kafka.Topics;
import io.reelay.kafka.registry.RegistryAvroSerde;
import io.reelay.kafka.registry.SchemaRegistryClient;
import io.reelay.testing.broker.KafkaBrokerResource;
import io.reelay.testing.kafka.Received;
import io.reelay.testing.kafka.TopicClient;
import io.reelay.testing.registry.FakeSchemaRegistry;
import io.reelay.testing.registry.FakeSchemaRegistryResource;

/**
 * The service in registry mode ({@code reelay.serialization.registry-url} set) on a real broker, with the simulator
 * over real HTTP: producers and consumers that speak the schema registry's wire format use Reelay as they would any
 * registry-aware service, and every record Reelay writes names its schema by the id the registry gave it.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(FakeSchemaRegistryResource.class)
class RegistryModePipelineIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static TopicClient kafka;
    private static SchemaRegistryClient clients;

    @BeforeAll
    static void connect() {
        kafka = new TopicClient(KafkaBrokerResource.bootstrapServers());
        // Producers' and consumers' own registry client: they know no ids but those the registry tells them.
        clients = new SchemaRegistryClient(FakeSchemaRegistryResource.registry().url(), Duration.ofSeconds(5),
                TestConfig.defaults().serialization().lookups());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void reelaysOutputSchemasAreRegisteredUnderTheirTopicsSubjectsAtStartUp() {
        assertThat(FakeSchemaRegistryResource.registry().subjects())
                .contains("video.tasks-value", "video.completed-value", "video.failed-value");
    }

    @Test
    void requestsWrittenThroughTheRegistryEndInEventsInTheRegistrysWireFormat() {
        FakeSchemaRegistry registry = FakeSchemaRegistryResource.registry();
        String run = "reg-" + UUID.randomUUID().toString().substring(0, 8);
        RegistryAvroSerde<VideoRequested> producer = RegistryAvroSerde.of(VideoRequested.class, clients);
        VideoRequested ok = request(run + "-ok", "A calm cinematic shot of a cat in a garden");
        VideoRequested failing = request(run + "-fail", "A storm at sea [simulate:fail]");
        for (VideoRequested r : List.of(ok, failing)) {
            kafka.send(Topics.REQUESTS, r.getRequestId(), producer.encode(Topics.REQUESTS, r), Map.of());
        }

        Received completion = first(Topics.COMPLETED, ok.getRequestId());
        assertThat(schemaId(completion)).isEqualTo(registry.versions("video.completed-value").get(0));
        VideoCompleted done = RegistryReaders.decode(RegistryAvroSerde.of(VideoCompleted.class, clients), Topics.COMPLETED, completion.value());
        assertThat(done.getUpstreamTaskId()).startsWith("ldtask_");
        assertThat(done.getMetadata()).containsEntry("run", run);

        Received failure = first(Topics.FAILED, failing.getRequestId());
        assertThat(schemaId(failure)).isEqualTo(registry.versions("video.failed-value").get(0));
        assertThat(RegistryReaders.decode(RegistryAvroSerde.of(VideoFailed.class, clients), Topics.FAILED, failure.value())
                .getReason()).isEqualTo(FailureReason.upstream_failed);

        // video.tasks is written by the tracker (the marks) and by the submitter's own producer (the answer).
        int tasksId = registry.versions("video.tasks-value").get(0);
        List<VideoTaskEventType> lifecycle = new ArrayList<>();
        kafka.readUntil(List.of(Topics.TASKS), Duration.ofSeconds(5), r -> {
            if (ok.getRequestId().equals(r.key())) {
                assertThat(schemaId(r)).as("schema id of %s", r).isEqualTo(tasksId);
                lifecycle.add(RegistryReaders.decode(RegistryAvroSerde.of(VideoTaskEvent.class, clients), Topics.TASKS, r.value())
                        .getType());
            }
            return lifecycle.contains(VideoTaskEventType.status_changed);
        });
        assertThat(lifecycle).contains(VideoTaskEventType.submitting, VideoTaskEventType.sending,
                VideoTaskEventType.created);
    }

    private static Received first(String topic, String key) {
        List<Received> found = new ArrayList<>();
        boolean arrived = kafka.readUntil(List.of(topic), WITHIN, r -> key.equals(r.key()) && found.add(r));
        assertThat(arrived).as("a record for %s on %s within %s", key, topic, WITHIN).isTrue();
        return found.get(0);
    }

    private static int schemaId(Received record) {
        assertThat(record.value()[0]).as("magic byte of %s", record).isZero();
        return ByteBuffer.wrap(record.value(), 1, 4).getInt();
    }

    private static VideoRequested request(String id, String prompt) {
        return VideoRequested.newBuilder().setRequestId(id).setModel("veo3.1-fast").setOperation("text-to-video")
                .setPrompt(prompt).setMetadata(Map.of("run", id.substring(0, id.lastIndexOf('-'))))
                .setRequestedAt(Instant.now()).build();
    }
}
