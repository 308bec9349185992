package io.reelay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.reelay.events.VideoRequested;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.kafka.Topics;
import io.reelay.kafka.TraceHeaders;
import io.reelay.testing.broker.KafkaBrokerResource;
import io.reelay.testing.kafka.Received;
import io.reelay.testing.kafka.TopicClient;
import io.reelay.observability.health.TrackerReadinessCheck;
import jakarta.inject.Inject;

/**
 * What an operator sees of a run on a real broker with the simulator over real HTTP: the reelay_*
 * series in /q/metrics by provider and model, the health checks, and one trace per request.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class ObservabilityEndToEndIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static TopicClient kafka;

    @Inject
    InMemorySpanExporter spans;

    @BeforeAll
    static void connect() {
        kafka = new TopicClient(KafkaBrokerResource.bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void aRunShowsInPrometheusByProviderAndModel() {
        String run = "obs-" + UUID.randomUUID().toString().substring(0, 8);
        List<VideoRequested> requests = List.of(
                request(run + "-tl", "veo3.1", "A calm cinematic shot of a cat in a garden"),
                request(run + "-hub", "wan-2.7", "Rain on a window"),
                request(run + "-fail", "kling-v2.6-pro", "A storm at sea [simulate:fail]"),
                request(run + "-bad", "veo-" + run, "An unknown model"));
        requests.forEach(r -> kafka.send(Topics.REQUESTS, r.getRequestId(), r));
        Set<String> ended = new java.util.HashSet<>();
        boolean all = kafka.readUntil(List.of(Topics.COMPLETED, Topics.FAILED), WITHIN, r -> {
            if (r.key().startsWith(run)) {
                ended.add(r.key());
            }
            return ended.size() == requests.size();
        });
        assertThat(all).as("terminal events of %s, got %s", run, ended).isTrue();

        // Scraped until the last terminal event's meters are in (they are recorded as its transaction commits).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(value(metrics, "reelay_requests_received_total", "provider", "tokenlab", "model", "veo3.1"))
                    .isPositive();
            assertThat(value(metrics, "reelay_requests_submitted_total", "provider", "hub", "model", "wan-2.7"))
                    .isPositive();
            assertThat(value(metrics, "reelay_requests_completed_total", "provider", "tokenlab", "model", "veo3.1"))
                    .isPositive();
            assertThat(value(metrics, "reelay_requests_completed_total", "provider", "hub", "model", "wan-2.7"))
                    .isPositive();
            assertThat(value(metrics, "reelay_requests_failed_total", "provider", "tokenlab", "model",
                    "kling-v2.6-pro", "reason", "upstream_failed")).isPositive();
            assertThat(value(metrics, "reelay_requests_rejected_total", "provider", "unknown", "model", "unknown",
                    "reason", "unknown_model")).isPositive();
            assertThat(metrics).as("a model id from outside is never a label").doesNotContain(run);
            assertThat(value(metrics, "reelay_upstream_calls_seconds_count", "provider", "tokenlab",
                    "endpoint", "submit", "status", "200", "outcome", "success")).isPositive();
            assertThat(value(metrics, "reelay_upstream_calls_seconds_count", "provider", "hub",
                    "endpoint", "poll", "status", "200", "outcome", "success")).isPositive();
            assertThat(value(metrics, "reelay_task_polls_count", "provider", "tokenlab", "model", "veo3.1",
                    "outcome", "completed")).isPositive();
            assertThat(value(metrics, "reelay_task_polls_sum", "provider", "tokenlab", "model", "veo3.1",
                    "outcome", "completed")).isPositive();
            assertThat(value(metrics, "reelay_task_detection_lag_seconds_count", "provider", "tokenlab",
                    "model", "veo3.1")).isPositive();
            assertThat(value(metrics, "reelay_request_duration_seconds_count", "provider", "tokenlab",
                    "model", "veo3.1", "outcome", "completed")).isPositive();
            assertThat(value(metrics, "reelay_request_duration_seconds_bucket", "provider", "tokenlab",
                    "model", "veo3.1", "outcome", "completed", "le", "+Inf")).isPositive();
            assertThat(value(metrics, "reelay_tasks_in_flight", "provider", "tokenlab", "model", "veo3.1"))
                    .as("every request ended").isZero();
        });
    }

    @Test
    void livenessAndReadinessAreUpWithTheirChecksOnceTheTrackerRuns() {
        await().atMost(WITHIN).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));

        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(TrackerReadinessCheck.NAME, "Kafka Streams topics health check",
                        "Kafka connection health check", "SmallRye Reactive Messaging - readiness check"))
                .body("checks.find { it.name == '" + TrackerReadinessCheck.NAME + "' }.data.state",
                        equalTo("RUNNING"));
        given().get("/q/health/live").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Kafka Streams state health check",
                        "SmallRye Reactive Messaging - liveness check"));
    }

    @Test
    void aRequestIsOneTraceFromItsProducerThroughTheUpstreamCallsToItsCompletion() {
        String run = "trace-" + UUID.randomUUID().toString().substring(0, 8);
        String producerTrace = UUID.randomUUID().toString().replace("-", "");
        String producerSpan = producerTrace.substring(0, 16);
        VideoRequested traced = request(run + "-in", "veo3.1", "A paper boat on a river");
        VideoRequested untraced = request(run + "-new", "veo3.1-fast", "A lighthouse at dusk");
        kafka.send(Topics.REQUESTS, traced.getRequestId(), AvroSerde.of(VideoRequested.class).encode(traced),
                Map.of(TraceHeaders.TRACEPARENT, "00-" + producerTrace + "-" + producerSpan + "-01"));
        kafka.send(Topics.REQUESTS, untraced.getRequestId(), untraced);

        Map<String, Received> completed = new java.util.HashMap<>();
        boolean both = kafka.readUntil(List.of(Topics.COMPLETED), WITHIN, r -> {
            if (r.key().startsWith(run)) {
                completed.put(r.key(), r);
            }
            return completed.size() == 2;
        });
        assertThat(both).as("completions of %s: %s", run, completed.keySet()).isTrue();

        String carried = completed.get(traced.getRequestId()).header(TraceHeaders.TRACEPARENT);
        assertThat(carried).as("the completion continues the producer's trace").startsWith("00-" + producerTrace + "-");
        assertOneTrace(producerTrace, producerSpan);
        String started = completed.get(untraced.getRequestId()).header(TraceHeaders.TRACEPARENT);
        assertThat(started).as("a request without a traceparent gets a trace of its own").isNotNull();
        assertOneTrace(started.split("-")[1], null);
        assertThat(spans.getFinishedSpanItems()).filteredOn(s -> s.getKind() == SpanKind.CLIENT)
                .as("no client span outside the requests' traces either")
                .extracting(SpanData::getName).isSubsetOf("POST submit", "GET poll", "DELETE cancel");
    }

    @Test
    void aRequestPostedOverHttpContinuesTheCallersTrace() {
        String id = "trace-http-" + UUID.randomUUID().toString().substring(0, 8);
        String callerTrace = UUID.randomUUID().toString().replace("-", "");
        io.reelay.testing.ApiKeys.asWriter()
                .header(TraceHeaders.TRACEPARENT, "00-" + callerTrace + "-" + callerTrace.substring(0, 16) + "-01")
                .contentType("application/json")
                .body("{\"request_id\":\"" + id + "\",\"model\":\"veo3.1-fast\",\"prompt\":\"A heron\"}")
                .post("/v1/requests").then().statusCode(202);

        Received[] completion = new Received[1];
        boolean done = kafka.readUntil(List.of(Topics.COMPLETED), WITHIN, r -> {
            if (r.key().equals(id)) {
                completion[0] = r;
            }
            return completion[0] != null;
        });
        assertThat(done).as("completion of %s", id).isTrue();
        assertThat(completion[0].header(TraceHeaders.TRACEPARENT)).as("the caller's trace, through Kafka, to the end")
                .startsWith("00-" + callerTrace + "-");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spans.getFinishedSpanItems())
                .filteredOn(s -> s.getTraceId().equals(callerTrace)).extracting(SpanData::getName)
                .contains("video.requests process", "POST submit", "video.completed publish"));
    }

    /**
     * The spans of one request's trace: admission (a child of the producer's span, or the root), the
     * submit and its polls as client spans, the submit answer's publish span made by the Kafka connector
     * (one: no second span of Reelay's own), and the completion's publish span.
     */
    private void assertOneTrace(String traceId, String producerSpan) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<SpanData> trace = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getTraceId().equals(traceId)).toList();
            List<String> names = trace.stream().map(SpanData::getName).toList();
            assertThat(names).contains("video.requests process", "POST submit", "GET poll", "video.completed publish");
            assertThat(names.stream().filter("video.tasks publish"::equals)).as("the created answer's record")
                    .hasSize(1);
            assertThat(trace.stream().filter(s -> s.getKind() == SpanKind.CLIENT).map(SpanData::getName))
                    .as("no second client span (Vert.x's own tracing is off for the upstream clients)")
                    .allMatch(name -> name.equals("POST submit") || name.equals("GET poll"));
            SpanData admission = trace.stream().filter(s -> s.getName().equals("video.requests process"))
                    .findFirst().orElseThrow();
            if (producerSpan != null) {
                assertThat(admission.getParentSpanId()).isEqualTo(producerSpan);
            } else {
                assertThat(admission.getParentSpanContext().isValid()).isFalse();
            }
            assertThat(trace).filteredOn(s -> !s.getName().equals("video.requests process")
                    && s.getKind() != SpanKind.SERVER).allSatisfy(s -> assertThat(s.getParentSpanId())
                            .as("%s is a child of the admission", s.getName()).isEqualTo(admission.getSpanId()));
        });
    }

    /**
     * The value of the Prometheus sample {@code name} whose labels include {@code labels} (name, value,
     * ...), or -1 when there is none.
     */
    private static double value(String exposition, String name, String... labels) {
        Map<String, String> wanted = new java.util.HashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)", Pattern.MULTILINE);
        Pattern label = Pattern.compile("(\\w+)=\"([^\"]*)\"");
        Matcher m = line.matcher(exposition);
        while (m.find()) {
            Map<String, String> found = label.matcher(m.group(1)).results()
                    .collect(Collectors.toMap(r -> r.group(1), r -> r.group(2)));
            if (found.entrySet().containsAll(wanted.entrySet())) {
                return Double.parseDouble(m.group(2));
            }
        }
        return -1;
    }

    private static VideoRequested request(String id, String model, String prompt) {
        return VideoRequested.newBuilder()
                .setRequestId(id)
                .setModel(model)
                .setOperation("text-to-video")
                .setPrompt(prompt)
                .setRequestedAt(Instant.now())
                .build();
    }
}
