package io.reelay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.ArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.reelay.events.FailureReason;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoRequested;
import io.reelay.events.VideoTaskEvent;
import io.reelay.events.VideoTaskEventType;
import io.reelay.kafka.Topics;
import io.reelay.testing.broker.KafkaBrokerResource;
import io.reelay.testing.kafka.Received;
import io.reelay.testing.kafka.TopicClient;
import io.reelay.testing.process.SimulatorResource;

/**
 * The whole pipeline on a real broker and the simulator over real HTTP: requests go in on
 * video.requests and come out as exactly one completion or failure each.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class PipelineEndToEndIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static TopicClient kafka;

    @BeforeAll
    static void connect() {
        kafka = new TopicClient(KafkaBrokerResource.bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void requestsComeOutAsCompletedVideosWithOneSubmitEach() {
        String run = runId();
        List<VideoRequested> requests = List.of(
                request(run + "-t2v", "veo3.1", "text-to-video", "A calm cinematic shot of a cat in a garden").build(),
                request(run + "-i2v", "hailuo-2.3-standard", "image-to-video", "Gentle motion")
                        .setImageUrl("https://example.com/portrait.jpg").setDuration(6).build(),
                request(run + "-se", "viduq2-pro", "start-end-to-video", "Day to night")
                        .setStartImage("https://example.com/day.jpg").setEndImage("https://example.com/night.jpg").build(),
                request(run + "-v2v", "topaz-video-upscale", "video-to-video", "Upscale")
                        .setVideoUrl("https://example.com/source.mp4").build());
        requests.forEach(r -> kafka.send(Topics.REQUESTS, r.getRequestId(), r));

        Map<String, VideoCompleted> completed = byRequest(read(Topics.COMPLETED, requests.size(), WITHIN,
                r -> r.key().startsWith(run)), VideoCompleted.class);

        assertThat(completed.keySet()).containsExactlyInAnyOrderElementsOf(ids(requests));
        for (VideoRequested r : requests) {
            VideoCompleted c = completed.get(r.getRequestId());
            assertThat(c.getModel()).isEqualTo(r.getModel());
            assertThat(c.getOperation()).isEqualTo(r.getOperation());
            assertThat(c.getProvider()).isEqualTo("tokenlab");
            assertThat(c.getUpstreamTaskId()).startsWith("ldtask_");
            assertThat(c.getVideos()).isNotEmpty();
            assertThat(c.getVideos().get(0).getUrl()).contains("/simulator/files/" + c.getUpstreamTaskId());
            assertThat(c.getSubmittedAt()).isAfterOrEqualTo(c.getRequestedAt());
            assertThat(c.getCompletedAt()).isAfter(c.getSubmittedAt());
            assertThat(c.getMetadata()).containsEntry("run", run);
        }
        for (VideoRequested r : requests) {
            given().get(SimulatorResource.callsUrl()).then().statusCode(200)
                    .body("submitsByRequestId.'" + r.getRequestId() + "'", equalTo(1));
        }
        assertNoSecondTerminalEvent(run, ids(requests));
        assertThat(lifecycle(run + "-t2v")).contains(VideoTaskEventType.submitting, VideoTaskEventType.created,
                VideoTaskEventType.status_changed);
    }

    @Test
    void aRepeatedRequestIdIsSubmittedOnceAndEndsOnce() {
        String run = runId();
        VideoRequested r = request(run + "-dup", "veo3.1-fast", "text-to-video", "A paper boat on a river").build();
        kafka.send(Topics.REQUESTS, r.getRequestId(), r);
        kafka.send(Topics.REQUESTS, r.getRequestId(), r);

        read(Topics.COMPLETED, 1, WITHIN, rec -> rec.key().equals(r.getRequestId()));
        // A repeat after the end is refused too.
        kafka.send(Topics.REQUESTS, r.getRequestId(), r);

        assertNoSecondTerminalEvent(run, Set.of(r.getRequestId()));
        given().get(SimulatorResource.callsUrl()).then().statusCode(200)
                .body("submitsByRequestId.'" + r.getRequestId() + "'", equalTo(1));
    }

    @Test
    void upstreamFailuresAndRefusalsEndInOneFailureEventWithAReason() {
        String run = runId();
        VideoRequested failing = request(run + "-fail", "kling-v2.6-pro", "text-to-video",
                "A storm at sea [simulate:fail]").build();
        VideoRequested refused = request(run + "-reject", "wan-2.6", "text-to-video",
                "Anything [simulate:reject]").build();
        kafka.send(Topics.REQUESTS, failing.getRequestId(), failing);
        kafka.send(Topics.REQUESTS, refused.getRequestId(), refused);

        Map<String, VideoFailed> failed = byRequest(read(Topics.FAILED, 2, WITHIN,
                r -> r.key().startsWith(run)), VideoFailed.class);

        VideoFailed upstreamFailure = failed.get(failing.getRequestId());
        assertThat(upstreamFailure.getReason()).isEqualTo(FailureReason.upstream_failed);
        assertThat(upstreamFailure.getUpstreamTaskId()).startsWith("ldtask_");
        assertThat(upstreamFailure.getMessage()).isNotBlank();

        VideoFailed refusal = failed.get(refused.getRequestId());
        assertThat(refusal.getReason()).isEqualTo(FailureReason.upstream_rejected);
        assertThat(refusal.getUpstreamError().getHttpStatus()).isEqualTo(400);
        assertThat(refusal.getUpstreamTaskId()).isNull();
        assertThat(refusal.getRetryable()).isFalse();

        assertNoSecondTerminalEvent(run, failed.keySet());
    }

    @Test
    void hubTasksReadyWithAnUnknownStatusOrOutputEndAtOnceKeepingTheAnswer() {
        String run = runId();
        VideoRequested unknownEnd = request(run + "-h-end", "veo-3.1", "text-to-video",
                "A quiet harbour [simulate:unknown-end]").build();
        VideoRequested unknownWithVideo = request(run + "-h-video", "veo-3.1", "text-to-video",
                "A quiet harbour [simulate:unknown-end-video]").build();
        VideoRequested oddOutput = request(run + "-h-odd", "veo-3.1", "text-to-video",
                "A quiet harbour [simulate:odd-output]").build();
        for (VideoRequested r : List.of(unknownEnd, unknownWithVideo, oddOutput)) {
            kafka.send(Topics.REQUESTS, r.getRequestId(), r);
        }

        // Within a minute: the deadline (reelay.tracker.max-wait) is 30.
        Map<String, VideoFailed> failed = byRequest(read(Topics.FAILED, 2, WITHIN,
                r -> r.key().startsWith(run)), VideoFailed.class);
        Map<String, VideoCompleted> completed = byRequest(read(Topics.COMPLETED, 1, WITHIN,
                r -> r.key().startsWith(run)), VideoCompleted.class);

        VideoFailed ended = failed.get(unknownEnd.getRequestId());
        assertThat(ended.getReason()).isEqualTo(FailureReason.upstream_failed);
        assertThat(ended.getUpstreamError().getCode()).isEqualTo("unrecognised_end_status");
        assertThat(ended.getRetryable()).isFalse();
        assertThat(ended.getUpstreamAnswer()).contains("\"status\":\"archived\"", ended.getUpstreamTaskId());
        VideoFailed odd = failed.get(oddOutput.getRequestId());
        assertThat(odd.getUpstreamError().getCode()).isEqualTo("no_recognised_video");
        assertThat(odd.getUpstreamAnswer()).contains("\"uri\":\"").contains("/simulator/files/");
        VideoCompleted video = completed.get(unknownWithVideo.getRequestId());
        assertThat(video.getVideos()).hasSize(1);
        assertThat(video.getUpstreamAnswer()).contains("\"status\":\"succeeded\"");
        assertNoSecondTerminalEvent(run, Set.of(unknownEnd.getRequestId(), unknownWithVideo.getRequestId(),
                oddOutput.getRequestId()));
    }

    @Test
    void anUndecodableRecordGoesToTheDeadLetterTopicAndTheNextRequestStillCompletes() {
        String run = runId();
        byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);
        kafka.send(Topics.REQUESTS, run + "-garbage", garbage, Map.of());
        VideoRequested valid = request(run + "-after", "veo3", "text-to-video", "Sunrise over mountains").build();
        kafka.send(Topics.REQUESTS, valid.getRequestId(), valid);

        Received dead = read(Topics.REQUESTS_DLQ, 1, WITHIN, r -> (run + "-garbage").equals(r.key())).get(0);
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(dead.header("dead-letter-reason")).containsIgnoringCase("not a VideoRequested");
        assertThat(dead.header("dead-letter-topic")).isEqualTo(Topics.REQUESTS);

        read(Topics.COMPLETED, 1, WITHIN, r -> r.key().equals(valid.getRequestId()));
        given().get(SimulatorResource.callsUrl()).then().statusCode(200)
                .body("submitsByRequestId.'" + run + "-garbage'", equalTo(null));
    }

    @Test
    void invalidRequestsEndInOneFailureWithFieldErrorsAndNeverReachTheUpstream() {
        String run = runId();
        VideoRequested unknownModel = request(run + "-unknown", "veo-9", "text-to-video", "x").build();
        VideoRequested wrongOperation = request(run + "-op", "topaz-video-upscale", "text-to-video", "x").build();
        VideoRequested privateHost = request(run + "-host", "hailuo-2.3-standard", "image-to-video", "x")
                .setImageUrl("https://169.254.169.254/latest/meta-data").build();
        List<VideoRequested> invalid = List.of(unknownModel, wrongOperation, privateHost);
        invalid.forEach(r -> kafka.send(Topics.REQUESTS, r.getRequestId(), r));
        byte[] badJson = ("{\"request_id\":\"" + run + "-json\",\"model\":\"veo3.1\",\"prompt\":\"x\","
                + "\"duration\":\"eight\"}").getBytes(StandardCharsets.UTF_8);
        kafka.send(Topics.REQUESTS, run + "-json", badJson, Map.of("content-type", "application/json"));

        Map<String, VideoFailed> failed = byRequest(read(Topics.FAILED, 4, WITHIN, r -> r.key().startsWith(run)),
                VideoFailed.class);

        assertThat(failed.values()).extracting(VideoFailed::getReason).containsOnly(FailureReason.invalid_request);
        assertThat(failed.values()).allSatisfy(f -> assertThat(f.getRetryable()).isFalse());
        assertThat(failed.get(unknownModel.getRequestId()).getValidationErrors())
                .extracting(e -> e.getField() + ":" + e.getCode()).containsExactly("model:unknown_model");
        assertThat(failed.get(wrongOperation.getRequestId()).getValidationErrors())
                .anySatisfy(e -> {
                    assertThat(e.getField()).isEqualTo("operation");
                    assertThat(e.getCode()).isEqualTo("unsupported_operation");
                    assertThat(e.getAllowed()).containsExactly("video-to-video");
                });
        assertThat(failed.get(privateHost.getRequestId()).getValidationErrors())
                .extracting(e -> e.getField() + ":" + e.getCode()).containsExactly("image_url:forbidden_host");
        assertThat(failed.get(run + "-json").getValidationErrors())
                .extracting(e -> e.getField() + ":" + e.getCode()).containsExactly("duration:invalid_type");
        for (String id : failed.keySet()) {
            given().get(SimulatorResource.callsUrl()).then().statusCode(200)
                    .body("submitsByRequestId.'" + id + "'", equalTo(null));
        }
        assertNoSecondTerminalEvent(run, failed.keySet());
    }

    @Test
    void jsonRequestsForBothProvidersCompleteAndHubDefaultsShowOnTheCreatedEvent() {
        String run = runId();
        String tokenlab = "{\"request_id\":\"" + run + "-tl\",\"model\":\"hailuo-2.3-standard\","
                + "\"operation\":\"image-to-video\",\"prompt\":\"Gentle motion\","
                + "\"image_url\":\"https://example.com/portrait.jpg\",\"duration\":6,"
                + "\"metadata\":{\"run\":\"" + run + "\"}}";
        String hub = "{\"request_id\":\"" + run + "-hub\",\"model\":\"veo-3.1\","
                + "\"input\":{\"prompt\":\"A lighthouse at dusk\",\"duration\":\"6s\"}}";
        kafka.send(Topics.REQUESTS, run + "-tl", tokenlab.getBytes(StandardCharsets.UTF_8),
                Map.of("content-type", "application/json"));
        kafka.send(Topics.REQUESTS, run + "-hub", hub.getBytes(StandardCharsets.UTF_8),
                Map.of("content-type", "application/json"));
        VideoRequested hubAvro = request(run + "-hub-avro", "wan-2.7", "text-to-video", "Rain on a window")
                .setDuration(3).build();
        kafka.send(Topics.REQUESTS, hubAvro.getRequestId(), hubAvro);

        Map<String, VideoCompleted> completed = byRequest(read(Topics.COMPLETED, 3, WITHIN,
                r -> r.key().startsWith(run)), VideoCompleted.class);

        assertThat(completed.get(run + "-tl").getProvider()).isEqualTo("tokenlab");
        assertThat(completed.get(run + "-tl").getMetadata()).containsEntry("run", run);
        assertThat(completed.get(run + "-hub").getProvider()).isEqualTo("hub");
        assertThat(completed.get(run + "-hub-avro").getProvider()).isEqualTo("hub");
        assertThat(completed.values()).allSatisfy(c -> assertThat(c.getVideos().get(0).getUrl()).contains("/simulator/files/" + c.getUpstreamTaskId()));

        VideoTaskEvent created = readAll(List.of(Topics.TASKS), Duration.ofSeconds(1)).stream()
                .filter(r -> (run + "-hub").equals(r.key())).map(r -> r.value(VideoTaskEvent.class))
                .filter(e -> e.getType() == VideoTaskEventType.created).findFirst().orElseThrow();
        assertThat(created.getRequest().getParameters()).containsEntry("duration", "\"6s\"")
                .containsEntry("resolution", "\"720p\"").containsEntry("generate_audio", "true");
        assertNoSecondTerminalEvent(run, completed.keySet());
    }

    @Test
    void theServiceReportsReadyWhenTheTrackerRuns() {
        // Not ready while Kafka Streams is still rebalancing (restoring, partitions moving): wait for RUNNING.
        org.awaitility.Awaitility.await().atMost(WITHIN).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
    }

    private static void assertNoSecondTerminalEvent(String run, Set<String> ids) {
        Map<String, Long> terminal = readAll(List.of(Topics.COMPLETED, Topics.FAILED), Duration.ofSeconds(3)).stream().filter(r -> r.key().startsWith(run))
                .collect(Collectors.groupingBy(Received::key, Collectors.counting()));
        assertThat(terminal).containsOnlyKeys(ids);
        assertThat(terminal.values()).as("terminal events per request").containsOnly(1L);
    }

    private static List<VideoTaskEventType> lifecycle(String requestId) {
        return readAll(List.of(Topics.TASKS), Duration.ofSeconds(1)).stream()
                .filter(r -> requestId.equals(r.key()))
                .map(r -> r.value(VideoTaskEvent.class).getType())
                .toList();
    }

    /** The first {@code count} records of a topic that match, failing if they do not all arrive in time. */
    private static List<Received> read(String topic, int count, Duration within, Predicate<Received> matching) {
        List<Received> found = new ArrayList<>();
        boolean all = kafka.readUntil(List.of(topic), within, r -> {
            if (matching.test(r)) {
                found.add(r);
            }
            return found.size() >= count;
        });
        assertThat(all).as("%d matching records on %s within %s, got %s", count, topic, within, found).isTrue();
        return found;
    }

    /** Every record on the topics, reading until none has arrived for {@code quiet}. */
    private static List<Received> readAll(List<String> topics, Duration quiet) {
        List<Received> found = new ArrayList<>();
        kafka.readUntil(topics, quiet, r -> !found.add(r));
        return found;
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> Map<String, T> byRequest(List<Received> records,
            Class<T> type) {
        return records.stream().collect(Collectors.toMap(Received::key, r -> r.value(type), (a, b) -> {
            throw new AssertionError("two terminal events for one request: " + a + " / " + b);
        }));
    }

    private static Set<String> ids(List<VideoRequested> requests) {
        return requests.stream().map(VideoRequested::getRequestId).collect(Collectors.toSet());
    }

    private static String runId() {
        return "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static VideoRequested.Builder request(String id, String model, String operation, String prompt) {
        return VideoRequested.newBuilder()
                .setRequestId(id)
                .setModel(model)
                .setOperation(operation)
                .setPrompt(prompt)
                .setMetadata(Map.of("run", id.substring(0, 12)))
                .setRequestedAt(Instant.now());
    }
}
