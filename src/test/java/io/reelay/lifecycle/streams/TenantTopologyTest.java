package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelay.api.publish.RequestPublisher;
import io.reelay.catalog.ModelCatalog;
import io.reelay.config.ReelayConfig;
import io.reelay.events.FailureReason;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoRequested;
import io.reelay.events.VideoTaskEvent;
import io.reelay.events.VideoTaskEventType;
import io.reelay.intake.decode.RequestDecoder;
import io.reelay.intake.tenancy.Tenancy;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.kafka.InternalKey;
import io.reelay.kafka.Topics;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.observability.metrics.TenantTags;
import io.reelay.observability.metrics.TrackerMetrics;
import io.reelay.state.FinishedRequest;
import io.reelay.state.TrackedTask;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamError;
import io.reelay.upstream.UpstreamStatus;
import io.reelay.upstream.VideoOutput;
import io.smallrye.mutiny.Uni;

/**
 * A request's tenant and priority, from the record that brings it (Kafka producer or HTTP API) to every event written
 * for it, its in-flight and finished records, and the tenant tag of its meters.
 */
class TenantTopologyTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    /** The default tenant is renamed, team-a is configured, acme is an API client. */
    private static final ReelayConfig SETTINGS = TrackerTestConfig.fixedPolling()
            .with("reelay.tenancy.default-tenant", "shared")
            .with("reelay.tenants.team-a.weight", "2")
            .with("reelay.api.auth.clients.acme.key", "acme-key")
            .build();

    private static final ModelCatalog CATALOG = ModelCatalog.load();

    private final ScriptedProvider upstream = new ScriptedProvider();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<VideoTaskEvent> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> requestsIn;
    private TestInputTopic<String, VideoTaskEvent> tasksIn;
    private TestInputTopic<String, byte[]> cancellationsIn;
    private TestOutputTopic<String, VideoTaskEvent> tasksOut;
    private TestOutputTopic<String, VideoCompleted> completed;
    private TestOutputTopic<String, VideoFailed> failed;
    private Path stateDir;

    @BeforeEach
    void start() throws Exception {
        stateDir = Files.createTempDirectory("tenant-test");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "tenant-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        var intake = new RequestIntake(new RequestValidator(CATALOG, SETTINGS.validation()),
                io.reelay.kafka.EventSerdes.singleObject(), Tenancy.of(SETTINGS));
        var services = new TrackerServices(intake, name -> "tokenlab".equals(name) ? upstream : null,
                this::recordOutcome, new TrackerMetrics(meters, () -> CATALOG, TenantTags.of(SETTINGS)));
        driver = new TopologyTestDriver(TrackerTopology.buildTopology(SETTINGS, services), props, T0);
        var tasks = AvroSerde.of(VideoTaskEvent.class);
        requestsIn = driver.createInputTopic(Topics.REQUESTS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        cancellationsIn = driver.createInputTopic(Topics.CANCELLATIONS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        tasksIn = driver.createInputTopic(Topics.TASKS, Serdes.String().serializer(),
                SignedTasks.signed(tasks.serializer()));
        tasksOut = driver.createOutputTopic(Topics.TASKS, Serdes.String().deserializer(), tasks.deserializer());
        completed = driver.createOutputTopic(Topics.COMPLETED, Serdes.String().deserializer(),
                AvroSerde.of(VideoCompleted.class).deserializer());
        failed = driver.createOutputTopic(Topics.FAILED, Serdes.String().deserializer(),
                AvroSerde.of(VideoFailed.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aKafkaRequestsTenantAndPriorityReachEveryEventItsStateAndItsMeters() {
        upstream.acceptingSubmits().answer("task-1", report(UpstreamStatus.PROCESSING, "processing", 30),
                completedWith("https://cdn.example/a.mp4"));
        publish(VideoRequested.newBuilder(request("t-1")).setTenant("team-a").setPriority(1).build());

        List<VideoTaskEvent> marks = tasksOut.readValuesToList();
        assertThat(marks).extracting(VideoTaskEvent::getType, VideoTaskEvent::getTenant, VideoTaskEvent::getPriority)
                .containsExactly(tuple(VideoTaskEventType.submitting, "team-a", 1),
                        tuple(VideoTaskEventType.sending, "team-a", 1));
        assertThat(marks.get(0).getRequest().getTenant()).as("the request as sent").isEqualTo("team-a");
        assertThat(marks.get(0).getRequest().getPriority()).isEqualTo(1);
        TrackedTask stored = inFlight().get("t-1");
        assertThat(stored.getTenant()).isEqualTo("team-a");
        assertThat(stored.getPriority()).isEqualTo(1);
        assertThat(outcomes).extracting(VideoTaskEvent::getType, VideoTaskEvent::getTenant,
                VideoTaskEvent::getPriority).containsExactly(tuple(VideoTaskEventType.created, "team-a", 1));

        deliverOutcomes();
        advance(Duration.ofSeconds(5)); // processing 30
        advance(Duration.ofSeconds(5)); // completed
        assertThat(tasksOut.readValuesToList()).as("what the polls saw").isNotEmpty()
                .allSatisfy(e -> assertThat(e.getTenant()).isEqualTo("team-a"))
                .allSatisfy(e -> assertThat(e.getPriority()).isEqualTo(1));
        VideoCompleted done = completed.readValue();
        assertThat(done.getTenant()).isEqualTo("team-a");
        assertThat(done.getPriority()).isEqualTo(1);
        FinishedRequest finished = finished().get("t-1");
        assertThat(finished.getTenant()).isEqualTo("team-a");
        assertThat(finished.getPriority()).isEqualTo(1);

        assertThat(count(TrackerMetrics.RECEIVED, "team-a")).isEqualTo(1);
        assertThat(count(TrackerMetrics.SUBMITTED, "team-a")).isEqualTo(1);
        assertThat(count(TrackerMetrics.COMPLETED, "team-a")).isEqualTo(1);
        assertThat(meters.get(TrackerMetrics.COST_ESTIMATED).tag(TrackerMetrics.TENANT, "team-a").counter().count())
                .isPositive();
    }

    @Test
    void theRequestAsValidatedIsShownWhileItRunsAndAfterItsEndWithItsTenant() {
        upstream.acceptingSubmits().answer("task-1", report(UpstreamStatus.PROCESSING, "processing", 30),
                completedWith("https://cdn.example/a.mp4"));
        publishJson("api-3", "{\"request_id\":\"api-3\",\"model\":\"veo3.1\",\"prompt\":\"a <b>kite</b>\","
                + "\"metadata\":{\"source\":\"web\"}}", "acme");
        deliverOutcomes();

        TrackedTask running = inFlight().get("api-3");
        assertThat(running.getPendingRequest()).as("submitted: no longer needed to submit").isNull();
        var shown = io.reelay.lifecycle.query.RequestStatusMapper.inFlight(running).request();
        assertThat(shown.prompt()).isEqualTo("a <b>kite</b>");
        assertThat(shown.operation()).as("as validated: made explicit").isEqualTo("text-to-video");
        assertThat(shown.tenant()).isEqualTo("acme");
        assertThat(shown.priority()).isEqualTo(3);
        assertThat(shown.metadata()).as("without the owner's reserved key").containsExactly(
                java.util.Map.entry("source", "web"));

        advance(Duration.ofSeconds(5));
        advance(Duration.ofSeconds(5));
        assertThat(completed.readValue().getRequestId()).isEqualTo("api-3");
        assertThat(io.reelay.lifecycle.query.RequestStatusMapper.finished(finished().get("api-3")).request())
                .isEqualTo(shown);
    }

    @Test
    void aRequestNamingNoTenantBelongsToTheDefaultTenantAtPriorityThreeToItsFailure() {
        upstream.acceptingSubmits().answer("task-1", new TaskReport(UpstreamStatus.FAILED, "failed", null, List.of(),
                new UpstreamError(null, "content_policy_violation", null, "no", null, false, null), false, null));
        publishJson("t-2", "{\"request_id\":\"t-2\",\"model\":\"veo3.1\",\"prompt\":\"a kite\"}", null);

        assertThat(tasksOut.readValuesToList()).extracting(VideoTaskEvent::getTenant, VideoTaskEvent::getPriority)
                .containsOnly(tuple("shared", 3));
        deliverOutcomes();
        advance(Duration.ofSeconds(5));

        VideoFailed failure = failed.readValue();
        assertThat(failure.getReason()).isEqualTo(FailureReason.upstream_failed);
        assertThat(failure.getTenant()).isEqualTo("shared");
        assertThat(failure.getPriority()).isEqualTo(3);
        assertThat(finished().get("t-2").getTenant()).isEqualTo("shared");
        assertThat(count(TrackerMetrics.FAILED, "shared")).isEqualTo(1);
    }

    @Test
    void aRequestPostedOverTheApiBelongsToItsClientAndMayNotClaimAnotherTenant() {
        upstream.acceptingSubmits();
        publishJson("api-1", "{\"request_id\":\"api-1\",\"model\":\"veo3.1\",\"prompt\":\"a kite\",\"priority\":5}",
                "acme");
        publishJson("api-2", "{\"request_id\":\"api-2\",\"model\":\"veo3.1\",\"prompt\":\"a kite\","
                + "\"tenant\":\"team-a\"}", "acme");

        assertThat(inFlight().get("api-1").getTenant()).isEqualTo("acme");
        assertThat(inFlight().get("api-1").getPriority()).isEqualTo(5);
        VideoFailed refused = failed.readValue();
        assertThat(refused.getRequestId()).isEqualTo("api-2");
        assertThat(refused.getReason()).isEqualTo(FailureReason.invalid_request);
        assertThat(refused.getTenant()).as("still the client's, never the one it claimed").isEqualTo("acme");
        assertThat(refused.getValidationErrors()).extracting(e -> e.getField(), e -> e.getCode())
                .containsExactly(tuple("tenant", "not_allowed"));
        assertThat(upstream.submitsOf("api-2")).isZero();
        assertThat(count(TrackerMetrics.REJECTED, "acme")).isEqualTo(1);
    }

    @Test
    void aBadTenantOrPriorityIsRefusedBeforeAnythingIsPaidUnderTheDefaults() {
        upstream.acceptingSubmits();
        publish(VideoRequested.newBuilder(request("bad-t")).setTenant("Team A\u0000" + "x".repeat(5000)).build());
        publish(VideoRequested.newBuilder(request("bad-p")).setTenant("team-a").setPriority(9).build());

        List<VideoFailed> failures = failed.readValuesToList();
        assertThat(failures).extracting(VideoFailed::getRequestId, VideoFailed::getTenant, VideoFailed::getPriority)
                .containsExactly(tuple("bad-t", "shared", 3), tuple("bad-p", "team-a", 3));
        assertThat(failures.get(0).getValidationErrors()).extracting(e -> e.getField(), e -> e.getCode())
                .containsExactly(tuple("tenant", "invalid_value"));
        assertThat(failures.get(0).getValidationErrors().get(0).getMessage()).hasSizeLessThan(300);
        assertThat(failures.get(1).getValidationErrors()).extracting(e -> e.getField(), e -> e.getCode())
                .containsExactly(tuple("priority", "invalid_value"));
        assertThat(upstream.submits).isEmpty();
        assertThat(tasksOut.readValuesToList()).extracting(VideoTaskEvent::getTenant).doesNotContainNull()
                .allSatisfy(t -> assertThat(t).hasSizeLessThanOrEqualTo(64));
    }

    @Test
    void aTenantNoConfigurationNamesIsKeptOnItsEventsButCountedAsOther() {
        upstream.acceptingSubmits();
        for (int i = 0; i < 20; i++) {
            publish(VideoRequested.newBuilder(request("o-" + i)).setTenant("producer-" + i).build());
        }

        assertThat(inFlight().get("o-7").getTenant()).isEqualTo("producer-7");
        assertThat(count(TrackerMetrics.RECEIVED, TenantTags.OTHER)).isEqualTo(20);
        assertThat(meters.find(TrackerMetrics.RECEIVED).counters()).as("one series for all of them").hasSize(1);
    }

    @Test
    void aCancellationOfARequestNeverReadHasNoTenant() {
        cancellationsIn.pipeInput("never-seen", new byte[0]);

        VideoFailed cancelled = failed.readValue();
        assertThat(cancelled.getReason()).isEqualTo(FailureReason.cancelled);
        assertThat(cancelled.getTenant()).isNull();
        assertThat(cancelled.getPriority()).isNull();
        assertThat(count(TrackerMetrics.FAILED, TenantTags.NONE)).isEqualTo(1);
    }

    // ------------------------------------------------------------------ helpers

    private Uni<Void> recordOutcome(VideoTaskEvent outcome) {
        outcomes.add(outcome);
        return Uni.createFrom().voidItem();
    }

    private void deliverOutcomes() {
        List<VideoTaskEvent> written = List.copyOf(outcomes);
        outcomes.clear();
        written.forEach(e -> tasksIn.pipeInput(e.getRequestId(), e));
    }

    private void publish(VideoRequested request) {
        requestsIn.pipeInput(request.getRequestId(), AvroSerde.of(VideoRequested.class).encode(request));
    }

    /** A JSON request, as the HTTP API publishes it when {@code owner} is set (with its signed owner). */
    private void publishJson(String id, String json, String owner) {
        RecordHeaders headers = owner == null ? new RecordHeaders()
                : RequestPublisher.ownerHeaders(InternalKey.of(TrackerGuards.TEST_KEY), id, owner);
        headers.add(RequestDecoder.CONTENT_TYPE_HEADER, RequestDecoder.JSON.getBytes(StandardCharsets.UTF_8));
        requestsIn.pipeInput(new TestRecord<>(id, json.getBytes(StandardCharsets.UTF_8), headers));
    }

    private double count(String meter, String tenant) {
        return meters.find(meter).tag(TrackerMetrics.TENANT, tenant).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private static VideoRequested request(String id) {
        return VideoRequested.newBuilder()
                .setRequestId(id)
                .setModel("veo3.1")
                .setOperation("text-to-video")
                .setPrompt("a cat in a garden")
                .setRequestedAt(T0)
                .build();
    }

    private void advance(Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    private KeyValueStore<String, TrackedTask> inFlight() {
        return driver.getKeyValueStore(Topics.IN_FLIGHT_STORE);
    }

    private KeyValueStore<String, FinishedRequest> finished() {
        return driver.getKeyValueStore(Topics.FINISHED_STORE);
    }

    private static TaskReport report(UpstreamStatus status, String raw, Integer progress) {
        return new TaskReport(status, raw, progress, List.of(), null, false, null);
    }

    private static TaskReport completedWith(String url) {
        return new TaskReport(UpstreamStatus.COMPLETED, "completed", 100,
                List.of(new VideoOutput(url, 8.0, 1280, 720, null)), null, false, null);
    }
}
