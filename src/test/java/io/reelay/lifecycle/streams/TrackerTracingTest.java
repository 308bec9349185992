package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.reelay.config.ReelayConfig;
import io.reelay.catalog.ModelCatalog;
import io.reelay.config.TestConfig;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoRequested;
import io.reelay.events.VideoTaskEvent;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.kafka.Topics;
import io.reelay.kafka.TraceHeaders;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.intake.VideoRequest;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.observability.metrics.TrackerMetrics;
import io.reelay.observability.tracing.TrackerTracing;
import io.reelay.upstream.SubmittedTask;
import io.reelay.upstream.TaskHandle;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamStatus;
import io.reelay.upstream.VideoOutput;
import io.reelay.upstream.VideoProvider;
import io.smallrye.mutiny.Uni;

/**
 * One trace per request through the topology: the admission continues the producer's trace, and the
 * submit, the polls (from the punctuator), the answers and every record written for the request stay in it.
 */
class TrackerTracingTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final ReelayConfig SETTINGS = TrackerTestConfig.fixedPolling().build();
    private static final String PRODUCER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PRODUCER_SPAN = "00f067aa0ba902b7";

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    private final ScriptedProvider scripted = new ScriptedProvider().acceptingSubmits();
    /** The span current on the stream thread when each upstream call was made. */
    private final List<SpanContext> callContexts = new CopyOnWriteArrayList<>();
    /** Submit answers with the trace they were written in. */
    private final List<VideoTaskEvent> outcomes = new CopyOnWriteArrayList<>();
    private final List<Context> outcomeTraces = new CopyOnWriteArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> requestsIn;
    private TestInputTopic<String, VideoTaskEvent> tasksIn;
    private TestOutputTopic<String, VideoTaskEvent> tasksOut;
    private TestOutputTopic<String, VideoCompleted> completed;
    private TestOutputTopic<String, VideoFailed> failed;

    private void start(TrackerTracing tracing) throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "tracker-tracing-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("tracker-tracing-test").toString());
        var intake = new RequestIntake(new RequestValidator(ModelCatalog.load(), TestConfig.defaults().validation()));
        VideoProvider traced = new VideoProvider() {
            @Override
            public String name() {
                return scripted.name();
            }

            @Override
            public Uni<SubmittedTask> submit(VideoRequest request) {
                callContexts.add(Span.current().getSpanContext());
                return scripted.submit(request);
            }

            @Override
            public Uni<TaskReport> poll(TaskHandle task) {
                callContexts.add(Span.current().getSpanContext());
                return scripted.poll(task);
            }
        };
        var services = new TrackerServices(intake, name -> traced, new io.reelay.lifecycle.submit.SubmitOutcomes() {
            @Override
            public Uni<Void> record(VideoTaskEvent outcome) {
                throw new AssertionError("the tracker writes answers in their request's trace");
            }

            @Override
            public Uni<Void> record(VideoTaskEvent outcome, Context trace) {
                outcomes.add(outcome);
                outcomeTraces.add(trace);
                return Uni.createFrom().voidItem();
            }
        }, new TrackerMetrics(new SimpleMeterRegistry()), io.reelay.upstream.budget.RateBudgets.unlimited(), tracing);
        driver = new TopologyTestDriver(TrackerTopology.buildTopology(SETTINGS, services), props, T0);
        requestsIn = driver.createInputTopic(Topics.REQUESTS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        tasksIn = driver.createInputTopic(Topics.TASKS, Serdes.String().serializer(),
                SignedTasks.signed(AvroSerde.of(VideoTaskEvent.class).serializer()));
        tasksOut = driver.createOutputTopic(Topics.TASKS, Serdes.String().deserializer(),
                AvroSerde.of(VideoTaskEvent.class).deserializer());
        completed = driver.createOutputTopic(Topics.COMPLETED, Serdes.String().deserializer(),
                AvroSerde.of(VideoCompleted.class).deserializer());
        failed = driver.createOutputTopic(Topics.FAILED, Serdes.String().deserializer(),
                AvroSerde.of(VideoFailed.class).deserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        tracerProvider.close();
    }

    @Test
    void aRequestContinuesTheProducersTraceThroughSubmitPollsAndItsCompletion() throws Exception {
        start(new TrackerTracing(tracerProvider.get("test")));
        scripted.answer("task-1", report(UpstreamStatus.PROCESSING), done());

        publish(request("tr-1", "veo3.1"), "00-" + PRODUCER_TRACE + "-" + PRODUCER_SPAN + "-01");
        SpanData admission = only("video.requests process");
        assertThat(admission.getTraceId()).isEqualTo(PRODUCER_TRACE);
        assertThat(admission.getParentSpanId()).isEqualTo(PRODUCER_SPAN);
        assertThat(admission.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(admission.getAttributes().get(TrackerTracing.REQUEST_ID)).isEqualTo("tr-1");
        assertThat(admission.getAttributes().get(TrackerTracing.OUTCOME)).isEqualTo("admitted");

        List<TestRecord<String, VideoTaskEvent>> marks = tasksOut.readRecordsToList();
        assertThat(marks).as("intent and sending mark").hasSize(2)
                .allSatisfy(r -> assertThat(ids(parentOf(r.headers()))).isEqualTo(ids(admission.getSpanContext())));
        assertThat(outcomeTraces).extracting(c -> ids(Span.fromContext(c).getSpanContext()))
                .containsExactly(ids(admission.getSpanContext()));
        deliverOutcomes(); // created, as the connector writes it (its own publish span's traceparent aside)

        driver.advanceWallClockTime(Duration.ofSeconds(5)); // processing
        driver.advanceWallClockTime(Duration.ofSeconds(5)); // done
        assertThat(callContexts).as("the submit and both polls ran in the request's trace").hasSize(3)
                .allSatisfy(c -> assertThat(ids(c)).isEqualTo(ids(admission.getSpanContext())));
        assertThat(tasksOut.readRecordsToList()).as("status_changed").isNotEmpty()
                .allSatisfy(r -> assertThat(ids(parentOf(r.headers()))).isEqualTo(ids(admission.getSpanContext())));

        TestRecord<String, VideoCompleted> completion = completed.readRecord();
        SpanData terminal = only("video.completed publish");
        assertThat(terminal.getTraceId()).isEqualTo(PRODUCER_TRACE);
        assertThat(terminal.getParentSpanId()).isEqualTo(admission.getSpanId());
        assertThat(terminal.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(ids(parentOf(completion.headers()))).as("consumers continue from the terminal span")
                .isEqualTo(ids(terminal.getSpanContext()));
    }

    @Test
    void withoutATraceparentTheTraceStartsAtAdmissionAndARefusalEndsInIt() throws Exception {
        start(new TrackerTracing(tracerProvider.get("test")));

        publish(request("tr-2", "veo-9"), null);

        SpanData admission = only("video.requests process");
        assertThat(admission.getParentSpanContext().isValid()).as("a new trace, rooted at admission").isFalse();
        assertThat(admission.getAttributes().get(TrackerTracing.OUTCOME)).isEqualTo("rejected");
        assertThat(admission.getAttributes().get(TrackerTracing.MODEL)).as("not a catalog model").isNull();
        SpanData terminal = only("video.failed publish");
        assertThat(terminal.getParentSpanId()).isEqualTo(admission.getSpanId());
        assertThat(terminal.getAttributes().get(TrackerTracing.FAILURE_REASON)).isEqualTo("invalid_request");
        assertThat(terminal.getAttributes().get(TrackerTracing.MODEL)).isNull();
        assertThat(ids(parentOf(failed.readRecord().headers()))).isEqualTo(ids(terminal.getSpanContext()));
    }

    @Test
    void withTracingOffAProducersTraceIsStillPassedOnToEveryRecord() throws Exception {
        start(TrackerTracing.disabled());
        scripted.answer("task-1", done());

        publish(request("tr-3", "veo3.1"), "00-" + PRODUCER_TRACE + "-" + PRODUCER_SPAN + "-01");
        deliverOutcomes();
        driver.advanceWallClockTime(Duration.ofSeconds(5));

        assertThat(spans.getFinishedSpanItems()).isEmpty();
        assertThat(tasksOut.readRecordsToList()).isNotEmpty()
                .allSatisfy(r -> assertThat(parentOf(r.headers()).getTraceId()).isEqualTo(PRODUCER_TRACE));
        assertThat(parentOf(completed.readRecord().headers()).getSpanId()).isEqualTo(PRODUCER_SPAN);
    }

    private SpanData only(String name) {
        List<SpanData> named = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(named).as("spans named %s", name).hasSize(1);
        return named.get(0);
    }

    private static String ids(SpanContext span) {
        return span.getTraceId() + "-" + span.getSpanId();
    }

    private static SpanContext parentOf(Headers headers) {
        return Span.fromContext(TraceHeaders.extract(headers)).getSpanContext();
    }

    private void publish(VideoRequested request, String traceParent) {
        Headers headers = new RecordHeaders();
        if (traceParent != null) {
            headers.add(TraceHeaders.TRACEPARENT, traceParent.getBytes(StandardCharsets.UTF_8));
        }
        requestsIn.pipeInput(new TestRecord<>(request.getRequestId(),
                AvroSerde.of(VideoRequested.class).encode(request), headers, T0));
    }

    private void deliverOutcomes() {
        List<VideoTaskEvent> written = List.copyOf(outcomes);
        outcomes.clear();
        written.forEach(e -> tasksIn.pipeInput(e.getRequestId(), e));
    }

    private static VideoRequested request(String id, String model) {
        return VideoRequested.newBuilder().setRequestId(id).setModel(model).setOperation("text-to-video")
                .setPrompt("a cat in a garden").setRequestedAt(T0).build();
    }

    private static TaskReport report(UpstreamStatus status) {
        return new TaskReport(status, "processing", 50, List.of(), null, false, null);
    }

    private static TaskReport done() {
        return new TaskReport(UpstreamStatus.COMPLETED, "completed", 100,
                List.of(new VideoOutput("https://cdn.example/v.mp4", 8.0, 1280, 720, null)), null, false, null);
    }
}
