package io.reelay.faults;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.reelay.events.FailureReason;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoRequested;
import io.reelay.kafka.DeadLetters;
import io.reelay.kafka.Topics;
import io.reelay.testing.broker.KafkaBrokerResource;
import io.reelay.testing.kafka.Received;
import io.reelay.testing.kafka.SingleObjectAvro;
import io.reelay.testing.kafka.TopicClient;
import io.reelay.testing.process.SimulatorResource;

/**
 * Garbage on video.requests, interleaved with valid requests: every record that is not a request ends in the
 * dead-letter topic (byte for byte, with its origin in headers), every hostile or ill-formed request ends in one
 * invalid_request failure with field errors, the valid requests around them all complete, and none of the garbage
 * reaches the upstream.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class PoisonPillIT {

    private static final Duration WITHIN = Duration.ofSeconds(90);
    private static final String JSON = "application/json";
    private static TopicClient kafka;

    /** A record to publish, and where it must end: the DLQ, or a failure with these "field:code" errors. */
    private record Pill(String key, byte[] value, Map<String, String> headers, List<String> expectedErrors) {
        boolean deadLetter() {
            return expectedErrors == null;
        }
    }

    @BeforeAll
    static void connect() {
        kafka = new TopicClient(KafkaBrokerResource.bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void garbageIsDeadLetteredOrRefusedAndNeverStopsOrReachesTheUpstream() {
        String run = "pp-" + UUID.randomUUID().toString().substring(0, 8);
        List<Pill> pills = pills(run);
        List<String> valid = new ArrayList<>();
        Map<String, RecordMetadata> sent = new LinkedHashMap<>();
        for (int i = 0; i < pills.size(); i++) {
            valid.add(sendValid(run + "-ok-" + i));
            Pill pill = pills.get(i);
            sent.put(pill.key(), kafka.send(Topics.REQUESTS, pill.key(), pill.value(), pill.headers()));
        }
        valid.add(sendValid(run + "-ok-last"));

        Map<String, List<Received>> terminal = awaitTerminal(run, valid.size()
                + (int) pills.stream().filter(p -> !p.deadLetter()).count());
        Map<String, Received> dead = awaitDeadLetters(run, (int) pills.stream().filter(Pill::deadLetter).count());

        assertThat(terminal.values()).as("terminal events per request").allSatisfy(events -> assertThat(events)
                .hasSize(1));
        for (String id : valid) {
            assertThat(terminal.get(id)).as(id).singleElement()
                    .satisfies(r -> assertThat(r.topic()).isEqualTo(Topics.COMPLETED))
                    .satisfies(r -> assertThat(r.value(VideoCompleted.class).getVideos()).isNotEmpty());
        }
        for (Pill pill : pills) {
            if (pill.deadLetter()) {
                Received record = dead.get(pill.key());
                assertThat(record).as("dead letter for " + pill.key()).isNotNull();
                assertThat(record.value()).as(pill.key()).isEqualTo(pill.value());
                assertThat(record.header(DeadLetters.REASON)).as(pill.key()).isNotBlank();
                assertThat(record.header(DeadLetters.TOPIC)).isEqualTo(Topics.REQUESTS);
                assertThat(record.header(DeadLetters.PARTITION)).isEqualTo(
                        Integer.toString(sent.get(pill.key()).partition()));
                assertThat(record.header(DeadLetters.OFFSET)).isEqualTo(
                        Long.toString(sent.get(pill.key()).offset()));
                assertThat(terminal).as(pill.key()).doesNotContainKey(pill.key());
            } else {
                assertThat(terminal.get(pill.key())).as(pill.key()).singleElement().satisfies(r -> {
                    assertThat(r.topic()).isEqualTo(Topics.FAILED);
                    VideoFailed failed = r.value(VideoFailed.class);
                    assertThat(failed.getReason()).isEqualTo(FailureReason.invalid_request);
                    assertThat(failed.getValidationErrors()).extracting(e -> e.getField() + ":" + e.getCode())
                            .containsAll(pill.expectedErrors());
                });
                assertThat(dead).as(pill.key()).doesNotContainKey(pill.key());
            }
        }
        Map<String, Integer> submits = given().get(SimulatorResource.callsUrl()).then().statusCode(200)
                .extract().jsonPath().getMap("submitsByRequestId", String.class, Integer.class);
        assertThat(submits.keySet()).as("request ids the upstream saw")
                .noneMatch(id -> pills.stream().anyMatch(p -> p.key().equals(id)));
        valid.forEach(id -> assertThat(submits).as(id).containsEntry(id, 1));
    }

    private static List<Pill> pills(String run) {
        Random random = new Random(7);
        byte[] noise = new byte[256];
        random.nextBytes(noise);
        byte[] avro = SingleObjectAvro.encode(request(run + "-avro", "veo3.1-fast", "text-to-video", "A quiet lake")
                .build());
        byte[] unknownFingerprint = avro.clone();
        for (int i = 2; i < 10; i++) {
            unknownFingerprint[i] ^= (byte) 0x5A;
        }
        String longPrompt = "a".repeat(6000);
        List<Pill> pills = new ArrayList<>(List.of(
                dlq(run + "-noise", noise, Map.of()),
                dlq(run + "-truncated", Arrays.copyOf(avro, avro.length / 2), Map.of()),
                dlq(run + "-marker-only", Arrays.copyOf(avro, 2), Map.of()),
                dlq(run + "-fingerprint", unknownFingerprint, Map.of()),
                dlq(run + "-empty", new byte[0], Map.of()),
                dlq(run + "-text", utf8("hello, please make me a video"), Map.of("content-type", "text/plain")),
                dlq(run + "-not-json", utf8("{\"request_id\": \"" + run + "-not-json\", \"model\": "),
                        Map.of("content-type", JSON)),
                dlq(run + "-array", utf8("[{\"request_id\":\"" + run + "-array\",\"model\":\"veo3.1\"}]"),
                        Map.of("content-type", JSON)),
                dlq(run + "-json-as-avro", utf8("{\"request_id\":\"" + run + "-json-as-avro\"}"), Map.of()),
                refused(run + "-ill-typed", utf8("{\"request_id\":\"" + run + "-ill-typed\",\"model\":\"veo3.1\","
                        + "\"prompt\":\"x\",\"duration\":\"eight\",\"output_audio\":\"yes\"}"),
                        Map.of("content-type", JSON), "duration:invalid_type"),
                refused(run + "-json-host", utf8("{\"request_id\":\"" + run + "-json-host\",\"model\":"
                        + "\"topaz-video-upscale\",\"operation\":\"video-to-video\",\"prompt\":\"x\","
                        + "\"video_url\":\"https://metadata.google.internal/computeMetadata/v1/\"}"),
                        Map.of("content-type", JSON), "video_url:forbidden_host"),
                avro(run + "-long-prompt", request(run + "-long-prompt", "veo3.1", "text-to-video", longPrompt),
                        "prompt:too_long")));
        Map<String, String> hostile = new LinkedHashMap<>();
        hostile.put("loopback", "https://127.0.0.1/cat.jpg");
        hostile.put("localhost", "https://localhost:8443/cat.jpg");
        hostile.put("ipv6-loopback", "https://[::1]/cat.jpg");
        hostile.put("private", "https://10.0.0.5/cat.jpg");
        hostile.put("private-192", "https://192.168.1.10/cat.jpg");
        hostile.put("link-local", "https://169.254.169.254/latest/meta-data/");
        hostile.put("numeric", "https://2130706433/cat.jpg");
        hostile.put("internal", "https://build.corp.internal/cat.jpg");
        hostile.forEach((name, url) -> pills.add(avro(run + "-" + name, request(run + "-" + name,
                "hailuo-2.3-standard", "image-to-video", "Gentle motion").setImageUrl(url),
                "image_url:forbidden_host")));
        pills.add(avro(run + "-credentials", request(run + "-credentials", "hailuo-2.3-standard", "image-to-video",
                "Gentle motion").setImageUrl("https://user:secret@example.com/cat.jpg"), "image_url:invalid_url"));
        pills.add(avro(run + "-plain-http", request(run + "-plain-http", "hailuo-2.3-standard", "image-to-video",
                "Gentle motion").setImageUrl("http://example.com/cat.jpg"), "image_url:invalid_url"));
        return pills;
    }

    private static Pill dlq(String key, byte[] value, Map<String, String> headers) {
        return new Pill(key, value, headers, null);
    }

    private static Pill refused(String key, byte[] value, Map<String, String> headers, String... errors) {
        return new Pill(key, value, headers, List.of(errors));
    }

    private static Pill avro(String key, VideoRequested.Builder request, String... errors) {
        return new Pill(key, SingleObjectAvro.encode(request.build()), Map.of(), List.of(errors));
    }

    private static String sendValid(String id) {
        kafka.send(Topics.REQUESTS, id, request(id, "veo3.1-fast", "text-to-video", "A paper boat on a river").build());
        return id;
    }

    private static Map<String, List<Received>> awaitTerminal(String run, int requests) {
        Map<String, List<Received>> byKey = new LinkedHashMap<>();
        boolean all = kafka.readUntil(List.of(Topics.COMPLETED, Topics.FAILED), WITHIN, r -> {
            if (r.key() != null && r.key().startsWith(run)) {
                byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
            }
            return byKey.size() >= requests;
        });
        assertThat(all).as("%d requests ended within %s; ended: %s", requests, WITHIN, byKey.keySet()).isTrue();
        // A second terminal event would come right behind the first: read everything again, for a while.
        Map<String, List<Received>> again = new LinkedHashMap<>();
        kafka.readUntil(List.of(Topics.COMPLETED, Topics.FAILED), Duration.ofSeconds(5), r -> {
            if (r.key() != null && r.key().startsWith(run)) {
                again.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
            }
            return false;
        });
        return again;
    }

    private static Map<String, Received> awaitDeadLetters(String run, int count) {
        Map<String, Received> byKey = new LinkedHashMap<>();
        boolean all = kafka.readUntil(List.of(Topics.REQUESTS_DLQ), WITHIN, r -> {
            if (r.key() != null && r.key().startsWith(run)) {
                assertThat(byKey.put(r.key(), r)).as("a second dead letter for " + r.key()).isNull();
            }
            return byKey.size() >= count;
        });
        assertThat(all).as("%d dead letters within %s; got %s", count, WITHIN, byKey.keySet()).isTrue();
        return byKey;
    }

    private static VideoRequested.Builder request(String id, String model, String operation, String prompt) {
        return VideoRequested.newBuilder().setRequestId(id).setModel(model).setOperation(operation).setPrompt(prompt)
                .setRequestedAt(Instant.now());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
