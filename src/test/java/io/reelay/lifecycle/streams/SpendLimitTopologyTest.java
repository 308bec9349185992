package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelay.catalog.ModelCatalog;
import io.reelay.config.ReelayConfig;
import io.reelay.events.FailureReason;
import io.reelay.events.LedgerEntry;
import io.reelay.events.LedgerEntryKind;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoRequested;
import io.reelay.events.VideoTaskEvent;
import io.reelay.events.VideoTaskEventType;
import io.reelay.intake.tenancy.Tenancy;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.kafka.Topics;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.observability.metrics.TenantTags;
import io.reelay.observability.metrics.TrackerMetrics;
import io.reelay.state.TenantBalance;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamStatus;
import io.reelay.upstream.VideoOutput;
import io.smallrye.mutiny.Uni;

/**
 * Spending limits through the tracker's topology: a limited tenant's request waits for the ledger's answer to its
 * reservation; the one that fits is submitted, the one that does not ends budget_exceeded with nothing submitted and
 * nothing counted, and the balance holds together. An unlimited tenant's request takes no round trip.
 */
class SpendLimitTopologyTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    /** veo3.1, 8 s at 0.40 USD a second: 3.20 USD a request; capped may commit 5 USD a day. */
    private static final ReelayConfig SETTINGS = TrackerTestConfig.fixedPolling()
            .with("reelay.tenants.capped.spend-per-day-usd", "5")
            .build();
    private static final ModelCatalog CATALOG = ModelCatalog.load();

    private final ScriptedProvider upstream = new ScriptedProvider();
    private final List<VideoTaskEvent> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> requestsIn;
    private TestInputTopic<String, VideoTaskEvent> tasksIn;
    private TestOutputTopic<String, LedgerEntry> ledger;
    private TestOutputTopic<String, VideoTaskEvent> tasksOut;
    private TestOutputTopic<String, VideoFailed> failed;
    private Path stateDir;

    @BeforeEach
    void start() throws Exception {
        stateDir = Files.createTempDirectory("spend-limit-test");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "spend-limit-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        var intake = new RequestIntake(new RequestValidator(CATALOG, SETTINGS.validation()),
                io.reelay.kafka.EventSerdes.singleObject(), Tenancy.of(SETTINGS));
        var services = new TrackerServices(intake, name -> "tokenlab".equals(name) ? upstream : null,
                this::recordOutcome, new TrackerMetrics(new SimpleMeterRegistry(), () -> CATALOG,
                        TenantTags.of(SETTINGS)));
        driver = new TopologyTestDriver(TrackerTopology.buildTopology(SETTINGS, services), props, T0);
        var tasks = AvroSerde.of(VideoTaskEvent.class);
        requestsIn = driver.createInputTopic(Topics.REQUESTS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        tasksIn = driver.createInputTopic(Topics.TASKS, Serdes.String().serializer(),
                SignedTasks.signed(tasks.serializer()));
        ledger = driver.createOutputTopic(Topics.LEDGER, Serdes.String().deserializer(),
                AvroSerde.of(LedgerEntry.class).deserializer());
        tasksOut = driver.createOutputTopic(Topics.TASKS, Serdes.String().deserializer(), tasks.deserializer());
        failed = driver.createOutputTopic(Topics.FAILED, Serdes.String().deserializer(),
                AvroSerde.of(VideoFailed.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void theFirstRequestThatFitsIsSubmittedTheSecondEndsBudgetExceededWithNothingSubmittedOrCounted() {
        upstream.acceptingSubmits().answer("task-1", new TaskReport(UpstreamStatus.COMPLETED, "completed", 100,
                List.of(new VideoOutput("https://cdn.example/a.mp4", 8.0, 1280, 720, null)), null, false, null));
        publish(request("first", "capped"));
        publish(request("second", "capped"));
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        assertThat(upstream.submitsOf("first")).as("confirmed, then submitted").isEqualTo(1);
        assertThat(upstream.submitsOf("second")).as("refused: never submitted").isZero();
        VideoFailed refusal = failed.readValue();
        assertThat(refusal.getRequestId()).isEqualTo("second");
        assertThat(refusal.getReason()).isEqualTo(FailureReason.budget_exceeded);
        assertThat(refusal.getRetryable()).isTrue();
        assertThat(refusal.getMessage()).isEqualTo("The tenant's spending limit for the UTC day 2026-12-02 is "
                + "5.000000 USD; 3.200000 USD is committed and this request's estimate is 3.200000 USD, which would "
                + "take it over. Nothing was paid.");
        assertThat(failed.isEmpty()).isTrue();
        // The ledger's answers, keyed by request id, on the topic the lifecycle reads its own marks from.
        assertThat(tasksOut.readValuesToList()).filteredOn(e -> e.getType().name().startsWith("reservation"))
                .extracting(VideoTaskEvent::getRequestId, VideoTaskEvent::getType)
                .containsExactly(tuple("first", VideoTaskEventType.reservation_confirmed),
                        tuple("second", VideoTaskEventType.reservation_refused));

        deliverOutcomes();
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        // Each request has one reserve and one settle-or-release; the refused one's release counted nothing.
        assertThat(ledger.readValuesToList()).extracting(LedgerEntry::getRequestId, LedgerEntry::getKind,
                LedgerEntry::getLimitCheck).containsExactlyInAnyOrder(
                        tuple("first", LedgerEntryKind.reserve, true),
                        tuple("second", LedgerEntryKind.reserve, true),
                        tuple("second", LedgerEntryKind.release, null),
                        tuple("first", LedgerEntryKind.settle, null));
        TenantBalance b = balance("capped");
        assertThat(b.getReservations()).isEqualTo(1);
        assertThat(b.getReservedUsd()).isEqualByComparingTo("3.2");
        assertThat(b.getSettledCount()).isEqualTo(1);
        assertThat(b.getReleasedCount()).as("the refused reservation was never counted").isZero();
        assertThat(b.getOpenCount()).isZero();
        assertThat(b.getReservedUsd()).isEqualByComparingTo(b.getSettledEstimatesUsd().add(b.getReleasedUsd())
                .add(b.getOpenUsd()));
        assertThat(b.getSpentDayUsd()).isEqualByComparingTo("3.2");
        assertThat(driver.<String, Long>getKeyValueStore(io.reelay.ledger.LedgerTopology.REFUSED_STORE)
                .get("capped/second")).as("forgotten once released").isNull();
    }

    @Test
    void aTenantWithoutALimitIsSubmittedWithoutARoundTrip() {
        upstream.acceptingSubmits();
        publish(request("free", "team-b"));

        assertThat(upstream.submitsOf("free")).isEqualTo(1);
        assertThat(tasksOut.readValuesToList()).extracting(VideoTaskEvent::getType)
                .doesNotContain(VideoTaskEventType.reservation_confirmed, VideoTaskEventType.reservation_refused);
        assertThat(ledger.readValue().getLimitCheck()).isNull();
    }

    @Test
    void answersForRequestsNotWaitingChangeNothing() {
        upstream.acceptingSubmits();
        publish(request("first", "capped"));
        assertThat(upstream.submitsOf("first")).isEqualTo(1);
        TenantBalance before = balance("capped");
        ledger.readValuesToList();

        // Replayed, forged by a key holder, or for requests never seen: no submit, no end, no entry, no dead stream.
        VideoTaskEvent refused = answer("first", VideoTaskEventType.reservation_refused);
        tasksIn.pipeInput("first", refused);
        tasksIn.pipeInput("first", answer("first", VideoTaskEventType.reservation_confirmed));
        tasksIn.pipeInput("nobody", answer("nobody", VideoTaskEventType.reservation_confirmed));
        tasksIn.pipeInput("nobody", answer("nobody", VideoTaskEventType.reservation_refused));
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        assertThat(upstream.submitsOf("first")).isEqualTo(1);
        assertThat(upstream.submitsOf("nobody")).isZero();
        assertThat(failed.isEmpty()).isTrue();
        assertThat(ledger.isEmpty()).isTrue();
        assertThat(balance("capped")).isEqualTo(before);
    }

    private static VideoTaskEvent answer(String id, VideoTaskEventType type) {
        return VideoTaskEvent.newBuilder().setRequestId(id).setType(type).setOccurredAt(T0).setProvider("tokenlab")
                .setModel("veo3.1").setFailureReason(type == VideoTaskEventType.reservation_refused
                        ? FailureReason.budget_exceeded : null)
                .setFailureMessage(type == VideoTaskEventType.reservation_refused ? "over" : null).build();
    }

    private TenantBalance balance(String tenant) {
        KeyValueStore<String, TenantBalance> store = driver.getKeyValueStore(Topics.BALANCES_STORE);
        return store.get(tenant);
    }

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

    private static VideoRequested request(String id, String tenant) {
        return VideoRequested.newBuilder()
                .setRequestId(id)
                .setModel("veo3.1")
                .setOperation("text-to-video")
                .setPrompt("a cat in a garden")
                .setRequestedAt(T0)
                .setTenant(tenant)
                .build();
    }
}
