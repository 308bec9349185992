package io.reelay.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.reelay.events.FailureReason;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.intake.decode.RequestDecoder;
import io.reelay.intake.gateway.GatewayCases;
import io.reelay.kafka.Topics;
import io.reelay.testing.broker.KafkaBrokerResource;
import io.reelay.testing.kafka.Received;
import io.reelay.testing.kafka.TopicClient;

/**
 * The gateway acceptance cases of issue 13 as a producer in another language would send them: every case as JSON
 * on video.requests over a real broker, in each shape it names, against the simulator over real HTTP. Each ends in
 * exactly the terminal event expected: admitted ones complete at the expected gateway, refused ones fail with
 * invalid_request and the expected error.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class GatewayCasesIT {

    private static final Duration WITHIN = Duration.ofMinutes(4);
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
    void everyCaseInEveryShapeEndsInItsExpectedTerminalEvent() {
        String run = "gw-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, GatewayCases.Shaped> sent = new LinkedHashMap<>();
        List<GatewayCases.Shaped> cases = GatewayCases.shapedCases();
        for (int i = 0; i < cases.size(); i++) {
            String id = run + "-" + i + "-" + cases.get(i).shape();
            sent.put(id, cases.get(i));
            kafka.send(Topics.REQUESTS, id, cases.get(i).json(id),
                    Map.of(RequestDecoder.CONTENT_TYPE_HEADER, RequestDecoder.JSON));
        }

        Map<String, Received> ended = new LinkedHashMap<>();
        kafka.readUntil(List.of(Topics.COMPLETED, Topics.FAILED), WITHIN, r -> {
            if (r.key() != null && sent.containsKey(r.key())) {
                assertThat(ended.put(r.key(), r)).as("a second terminal event for %s", r.key()).isNull();
            }
            return ended.size() == sent.size();
        });

        SoftAssertions soft = new SoftAssertions();
        sent.forEach((id, shaped) -> {
            GatewayCases.Case c = shaped.gatewayCase();
            Received end = ended.get(id);
            soft.assertThat(end).as("%s ended", shaped.name()).isNotNull();
            if (end == null) {
                return;
            }
            if (c.admitted()) {
                soft.assertThat(end.topic()).as("%s: %s", shaped.name(), describe(end)).isEqualTo(Topics.COMPLETED);
                if (end.topic().equals(Topics.COMPLETED)) {
                    VideoCompleted done = end.value(VideoCompleted.class);
                    soft.assertThat(done.getProvider()).as(shaped.name()).isEqualTo(c.provider());
                    soft.assertThat(done.getVideos()).as(shaped.name()).isNotEmpty();
                }
                return;
            }
            soft.assertThat(end.topic()).as("%s: %s", shaped.name(), describe(end)).isEqualTo(Topics.FAILED);
            if (end.topic().equals(Topics.FAILED)) {
                VideoFailed failed = end.value(VideoFailed.class);
                soft.assertThat(failed.getReason()).as(shaped.name()).isEqualTo(FailureReason.invalid_request);
                soft.assertThat(failed.getValidationErrors()).as("%s: an error with code %s on %s", shaped.name(),
                        c.code(), c.field()).anyMatch(e -> (c.code() == null || c.code().equals(e.getCode()))
                                && (c.field() == null || c.field().equals(bare(e.getField()))));
            }
        });
        soft.assertAll();
    }

    private static String bare(String field) {
        return field.startsWith("parameters.") ? field.substring("parameters.".length()) : field;
    }

    private static String describe(Received end) {
        return end.topic().equals(Topics.FAILED) ? String.valueOf(end.value(VideoFailed.class))
                : "completed by " + end.value(VideoCompleted.class).getProvider();
    }
}
