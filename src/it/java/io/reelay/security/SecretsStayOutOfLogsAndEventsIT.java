package io.reelay.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.reelay.events.VideoRequested;
import io.reelay.kafka.Topics;
import io.reelay.testing.broker.KafkaBrokerResource;
import io.reelay.testing.kafka.Received;
import io.reelay.testing.kafka.TopicClient;
import io.reelay.testing.process.SimulatorResource;
import jakarta.inject.Inject;

/**
 * With a real key configured, the key reaches the upstream (as a bearer token) and nowhere else:
 * not the log (message, MDC), not any event, not any span. Prompts are not logged at INFO or above.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@TestProfile(SecretsStayOutOfLogsAndEventsIT.WithAKey.class)
class SecretsStayOutOfLogsAndEventsIT {

    static final String KEY = "sk-test-" + "NEVER-LOG-THIS-7f3a9c";
    static final String API_KEY = "reelay-api-" + "NEVER-LOG-THIS-TOO-41d2";
    static final String WRONG_API_KEY = "reelay-api-" + "WRONG-NEVER-LOG-9b0e";

    public static class WithAKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("reelay.tokenlab.api-key", KEY, "reelay.hub.api-key", KEY,
                    "reelay.api.auth.clients.security-test.key", API_KEY,
                    // Its requests are published straight to Kafka (no owner): only an admin key reads them.
                    "reelay.api.auth.clients.security-test.access", "admin");
        }
    }

    @Inject
    InMemorySpanExporter spans;

    private final List<LogRecord> records = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void theKeyIsSentOnlyToTheUpstreamAndNeverLoggedNorPublished() {
        String run = "sec-" + UUID.randomUUID().toString().substring(0, 8);
        String prompt = "PRIVATE-PROMPT-" + run + " a lighthouse at dusk";
        try (TopicClient kafka = new TopicClient(KafkaBrokerResource.bootstrapServers())) {
            VideoRequested ok = request(run + "-ok", "veo3.1", prompt).build();
            VideoRequested failing = request(run + "-fail", "kling-v2.6-pro", prompt + " [simulate:fail]").build();
            VideoRequested invalid = request(run + "-bad", "veo3.1", prompt).setImageUrl("https://127.0.0.1/x.png").build();
            VideoRequested hub = request(run + "-hub", "veo-3.1", prompt).build();
            for (VideoRequested r : List.of(ok, failing, invalid, hub)) {
                kafka.send(Topics.REQUESTS, r.getRequestId(), r);
            }
            List<Received> terminal = new ArrayList<>();
            boolean all = kafka.readUntil(List.of(Topics.COMPLETED, Topics.FAILED), Duration.ofSeconds(60), r -> {
                if (r.key().startsWith(run)) {
                    terminal.add(r);
                }
                return terminal.size() >= 4;
            });
            assertThat(all).as("all four requests ended: %s", terminal).isTrue();
            // The HTTP API's keys, right and wrong, stay out of the log too.
            given().header("X-API-Key", API_KEY).get("/v1/requests/" + ok.getRequestId()).then().statusCode(200);
            given().header("Authorization", "Bearer " + WRONG_API_KEY).get("/v1/requests/" + ok.getRequestId())
                    .then().statusCode(401);

            given().get(SimulatorResource.callsUrl()).then().statusCode(200)
                    .body("calls.findAll { it.requestId == '" + ok.getRequestId() + "' }.authorized", hasItem(true));

            List<Received> everything = new ArrayList<>();
            kafka.readUntil(List.of(Topics.TASKS, Topics.COMPLETED, Topics.FAILED, Topics.REQUESTS_DLQ),
                    Duration.ofSeconds(3), r -> !everything.add(r));
            assertThat(everything).isNotEmpty();
            assertThat(everything).noneSatisfy(r -> assertThat(new String(r.value(), StandardCharsets.ISO_8859_1))
                    .contains(KEY));
        }
        List<String> lines = logged(Level.ALL);
        assertThat(lines).as("the service's own log lines are captured").anyMatch(line -> line.contains(run + "-ok"));
                assertThat(lines).noneMatch(line -> line.contains(KEY) || line.contains(API_KEY) || line.contains(WRONG_API_KEY));
        assertThat(contexts()).as("MDC and NDC: fields of every JSON log line").noneMatch(text -> text.contains(KEY) || text.contains(API_KEY));
        assertThat(spans.getFinishedSpanItems()).as("spans recorded (tracing is on in tests)").isNotEmpty()
                .extracting(span -> span.getName() + " " + span.getAttributes() + " " + span.getEvents())
                .noneMatch(text -> text.contains(KEY) || text.contains(API_KEY));
        assertThat(logged(Level.INFO)).noneMatch(line -> line.contains("PRIVATE-PROMPT-"));
    }

    private List<String> logged(Level atLeast) {
        synchronized (records) {
            return records.stream().filter(r -> r.getLevel().intValue() >= atLeast.intValue())
                    .map(r -> {
                        String message = r.getMessage() == null ? "" : r.getMessage();
                        Object[] params = r.getParameters();
                        String text = message + (params == null ? "" : " " + java.util.Arrays.toString(params));
                        return r.getThrown() == null ? text : text + " " + r.getThrown();
                    })
                    .toList();
        }
    }

    /** What each record carries besides its message: the MDC (trace ids when tracing is on) and the NDC. */
    private List<String> contexts() {
        synchronized (records) {
            return records.stream().filter(r -> r instanceof ExtLogRecord).map(r -> (ExtLogRecord) r)
                    .map(r -> r.getMdcCopy() + " " + r.getNdc())
                    .toList();
        }
    }

    private static VideoRequested.Builder request(String id, String model, String prompt) {
        return VideoRequested.newBuilder().setRequestId(id).setModel(model).setOperation("text-to-video")
                .setPrompt(prompt).setRequestedAt(Instant.now());
    }
}
