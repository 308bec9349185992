package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelay.config.ReelayConfig;
import io.reelay.catalog.ModelCatalog;
import io.reelay.events.FailureReason;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoRequested;
import io.reelay.events.VideoTaskEvent;
import io.reelay.events.VideoTaskEventType;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.kafka.Topics;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.config.TestConfig;
import io.reelay.state.TrackedTask;
import io.reelay.observability.metrics.TrackerMetrics;
import io.reelay.upstream.budget.RateBudgets;

/**
 * Issue 12, item 8: a submit the circuit breaker held back never left, so a kill must not leave it as a
 * "may have been charged" request. While the circuit is open, nothing is written or spent for a queued submit
 * (the breaker is asked before the mark); a call the circuit holds back after all (it opened between the
 * question and the call) has its mark withdrawn. The kill tests run one owner, kill it (its stored state is all a
 * new owner finds) and let a new owner carry on.
 */
class CircuitHoldTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final ReelayConfig SETTINGS = TrackerTestConfig.fixedPolling().build();

    private static final io.reelay.upstream.TaskReport PROCESSING = new io.reelay.upstream.TaskReport(
            io.reelay.upstream.UpstreamStatus.PROCESSING, "processing", 10, List.of(), null, false, null);

    private final ScriptedProvider upstream = new ScriptedProvider();
    private final List<VideoTaskEvent> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private RateBudgets budgets = RateBudgets.unlimited();
    private TopologyTestDriver driver;
    private TestInputTopic<String, VideoTaskEvent> tasksIn;
    private TestOutputTopic<String, VideoTaskEvent> tasksOut;
    private TestOutputTopic<String, VideoFailed> failed;

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void whileTheCircuitIsOpenNoMarkIsWrittenAndWhenItClosesEachRequestIsSubmittedOnce() throws Exception {
        List<String> ids = List.of("o-1", "o-2", "o-3", "o-4", "o-5"); // more requests than the 2 permits
        upstream.acceptingSubmits();
        upstream.defaultAnswer = PROCESSING;
        upstream.circuitOpen = true;
        start(T0);
        ids.forEach(this::publishRequest);
        advance(Duration.ofSeconds(10)); // 20 ticks with the circuit open

        // Intents, and each request told once that it waits (queued, informational): no sending mark while the
        // circuit is open, and nothing more written over 20 ticks.
        assertThat(types(tasksOut.readValuesToList())).as("no sending mark while the circuit is open")
                .containsOnly(VideoTaskEventType.submitting, VideoTaskEventType.queued).hasSize(2 * ids.size());
        assertThat(upstream.heldSubmits).as("no call is even tried").isZero();
        assertThat(ids).allSatisfy(id -> assertThat(inFlight().get(id).getSendingMarked()).as(id).isFalse());

        upstream.circuitOpen = false;
        List<VideoTaskEvent> written = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            advance(Duration.ofMillis(500));
            deliverOutcomes();
            written.addAll(tasksOut.readValuesToList());
        }
        for (String id : ids) {
            assertThat(upstream.submitsOf(id)).as(id + " submitted once the circuit closed").isEqualTo(1);
            assertThat(inFlight().get(id).getUpstreamTaskId()).as(id).isNotNull();
        }
        assertThat(types(written)).filteredOn(t -> t == VideoTaskEventType.sending).as("one mark each")
                .hasSize(ids.size());
        assertThat(failed.readValuesToList()).isEmpty();
    }

    @Test
    void whileTheCircuitTriesTheUpstreamAgainOneSubmitGoesAtATime() throws Exception {
        List<String> ids = List.of("t-1", "t-2", "t-3", "t-4", "t-5");
        upstream.onTrial = true; // half-open: a trial call goes, the others would be held back
        start(T0);
        ids.forEach(this::publishRequest);
        advance(Duration.ofSeconds(3)); // the trial call has not answered yet

        assertThat(types(tasksOut.readValuesToList())).filteredOn(t -> t == VideoTaskEventType.sending)
                .as("one mark: the trial's").hasSize(1);
        assertThat(upstream.submits).as("one call: the trial").hasSize(1);

        String trial = upstream.submits.get(0).requestId();
        upstream.onTrial = false; // it closed (on the polls' trials, say)
        upstream.acceptingSubmits();
        upstream.defaultAnswer = PROCESSING;
        for (int i = 0; i < 6; i++) {
            advance(Duration.ofMillis(500));
            deliverOutcomes();
        }
        for (String id : ids) {
            if (!id.equals(trial)) {
                assertThat(upstream.submitsOf(id)).as(id + " submitted once the circuit closed").isEqualTo(1);
                assertThat(inFlight().get(id).getUpstreamTaskId()).as(id).isNotNull();
            }
        }
        assertThat(upstream.submitsOf(trial)).as("the trial is never sent again").isEqualTo(1);
    }

    @Test
    void aRequestWaitingForTheCircuitSpendsNoneOfItsProvidersRateBudget() throws Exception {
        budgets = new RateBudgets(Map.of("tokenlab", 1)); // one call now, the next one a minute later
        upstream.acceptingSubmits();
        upstream.defaultAnswer = PROCESSING;
        upstream.circuitOpen = true;
        start(T0);
        publishRequest("b-1");
        advance(Duration.ofSeconds(10));

        upstream.circuitOpen = false;
        advance(Duration.ofSeconds(1));
        deliverOutcomes();
        assertThat(upstream.submitsOf("b-1")).as("sent on the budget it had before the outage").isEqualTo(1);
        assertThat(inFlight().get("b-1").getUpstreamTaskId()).isNotNull();
    }

    @Test
    void aKillWhileTheCircuitIsOpenLeavesNoRequestUnknownAndTheNewOwnerSubmitsEachOnce() throws Exception {
        List<String> ids = List.of("k-1", "k-2", "k-3", "k-4", "k-5");
        upstream.acceptingSubmits();
        upstream.circuitOpen = true;
        start(T0);
        ids.forEach(this::publishRequest);
        advance(Duration.ofSeconds(5));
        List<TrackedTask> atTheKill = ids.stream().map(id -> inFlight().get(id)).toList();
        assertThat(atTheKill).as("stored as unsent intents").noneMatch(TrackedTask::getSendingMarked);

        driver.close(); // the kill; the circuit closes meanwhile
        upstream.circuitOpen = false;
        upstream.defaultAnswer = PROCESSING;
        newOwnerTakesOver(atTheKill);
        runThreeMinutes();
        assertThat(failed.readValuesToList()).as("none declared unknown: none had been sent").isEmpty();
        for (String id : ids) {
            assertThat(upstream.submitsOf(id)).as(id + " resumed and submitted once").isEqualTo(1);
            assertThat(inFlight().get(id).getUpstreamTaskId()).as(id).isNotNull();
        }
    }

    /** The circuit opened between the breaker's answer and the call: the call is held back after its mark. */
    @Test
    void aKillWhileTheCircuitHoldsSubmitsBackLeavesNoMoreUnknownThanThePermitsAndResumesTheRest() throws Exception {
        List<String> ids = List.of("h-1", "h-2", "h-3", "h-4", "h-5"); // more requests than the 2 permits
        upstream.submitAnswer = new CircuitBreakerOpenException("open");
        start(T0);
        ids.forEach(this::publishRequest);
        advance(Duration.ofSeconds(5)); // an outage: every round is held back
        long marks = tasksOut.readValuesToList().stream().filter(e -> e.getType() == VideoTaskEventType.sending)
                .count();
        assertThat(marks).as("held back again and again, they wait instead of writing a mark every tick")
                .isLessThanOrEqualTo(5 * 4);
        List<TrackedTask> atTheKill = ids.stream().map(id -> inFlight().get(id)).toList();
        List<String> standing = atTheKill.stream().filter(TrackedTask::getSendingMarked)
                .map(TrackedTask::getRequestId).toList();
        assertThat(standing).as("only a call under way at the kill has a standing mark").hasSizeLessThanOrEqualTo(2);

        // The kill: a new owner finds only what was stored; the circuit has closed. (The driver closes its tasks, as a
        // graceful stop would; a kill writes nothing then, so what the close told the next owner is dropped.)
        driver.close();
        outcomes.clear();
        upstream.acceptingSubmits();
        upstream.defaultAnswer = new io.reelay.upstream.TaskReport(io.reelay.upstream.UpstreamStatus.PROCESSING,
                "processing", 10, List.of(), null, false, null);
        newOwnerTakesOver(atTheKill);
        runThreeMinutes();
        assertThat(failed.readValuesToList()).extracting(VideoFailed::getRequestId)
                .as("unknown: only those whose call may have been under way").containsExactlyInAnyOrderElementsOf(standing);
        for (String id : ids) {
            if (!standing.contains(id)) {
                assertThat(inFlight().get(id).getUpstreamTaskId()).as(id + " went out once the circuit closed")
                        .isNotNull();
            }
        }
    }

    /** As above, but the partition moves gracefully (a rebalance, a rolling restart): its held-back calls are told. */
    @Test
    void aGracefulMoveWhileTheCircuitHoldsSubmitsBackLeavesNoRequestUnknownAndSendsEachOnce() throws Exception {
        List<String> ids = List.of("g-1", "g-2", "g-3", "g-4", "g-5");
        upstream.submitAnswer = new CircuitBreakerOpenException("open");
        start(T0);
        ids.forEach(this::publishRequest);
        advance(Duration.ofSeconds(5));
        deliverOutcomes();
        upstream.submits.clear(); // held back, never sent
        List<TrackedTask> atTheMove = ids.stream().map(id -> inFlight().get(id)).toList();
        List<String> standing = atTheMove.stream().filter(TrackedTask::getSendingMarked)
                .map(TrackedTask::getRequestId).toList();
        assertThat(standing).as("calls held back whose marks stand as the partition moves").isNotEmpty();

        driver.close(); // the old owner closes its stream task: it tells the next owner of each call it held back
        assertThat(outcomes).as("one answer per standing mark: held back, not sent, retryable")
                .extracting(VideoTaskEvent::getRequestId).containsExactlyInAnyOrderElementsOf(standing);
        assertThat(outcomes).allSatisfy(answer -> {
            assertThat(answer.getType()).isEqualTo(VideoTaskEventType.submit_failed);
            assertThat(answer.getRetryable()).isTrue();
        });
        upstream.acceptingSubmits();
        upstream.defaultAnswer = PROCESSING;
        newOwnerTakesOver(atTheMove);
        deliverOutcomes(); // what the old owner told it as it closed
        runThreeMinutes();
        assertThat(failed.readValuesToList()).as("none left unknown").isEmpty();
        for (String id : ids) {
            assertThat(upstream.submitsOf(id)).as(id + " sent once the circuit closed").isEqualTo(1);
            assertThat(inFlight().get(id).getUpstreamTaskId()).as(id).isNotNull();
        }
    }

    @Test
    void callsHeldBackGiveTheirPermitsBackSoEveryRequestGoesOutWhenTheCircuitCloses() throws Exception {
        upstream.submitAnswer = new CircuitBreakerOpenException("open");
        start(T0);
        for (String id : List.of("p-1", "p-2", "p-3", "p-4", "p-5")) { // more requests than the 2 permits
            publishRequest(id);
        }
        advance(Duration.ofSeconds(10));
        assertThat(upstream.submits).as("held back, not sent").isNotEmpty();

        upstream.acceptingSubmits(); // the circuit closes
        upstream.defaultAnswer = new io.reelay.upstream.TaskReport(io.reelay.upstream.UpstreamStatus.PROCESSING,
                "processing", 10, List.of(), null, false, null);
        for (int i = 0; i < 8; i++) {
            advance(Duration.ofSeconds(15));
            deliverOutcomes();
        }
        for (String id : List.of("p-1", "p-2", "p-3", "p-4", "p-5")) {
            assertThat(inFlight().get(id).getUpstreamTaskId()).as(id).isNotNull();
        }
        assertThat(failed.readValuesToList()).isEmpty();
    }

    private void start(Instant at) throws Exception {
        Path stateDir = Files.createTempDirectory("circuit-hold-test");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "circuit-hold-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        var intake = new RequestIntake(new RequestValidator(ModelCatalog.load(), TestConfig.defaults().validation()));
        var services = new TrackerServices(intake, name -> "tokenlab".equals(name) ? upstream : null, this::record,
                new TrackerMetrics(new SimpleMeterRegistry()), budgets);
        driver = new TopologyTestDriver(TrackerTopology.buildTopology(SETTINGS, services), props, at);
        var tasks = AvroSerde.of(VideoTaskEvent.class);
        tasksIn = driver.createInputTopic(Topics.TASKS, Serdes.String().serializer(),
                SignedTasks.signed(tasks.serializer()));
        tasksOut = driver.createOutputTopic(Topics.TASKS, Serdes.String().deserializer(), tasks.deserializer());
        failed = driver.createOutputTopic(Topics.FAILED, Serdes.String().deserializer(),
                AvroSerde.of(VideoFailed.class).deserializer());
    }

    private io.smallrye.mutiny.Uni<Void> record(VideoTaskEvent outcome) {
        outcomes.add(outcome);
        return io.smallrye.mutiny.Uni.createFrom().voidItem();
    }

    private static List<VideoTaskEventType> types(List<VideoTaskEvent> events) {
        return events.stream().map(VideoTaskEvent::getType).toList();
    }

    private void deliverOutcomes() {
        List<VideoTaskEvent> written = List.copyOf(outcomes);
        outcomes.clear();
        written.forEach(e -> tasksIn.pipeInput(e.getRequestId(), e));
    }

    /** A new owner starts 5 s after {@link #T0} with the requests as the old owner committed them. */
    private void newOwnerTakesOver(List<TrackedTask> committed) throws Exception {
        start(T0.plusSeconds(5));
        committed.forEach(this::restored);
    }

    /** Three minutes of ticks, in 15 s steps, each followed by the answers recorded meanwhile. */
    private void runThreeMinutes() {
        for (int i = 0; i < 12; i++) {
            advance(Duration.ofSeconds(15));
            deliverOutcomes();
        }
    }

    /** The request as the old owner committed it, restored into the new owner's store and schedule. */
    private void restored(TrackedTask task) {
        inFlight().put(task.getRequestId(), task);
        KeyValueStore<String, String> schedule = driver.getKeyValueStore(Topics.SCHEDULE_STORE);
        schedule.put(String.format("%013d|%s", task.getWakeAt(), task.getRequestId()), task.getRequestId());
    }

    private void publishRequest(String id) {
        VideoRequested request = VideoRequested.newBuilder().setRequestId(id).setModel("veo3.1")
                .setOperation("text-to-video").setPrompt("a cat in a garden").setRequestedAt(T0).build();
        driver.createInputTopic(Topics.REQUESTS, Serdes.String().serializer(), Serdes.ByteArray().serializer())
                .pipeInput(id, AvroSerde.of(VideoRequested.class).encode(request));
    }

    private void advance(Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    private KeyValueStore<String, TrackedTask> inFlight() {
        return driver.getKeyValueStore(Topics.IN_FLIGHT_STORE);
    }
}
