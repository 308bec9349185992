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
import io.reelay.events.LedgerEntry;
import io.reelay.events.LedgerEntryKind;
import io.reelay.events.VideoRequested;
import io.reelay.events.VideoTaskEvent;
import io.reelay.intake.tenancy.Tenancy;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.kafka.Topics;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.observability.metrics.TenantTags;
import io.reelay.observability.metrics.TrackerMetrics;
import io.reelay.state.TenantBalance;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamError;
import io.reelay.upstream.UpstreamException;
import io.reelay.upstream.UpstreamStatus;
import io.reelay.upstream.VideoOutput;
import io.smallrye.mutiny.Uni;

/**
 * The cost ledger through the tracker's topology: each entry on video.ledger comes with the state change it follows,
 * the tenant's balance in reelay-tenant-balances moves with it, and records read again write no second entry.
 */
class LedgerTopologyTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final ReelayConfig SETTINGS = TrackerTestConfig.fixedPolling().build();
    private static final ModelCatalog CATALOG = ModelCatalog.load();

    private final ScriptedProvider upstream = new ScriptedProvider();
    private final List<VideoTaskEvent> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<VideoTaskEvent> allOutcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> requestsIn;
    private TestInputTopic<String, VideoTaskEvent> tasksIn;
    private TestInputTopic<String, byte[]> cancellationsIn;
    private TestOutputTopic<String, LedgerEntry> ledger;
    private Path stateDir;

    @BeforeEach
    void start() throws Exception {
        stateDir = Files.createTempDirectory("ledger-test");
        open(T0);
    }

    private void open(Instant at) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ledger-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        var intake = new RequestIntake(new RequestValidator(CATALOG, SETTINGS.validation()),
                io.reelay.kafka.EventSerdes.singleObject(), Tenancy.of(SETTINGS));
        var services = new TrackerServices(intake, name -> "tokenlab".equals(name) ? upstream : null,
                this::recordOutcome, new TrackerMetrics(new SimpleMeterRegistry(), () -> CATALOG,
                        TenantTags.of(SETTINGS)));
        driver = new TopologyTestDriver(TrackerTopology.buildTopology(SETTINGS, services), props, at);
        var tasks = AvroSerde.of(VideoTaskEvent.class);
        requestsIn = driver.createInputTopic(Topics.REQUESTS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        cancellationsIn = driver.createInputTopic(Topics.CANCELLATIONS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        tasksIn = driver.createInputTopic(Topics.TASKS, Serdes.String().serializer(),
                SignedTasks.signed(tasks.serializer()));
        ledger = driver.createOutputTopic(Topics.LEDGER, Serdes.String().deserializer(),
                AvroSerde.of(LedgerEntry.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aCompletedRequestReservesItsEstimateThenSettlesAtTheChargeTheUpstreamReported() {
        upstream.acceptingSubmits().answer("task-1", new TaskReport(UpstreamStatus.COMPLETED, "completed", 100,
                List.of(new VideoOutput("https://cdn.example/a.mp4", 8.0, 1280, 720, null)), null, false, null,
                new BigDecimal("0.42"), null));
        publish(VideoRequested.newBuilder(request("paid-1")).setTenant("team-a").build());

        LedgerEntry reserve = ledger.readRecord().value();
        assertThat(reserve.getKind()).isEqualTo(LedgerEntryKind.reserve);
        assertThat(reserve.getEntryId()).isEqualTo("paid-1/reserve");
        assertThat(reserve.getTenant()).isEqualTo("team-a");
        assertThat(reserve.getAmountUsd()).isPositive().isEqualTo(reserve.getEstimatedCostUsd());
        BigDecimal estimate = reserve.getAmountUsd();
        assertThat(balance("team-a").getOpenUsd()).isEqualByComparingTo(estimate);
        assertThat(balance("team-a").getOpenCount()).isEqualTo(1);

        deliverOutcomes();
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        var settle = ledger.readRecord();
        assertThat(settle.key()).as("keyed by tenant").isEqualTo("team-a");
        assertThat(settle.value().getKind()).isEqualTo(LedgerEntryKind.settle);
        assertThat(settle.value().getAmountUsd()).isEqualByComparingTo("0.42");
        assertThat(settle.value().getActualCostUsd()).isEqualByComparingTo("0.42");
        assertThat(settle.value().getEstimatedCostUsd()).isEqualByComparingTo(estimate);
        assertThat(ledger.isEmpty()).isTrue();

        TenantBalance b = balance("team-a");
        assertThat(b.getOpenCount()).isZero();
        assertThat(b.getOpenUsd()).isZero();
        assertThat(b.getSettledUsd()).isEqualByComparingTo("0.42");
        assertThat(b.getReservedUsd()).isEqualByComparingTo(b.getSettledEstimatesUsd().add(b.getReleasedUsd())
                .add(b.getOpenUsd()));
        assertThat(b.getSpentDayUsd()).as("what the day cost: the charge").isEqualByComparingTo("0.42");
        assertThat(b.getDay()).isEqualTo("2026-12-02");
        assertThat(b.getMonth()).isEqualTo("2026-12");
    }

    @Test
    void aRequestRefusedByValidationGetsNothingAndOneRefusedUpstreamIsReleased() {
        upstream.submitScript.add(new UpstreamException(UpstreamException.Kind.ERROR_ANSWER,
                new UpstreamError(400, "invalid_request", null, "no", null, false, null), null));
        publish(VideoRequested.newBuilder(request("bad")).setModel("no-such-model").build());
        assertThat(ledger.isEmpty()).as("refused before admission: nothing reserved").isTrue();

        publish(request("refused"));
        deliverOutcomes();
        assertThat(ledger.readValuesToList()).extracting(LedgerEntry::getKind, LedgerEntry::getEntryId)
                .containsExactly(tuple(LedgerEntryKind.reserve, "refused/reserve"),
                        tuple(LedgerEntryKind.release, "refused/release"));
        TenantBalance b = balance("default");
        assertThat(b.getOpenCount()).isZero();
        assertThat(b.getReleasedCount()).isEqualTo(1);
        assertThat(b.getReleasedUsd()).isEqualByComparingTo(b.getReservedUsd());
        assertThat(b.getSpentDayUsd()).as("released: nothing spent").isZero();
    }

    @Test
    void aCancellationBeforeTheCallReleasesAndOfAnUnknownRequestWritesNothing() {
        upstream.circuitOpen = true; // the call is held: the request waits before its submit
        publish(request("c-1"));
        cancellationsIn.pipeInput("c-1", new byte[0]);
        cancellationsIn.pipeInput("never-seen", new byte[0]);
        assertThat(ledger.readValuesToList()).extracting(LedgerEntry::getKind)
                .containsExactly(LedgerEntryKind.reserve, LedgerEntryKind.release);
    }

    @Test
    void aSubmitWhoseAnswerIsNeverRecordedStaysReservedAndFlagged() {
        upstream.submitAnswer = null; // the call never answers
        publish(request("lost"));
        for (int i = 0; i < 12; i++) {
            deliverOutcomes();
            deliverTasks();
            driver.advanceWallClockTime(Duration.ofSeconds(30));
        }
        deliverTasks();
        List<LedgerEntry> entries = ledger.readValuesToList();
        assertThat(entries).extracting(LedgerEntry::getKind)
                .containsExactly(LedgerEntryKind.reserve, LedgerEntryKind.flag_unknown);
        TenantBalance b = balance("default");
        assertThat(b.getOpenCount()).as("stays reserved").isEqualTo(1);
        assertThat(b.getFlaggedCount()).isEqualTo(1);
        assertThat(b.getFlaggedUsd()).isEqualByComparingTo(entries.get(0).getAmountUsd());
    }

    @Test
    void recordsReadAgainWriteNoSecondEntry() {
        upstream.acceptingSubmits().answer("task-1", new TaskReport(UpstreamStatus.COMPLETED, "completed", 100,
                List.of(new VideoOutput("https://cdn.example/a.mp4", 8.0, 1280, 720, null)), null, false, null));
        publish(request("r-1"));
        deliverOutcomes();
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        assertThat(ledger.readValuesToList()).extracting(LedgerEntry::getKind)
                .containsExactly(LedgerEntryKind.reserve, LedgerEntryKind.settle);
        TenantBalance before = balance("default");

        // Read again (a producer's retry, a redelivery, a restart from an older offset): the stores, committed with
        // the entries, say what was written. (A crash before a commit loses the entries with the store changes.)
        publish(request("r-1"));
        allOutcomes.forEach(e -> tasksIn.pipeInput(e.getRequestId(), e));
        cancellationsIn.pipeInput("r-1", new byte[0]);
        driver.advanceWallClockTime(Duration.ofSeconds(30));
        assertThat(ledger.isEmpty()).as("no second reserve, no second settle").isTrue();
        assertThat(balance("default")).isEqualTo(before);
    }

    // ------------------------------------------------------------------ helpers

    private TenantBalance balance(String tenant) {
        KeyValueStore<String, TenantBalance> store = driver.getKeyValueStore(Topics.BALANCES_STORE);
        return store.get(tenant);
    }

    private Uni<Void> recordOutcome(VideoTaskEvent outcome) {
        outcomes.add(outcome);
        allOutcomes.add(outcome);
        return Uni.createFrom().voidItem();
    }

    private void deliverOutcomes() {
        List<VideoTaskEvent> written = List.copyOf(outcomes);
        outcomes.clear();
        written.forEach(e -> tasksIn.pipeInput(e.getRequestId(), e));
    }

    /** What the tracker wrote to video.tasks, read back (its marks). */
    private void deliverTasks() {
        var out = driver.createOutputTopic(Topics.TASKS, Serdes.String().deserializer(),
                AvroSerde.of(VideoTaskEvent.class).deserializer());
        out.readValuesToList().forEach(e -> tasksIn.pipeInput(e.getRequestId(), e));
    }

    private void publish(VideoRequested request) {
        requestsIn.pipeInput(request.getRequestId(), AvroSerde.of(VideoRequested.class).encode(request));
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
}
