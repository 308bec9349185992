package io.reelay.observability.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.reelay.config.TestConfig;
import io.reelay.intake.VideoRequest;
import io.reelay.testing.LoopbackHttp;
import io.reelay.testing.RecordingServer;
import io.reelay.testing.RecordingServer.Answer;
import io.reelay.upstream.TaskHandle;
import io.reelay.upstream.tokenlab.TokenLabProvider;
import io.smallrye.mutiny.Uni;

/**
 * Every upstream HTTP call is counted by provider, endpoint, HTTP status and outcome, and traced as a
 * client span in the current trace, over real HTTP.
 */
class UpstreamTelemetryTest {

    private static final String KEY = "sk-telemetry-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private LoopbackHttp http;

    @BeforeEach
    void start() {
        http = LoopbackHttp.start();
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    @Test
    void answersAreCountedByEndpointAndStatus() throws Exception {
        RecordingServer upstream = http.recording(r -> r.method().name().equals("POST")
                ? Answer.json(200, "{\"id\":\"ldtask_1\",\"status\":\"pending\"}")
                : r.method().name().equals("GET") ? Answer.json(429, "{\"error\":{\"code\":\"rate_limit_exceeded\"}}")
                : Answer.json(400, "{\"error\":{\"code\":\"not_cancellable\"}}"));
        TokenLabProvider tokenlab = provider(upstream.baseUrl(), Duration.ofSeconds(5));

        tokenlab.submit(request()).await().atMost(WAIT);
        end(tokenlab.poll(new TaskHandle("ldtask_1", null)));
        end(tokenlab.poll(new TaskHandle("ldtask_1", null)));
        end(tokenlab.cancel(new TaskHandle("ldtask_1", null)));

        assertThat(calls("submit", "200", "success").count()).isEqualTo(1);
        assertThat(calls("poll", "429", "error_answer").count()).isEqualTo(2);
        assertThat(calls("cancel", "400", "error_answer").count()).isEqualTo(1);
        assertThat(calls("submit", "200", "success").totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(meters.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags().toString()).doesNotContain(KEY));
    }

    @Test
    void callsWithoutAnAnswerAreTimeoutsOrConnectionErrors() throws Exception {
        RecordingServer silent = http.recording(r -> Answer.never());
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        end(provider(silent.baseUrl(), Duration.ofMillis(300)).poll(new TaskHandle("ldtask_s", null)));
        end(provider("http://127.0.0.1:" + closedPort, Duration.ofSeconds(2)).poll(new TaskHandle("ldtask_c", null)));

        assertThat(calls("poll", "none", "timeout").count()).isEqualTo(1);
        assertThat(calls("poll", "none", "connection_error").count()).isEqualTo(1);
    }

    @Test
    void eachCallIsAClientSpanInTheCurrentTraceAndCarriesItsTraceparentToTheUpstream() throws Exception {
        List<String> traceparents = new CopyOnWriteArrayList<>();
        RecordingServer upstream = http.recording(r -> {
            traceparents.add(r.getHeader("traceparent"));
            return r.method().name().equals("POST") ? Answer.json(200, "{\"id\":\"ldtask_1\",\"status\":\"pending\"}")
                    : Answer.json(503, "{\"error\":{\"code\":\"all_channels_failed\"}}");
        });
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans))
                .build()) {
            TokenLabProvider tokenlab = new TokenLabProvider(http.webClient(),
                    TestConfig.tokenlab(upstream.baseUrl(), KEY, WAIT),
                    new UpstreamTelemetry(meters, tracing.get("test")));
            Span request = tracing.get("test").spanBuilder("request").startSpan();
            try (Scope ignored = request.makeCurrent()) {
                Uni<?> submit = tokenlab.submit(request());
                String signed = upstream.baseUrl() + "/v1/tasks/ldtask_1?sig=x";
                Uni<?> poll = tokenlab.poll(new TaskHandle("ldtask_1", signed));
                submit.await().atMost(WAIT);
                end(poll);
            } finally {
                request.end();
            }

            List<SpanData> client = spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CLIENT)
                    .toList();
            assertThat(client).extracting(SpanData::getName).containsExactly("POST submit", "GET poll");
            assertThat(client).allSatisfy(span -> {
                assertThat(span.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
                assertThat(span.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
                assertThat(span.getAttributes().get(UpstreamTelemetry.PROVIDER)).isEqualTo("tokenlab");
                assertThat(span.getAttributes().toString()).doesNotContain(KEY).doesNotContain("sig=");
            });
            SpanData poll = client.get(1);
            assertThat(poll.getAttributes().get(UpstreamTelemetry.STATUS)).isEqualTo(503L);
            assertThat(poll.getAttributes().get(UpstreamTelemetry.URL)).endsWith("/v1/tasks/ldtask_1");
            assertThat(poll.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(traceparents).as("the upstream sees each call's own span as its parent").containsExactly(
                    "00-" + client.get(0).getTraceId() + "-" + client.get(0).getSpanId() + "-01",
                    "00-" + poll.getTraceId() + "-" + poll.getSpanId() + "-01");
        }
    }

    private Timer calls(String endpoint, String status, String outcome) {
        return meters.get(UpstreamTelemetry.CALLS)
                .tags("provider", "tokenlab", "endpoint", endpoint, "status", status, "outcome", outcome).timer();
    }

    private TokenLabProvider provider(String baseUrl, Duration timeout) {
        return new TokenLabProvider(http.webClient(), TestConfig.tokenlab(baseUrl, KEY, timeout),
                new UpstreamTelemetry(meters));
    }

    private static void end(Uni<?> call) {
        catchThrowable(() -> call.await().atMost(WAIT));
    }

    private static VideoRequest request() {
        return VideoRequest.builder("req-t", "veo3.1-fast").operation("text-to-video").prompt("a cat").build();
    }
}
