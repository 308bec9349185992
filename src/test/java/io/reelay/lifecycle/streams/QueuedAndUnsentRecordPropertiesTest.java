package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelay.catalog.ModelCatalog;
import io.reelay.config.ReelayConfig;
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
import io.reelay.upstream.budget.RateBudgets;
import io.smallrye.mutiny.Uni;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * {@code queued} on video.tasks is informational, and {@code unsent} takes back only the one mark it names: whatever
 * either holds (a known, unknown or garbage request id, any provider, tenant, priority, position, mark time or time),
 * read by the tracker it moves nothing, except that an {@code unsent} naming the standing mark of {@link #HANDED} (another
 * process's, read here) moves that request back to be resumed, once. Signed, a record changes no other store entry,
 * calls no upstream and writes nothing; unsigned or not matching its key, it is one dead letter and nothing else.
 * One tracker for all the cases, with requests in flight and waiting: every case must leave it as it was.
 */
class QueuedAndUnsentRecordPropertiesTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    /** A request whose sending mark, written at {@link #MARK_AT} by another process, stands uncalled here. */
    private static final String HANDED = "m-0";
    private static final Instant MARK_AT = T0.plusMillis(123);
    private static final List<String> KNOWN = List.of("w-0", "w-1", "w-2", "w-3", "w-4", HANDED);
    private static Tracker tracker;

    /** A tracker with w-0 submitted (its task running) and w-1..w-4 waiting for the budget. */
    private static final class Tracker {
        final ScriptedProvider upstream = new ScriptedProvider();
        final TopologyTestDriver driver;
        final TestInputTopic<String, VideoTaskEvent> signed;
        final TestInputTopic<String, VideoTaskEvent> unsigned;
        final Map<String, TestOutputTopic<String, byte[]>> outputs = new HashMap<>();

        Tracker() throws Exception {
            ReelayConfig settings = TrackerTestConfig.fixedPolling()
                    .set(c -> c.tracker().firstPollDelay(), Duration.ofMinutes(5)).build();
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "queued-hostile-test");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("queued-hostile").toString());
            ModelCatalog catalog = ModelCatalog.load();
            var intake = new RequestIntake(new RequestValidator(catalog, settings.validation()),
                    io.reelay.kafka.EventSerdes.singleObject(), Tenancy.of(settings));
            List<VideoTaskEvent> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
            var services = new TrackerServices(intake, name -> "tokenlab".equals(name) ? upstream : null,
                    answer -> {
                        answers.add(answer);
                        return Uni.createFrom().voidItem();
                    }, new TrackerMetrics(new SimpleMeterRegistry(), () -> catalog, TenantTags.of(settings)),
                    new RateBudgets(Map.of("tokenlab", 12)));
            upstream.acceptingSubmits();
            driver = new TopologyTestDriver(TrackerTopology.buildTopology(settings, services), props, T0);
            Serializer<VideoTaskEvent> avro = AvroSerde.of(VideoTaskEvent.class).serializer();
            signed = driver.createInputTopic(Topics.TASKS, Serdes.String().serializer(), SignedTasks.signed(avro));
            unsigned = driver.createInputTopic(Topics.TASKS, Serdes.String().serializer(), avro);
            var requests = driver.createInputTopic(Topics.REQUESTS, Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            for (String id : KNOWN.subList(0, 5)) {
                requests.pipeInput(id, AvroSerde.of(VideoRequested.class).encode(VideoRequested.newBuilder()
                        .setRequestId(id).setModel("veo3.1").setOperation("text-to-video").setPrompt("a kite")
                        .setRequestedAt(T0).setTenant("t").build()));
            }
            driver.advanceWallClockTime(Duration.ofMillis(500));
            answers.forEach(a -> signed.pipeInput(a.getRequestId(), a));
            for (String topic : List.of(Topics.TASKS, Topics.COMPLETED, Topics.FAILED, Topics.REQUESTS_DLQ,
                    Topics.LEDGER, Topics.REROUTED)) {
                outputs.put(topic, driver.createOutputTopic(topic, Serdes.String().deserializer(),
                        Serdes.ByteArray().deserializer()));
            }
            standingMarkOfAnother(settings);
            drain();
            assertThat(upstream.submits).hasSize(1);
        }

        /** HANDED as a new owner finds it: stored with its mark, which it read back (not its own). */
        private void standingMarkOfAnother(ReelayConfig settings) {
            VideoRequested request = VideoRequested.newBuilder().setRequestId(HANDED).setModel("veo3.1")
                    .setOperation("text-to-video").setPrompt("a kite").setRequestedAt(T0).setTenant("t").build();
            VideoTaskEvent intent = io.reelay.lifecycle.submit.mapping.TaskEventFactory.submitting(
                    io.reelay.intake.mapping.RequestMapper.toDomain(request), "tokenlab", T0);
            long at = MARK_AT.toEpochMilli();
            KeyValueStore<String, io.reelay.state.TrackedTask> inFlight = driver.getKeyValueStore(
                    Topics.IN_FLIGHT_STORE);
            long wake = at + settings.tracker().submitOutcomeTimeout().toMillis();
            inFlight.put(HANDED, io.reelay.state.TrackedTask.newBuilder().setRequestId(HANDED)
                    .setPhase(io.reelay.state.TrackedPhase.submitting).setProvider("tokenlab").setModel("veo3.1")
                    .setOperation("text-to-video").setIntentAt(at).setSendingMarked(true)
                    .setPendingRequest(intent.getRequest()).setTenant("t").setWakeAt(wake).build());
            driver.<String, String>getKeyValueStore(Topics.SCHEDULE_STORE)
                    .put(String.format("%013d|%s", wake, HANDED), HANDED);
            signed.pipeInput(HANDED, io.reelay.lifecycle.submit.mapping.TaskEventFactory.sending(intent, MARK_AT));
        }

        void drain() {
            outputs.values().forEach(TestOutputTopic::readRecordsToList);
        }

        Map<String, Object> stores() {
            Map<String, Object> all = new HashMap<>();
            for (String name : List.of(Topics.IN_FLIGHT_STORE, Topics.FINISHED_STORE, Topics.SCHEDULE_STORE)) {
                KeyValueStore<String, Object> store = driver.getKeyValueStore(name);
                try (KeyValueIterator<String, Object> it = store.all()) {
                    while (it.hasNext()) {
                        KeyValue<String, Object> kv = it.next();
                        all.put(name + "/" + kv.key, kv.value);
                    }
                }
            }
            return all;
        }

        int written(String topic) {
            return outputs.get(topic).readRecordsToList().size();
        }
    }

    @AfterContainer
    static void close() {
        if (tracker != null) {
            tracker.driver.close();
        }
    }

    record Hostile(String key, boolean ownId, boolean sign, VideoTaskEvent event) {
    }

    @Provide
    Arbitrary<Hostile> hostile() {
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of(KNOWN),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(40).alpha().numeric().withChars("-_:./"),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(300));
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.of("tokenlab", "hub", "veo3.1", "", "t", "x"),
                Arbitraries.strings().ofMaxLength(100));
        Arbitrary<Instant> times = Arbitraries.longs().between(-62_000_000_000_000L, 250_000_000_000_000L)
                .map(Instant::ofEpochMilli).injectNull(0.2);
        Arbitrary<Integer> ints = Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.integers().between(-3, 10))
                .injectNull(0.2);
        Arbitrary<VideoTaskEventType> types = Arbitraries.of(VideoTaskEventType.queued, VideoTaskEventType.unsent);
        Arbitrary<VideoTaskEvent.Builder> base = Combinators.combine(types, text, text, text.injectNull(0.3),
                text.injectNull(0.3), ints, times).as((type, provider, model, operation, tenant, priority, occurred) ->
                        VideoTaskEvent.newBuilder().setType(type).setProvider(provider)
                                .setModel(model).setOperation(operation).setTenant(tenant).setPriority(priority)
                                .setOccurredAt(occurred == null ? T0 : occurred));
        // The mark named: the standing one's time, a millisecond off it, any time, or none.
        Arbitrary<Instant> marks = Arbitraries.oneOf(Arbitraries.just(MARK_AT), Arbitraries.of(
                MARK_AT.minusMillis(1), MARK_AT.plusMillis(1)), times);
        Arbitrary<VideoTaskEvent.Builder> full = Combinators.combine(base, ints, times, times, text.injectNull(0.7),
                marks).as((b, position, start, finish, taskId, markAt) -> b.setQueuePosition(position)
                        .setEstimatedStartAt(start).setEstimatedFinishAt(finish).setUpstreamTaskId(taskId)
                        .setMarkAt(markAt));
        return Combinators.combine(keys, Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 9),
                full).as((key, own, sign, builder) -> {
                    boolean ownId = own > 0;
                    String id = ownId ? key : key + "-other";
                    return new Hostile(key, ownId, sign > 1, builder.setRequestId(id).build());
                });
    }

    @Property(tries = 3_000)
    void aHostileQueuedOrUnsentRecordMovesNothingButTheMarkItNames(@ForAll("hostile") Hostile hostile)
            throws Exception {
        if (tracker == null) {
            tracker = new Tracker();
        }
        Map<String, Object> before = tracker.stores();
        int submits = tracker.upstream.submits.size();
        io.reelay.state.TrackedTask handed = (io.reelay.state.TrackedTask) before.get(Topics.IN_FLIGHT_STORE + "/"
                + HANDED);
        boolean takesBack = hostile.sign() && hostile.ownId() && HANDED.equals(hostile.key())
                && hostile.event().getType() == VideoTaskEventType.unsent
                && MARK_AT.equals(hostile.event().getMarkAt()) && handed.getSendingMarked();
        (hostile.sign() ? tracker.signed : tracker.unsigned).pipeInput(hostile.key(), hostile.event());

        Map<String, Object> after = tracker.stores();
        if (takesBack) {
            io.reelay.state.TrackedTask back = (io.reelay.state.TrackedTask) after.get(Topics.IN_FLIGHT_STORE + "/"
                    + HANDED);
            assertThat(back.getSendingMarked()).as("its mark taken back").isFalse();
            assertThat(back.getSubmitRetryAt()).as("resumed at the next tick").isNotNull();
            assertThat(back.getSubmitAttempts()).isZero();
            after.keySet().removeIf(key -> key.contains(HANDED));
            before.keySet().removeIf(key -> key.contains(HANDED));
        }
        assertThat(after).as("the stores").isEqualTo(before);
        assertThat(tracker.upstream.submits).as("no upstream call").hasSize(submits);
        boolean read = hostile.sign() && hostile.ownId() && io.reelay.kafka.RequestIds.problem(hostile.key()) == null;
        assertThat(tracker.written(Topics.REQUESTS_DLQ)).as("a dead letter only for one not read")
                .isEqualTo(read ? 0 : 1);
        for (String topic : List.of(Topics.TASKS, Topics.COMPLETED, Topics.FAILED, Topics.LEDGER, Topics.REROUTED)) {
            assertThat(tracker.written(topic)).as(topic).isZero();
        }
    }
}
