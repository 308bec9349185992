package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelay.config.ReelayConfig;
import io.reelay.config.TestConfig;
import io.reelay.testing.registry.RegistryReaders;
import io.reelay.catalog.ModelCatalog;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoRequested;
import io.reelay.events.VideoTaskEvent;
import io.reelay.events.VideoTaskEventType;
import io.reelay.kafka.EventSerdes;
import io.reelay.kafka.avro.SchemaHistory;
import io.reelay.kafka.SkipUndecodableRecords;
import io.reelay.kafka.Topics;
import io.reelay.kafka.registry.RegistryAvroSerde;
import io.reelay.kafka.registry.SchemaRegistryClient;
import io.reelay.kafka.registry.SchemaRegistryUnavailableException;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.testing.registry.FakeSchemaRegistry;
import io.reelay.observability.metrics.TrackerMetrics;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamStatus;
import io.reelay.upstream.VideoOutput;
import io.reelay.upstream.budget.RateBudgets;

/**
 * The tracker in registry mode: what producers write through a schema registry is read, and every topic Reelay
 * writes carries the Confluent wire format with the ids registered under the topics' subjects.
 */
class RegistryModeTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final ReelayConfig SETTINGS = TrackerTestConfig.fixedPolling().build();

    private final FakeSchemaRegistry registry = FakeSchemaRegistry.start();
    /** Reelay's wire format: a registry that does not answer for half a second counts as unavailable. */
    private final EventSerdes serdes = EventSerdes.registry(new SchemaRegistryClient(registry.url(),
            Duration.ofMillis(500), TestConfig.defaults().serialization().lookups()));
    private final ScriptedProvider upstream = new ScriptedProvider();
    private final List<VideoTaskEvent> outcomes = new CopyOnWriteArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> requestsIn;
    private TestInputTopic<String, byte[]> tasksIn;
    private TestOutputTopic<String, byte[]> tasksOut;
    private TestOutputTopic<String, byte[]> completedOut;
    private TestOutputTopic<byte[], byte[]> dlq;

    @BeforeEach
    void start() throws Exception {
        serdes.registerSchemas(Topics.AVRO_OUTPUTS); // as the service does at start-up
        var intake = new RequestIntake(new RequestValidator(ModelCatalog.load(), TestConfig.defaults().validation()), serdes);
        var services = new TrackerServices(intake, name -> upstream, this::recordOutcome,
                new TrackerMetrics(new SimpleMeterRegistry()), RateBudgets.unlimited(), serdes);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "registry-mode-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("registry-mode-test").toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, SkipUndecodableRecords.class);
        driver = new TopologyTestDriver(TrackerTopology.buildTopology(SETTINGS, services), props, T0);
        requestsIn = driver.createInputTopic(Topics.REQUESTS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        tasksIn = driver.createInputTopic(Topics.TASKS, Serdes.String().serializer(),
                SignedTasks.signed(Serdes.ByteArray().serializer()));
        tasksOut = driver.createOutputTopic(Topics.TASKS, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        completedOut = driver.createOutputTopic(Topics.COMPLETED, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        dlq = driver.createOutputTopic(Topics.REQUESTS_DLQ, Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
        registry.close();
    }

    @Test
    void aRequestPublishedThroughTheRegistryEndsInACompletionInTheRegistrysWireFormat() {
        upstream.acceptingSubmits().answer("task-1", completed("https://cdn.example/a.mp4"));
        // The producer's client registered the schema: its id is new to the tracker, which looks it up in the
        // background and reads the record once it knows it (a delay of milliseconds, not a refusal).
        var producer = RegistryAvroSerde.of(VideoRequested.class, client());

        requestsIn.pipeInput("reg-1", producer.encode(Topics.REQUESTS, request("reg-1")));
        assertThat(dlq.isEmpty()).isTrue();

        int tasksId = registry.versions("video.tasks-value").get(0);
        List<byte[]> marks = tasksOut.readValuesToList();
        assertThat(marks).hasSize(2).allSatisfy(bytes -> assertThat(schemaId(bytes)).isEqualTo(tasksId));
        assertThat(upstream.submitsOf("reg-1")).isEqualTo(1);
        assertThat(outcomes).extracting(VideoTaskEvent::getType).containsExactly(VideoTaskEventType.created);

        // The submit's answer, as KafkaSubmitOutcomes writes it, read back from video.tasks.
        tasksIn.pipeInput("reg-1", serdes.of(VideoTaskEvent.class).serializer().serialize(Topics.TASKS,
                outcomes.get(0)));
        driver.advanceWallClockTime(Duration.ofSeconds(5));

        byte[] completion = completedOut.readValue();
        assertThat(schemaId(completion)).isEqualTo(registry.versions("video.completed-value").get(0));
        VideoCompleted read = RegistryReaders.decode(RegistryAvroSerde.of(VideoCompleted.class, client()), Topics.COMPLETED, completion);
        assertThat(read.getRequestId()).isEqualTo("reg-1");
        assertThat(read.getUpstreamTaskId()).isEqualTo("task-1");
        assertThat(read.getMetadata()).containsEntry("customer", "c-42");
    }

    @Test
    void aTaskEventWhoseSchemaTheRegistryCannotServeWaitsAndIsAppliedOnceItCan() {
        upstream.acceptingSubmits().answer("task-7", completed("https://cdn.example/b.mp4"));
        // A created event from an instance on an earlier schema version (a rolling upgrade), whose schema id this
        // instance has never seen, while the registry is down: it is neither refused nor waited for on the stream
        // thread for long; it is parked, and the tracker goes on with everything else.
        byte[] created = createdOnTheFirstSchemaVersion("old-1", "task-7");
        byte[] next = serdes.of(VideoRequested.class).serializer().serialize(Topics.REQUESTS, request("next-0"));
        registry.down(true);
        tasksIn.pipeInput("old-1", created);
        assertThat(dlq.isEmpty()).as("not refused").isTrue();
        requestsIn.pipeInput("next-0", next);
        assertThat(upstream.submitsOf("next-0")).as("the tracker went on").isEqualTo(1);
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        assertThat(upstream.pollsOf("task-7")).as("the parked event is not applied yet").isZero();

        // Once the registry answers, the event is read and its task followed to the end.
        registry.down(false);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            assertThat(upstream.pollsOf("task-7")).isGreaterThanOrEqualTo(1);
        });
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        assertThat(completedOut.readKeyValuesToList()).extracting(kv -> kv.key).contains("old-1");
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void aTaskEventThatIsNotAvroIsStillSkipped() {
        tasksIn.pipeInput("junk-1", new byte[] {0, 0, 0, 0, 99, 1, 2});
        tasksIn.pipeInput("junk-2", "not avro".getBytes());

        assertThat(dlq.readRecordsToList()).as("dead-lettered, not skipped silently").hasSize(2);
        upstream.acceptingSubmits();
        requestsIn.pipeInput("next-1", serdes.of(VideoRequested.class).serializer().serialize(Topics.REQUESTS,
                request("next-1")));
        assertThat(upstream.submitsOf("next-1")).as("the tracker went on").isEqualTo(1);
    }

    private io.smallrye.mutiny.Uni<Void> recordOutcome(VideoTaskEvent outcome) {
        outcomes.add(outcome);
        return io.smallrye.mutiny.Uni.createFrom().voidItem();
    }

    private SchemaRegistryClient client() {
        return new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5),
                TestConfig.defaults().serialization().lookups());
    }

    private static int schemaId(byte[] bytes) {
        assertThat(bytes[0]).as("magic byte").isZero();
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }

    private byte[] createdOnTheFirstSchemaVersion(String requestId, String taskId) {
        Schema v1 = SchemaHistory.versions(VideoTaskEvent.SCHEMA$).get(0);
        GenericRecord created = new GenericData.Record(v1);
        created.put("request_id", requestId);
        created.put("type", new GenericData.EnumSymbol(v1.getField("type").schema(), "created"));
        created.put("occurred_at", T0.toEpochMilli());
        created.put("provider", "tokenlab");
        created.put("model", "veo3.1");
        created.put("operation", "text-to-video");
        created.put("upstream_task_id", taskId);
        created.put("poll_url", "https://api.tokenlab.sh/v1/tasks/" + taskId);
        created.put("raw_status", "pending");
        created.put("submitted_at", T0.toEpochMilli());
        return RegistryAvroSerde.generic(v1, client()).encode(Topics.TASKS, created);
    }

    private static VideoRequested request(String id) {
        return VideoRequested.newBuilder().setRequestId(id).setModel("veo3.1").setOperation("text-to-video")
                .setPrompt("a cat in a garden").setMetadata(Map.of("customer", "c-42")).setRequestedAt(T0).build();
    }

    private static VideoTaskEvent intent(String requestId) {
        return VideoTaskEvent.newBuilder().setRequestId(requestId).setType(VideoTaskEventType.submitting)
                .setOccurredAt(T0).setProvider("tokenlab").setModel("veo3.1").setOperation("text-to-video")
                .setRequestedAt(T0).setRequest(request(requestId)).build();
    }

    private static TaskReport completed(String url) {
        return new TaskReport(UpstreamStatus.COMPLETED, "completed", 100,
                List.of(new VideoOutput(url, 8.0, 1280, 720, null)), null, false, null);
    }
}
