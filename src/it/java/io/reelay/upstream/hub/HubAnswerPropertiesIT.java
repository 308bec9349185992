package io.reelay.upstream.hub;

import static io.reelay.upstream.AnswerBounds.assertWithin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelay.upstream.HostileJson;
import io.reelay.config.TestConfig;
import io.reelay.upstream.ProviderAnswerProperties;
import io.reelay.upstream.ProviderClient;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamHttp.Answer;
import io.reelay.upstream.UpstreamStatus;
import io.reelay.upstream.VideoOutput;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** {@link ProviderAnswerProperties} for the hub's answers, and the hub's own rule: {@code ready = true} is the end. */
class HubAnswerPropertiesIT extends ProviderAnswerProperties {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String URL = "https://cdn.test/ready.mp4";
    private static final List<UpstreamStatus> RUNNING = List.of(UpstreamStatus.PENDING, UpstreamStatus.PROCESSING,
            UpstreamStatus.UNRECOGNISED);

    private final HubProvider provider = new HubProvider(client, TestConfig.hub(BASE, KEY, Duration.ofSeconds(1)));

    @Override
    protected ProviderClient provider() {
        return provider;
    }

    /**
     * A task answer built from a {@code ready} value (with what it means: true, false, or null for "not said"),
     * a status, a {@code data} (with whether it holds the video at {@link #URL} in a documented place), and any
     * further fields a hostile gateway might add, the key echoed among them.
     */
    record ReadyAnswer(JsonNode ready, Boolean means, JsonNode status, JsonNode data, boolean hasVideo, ObjectNode extra) {

        String body() {
            ObjectNode task = NODES.objectNode();
            task.setAll(extra);
            task.remove(List.of("ready", "status", "data"));
            if (ready != null) {
                task.set("ready", ready);
            }
            if (status != null) {
                task.set("status", status);
            }
            if (data != null) {
                task.set("data", data);
            }
            return task.toString();
        }

        String statusName() {
            return status != null && status.isTextual() ? status.asText().trim().toLowerCase(java.util.Locale.ROOT) : "";
        }
    }

    @Provide
    Arbitrary<ReadyAnswer> readyAnswers() {
        Arbitrary<Tuple.Tuple2<JsonNode, Boolean>> ready = Arbitraries.of(
                Tuple.of(NODES.booleanNode(true), true), Tuple.of(NODES.textNode("true"), true),
                Tuple.of(NODES.textNode(" TRUE "), true), Tuple.of(NODES.numberNode(1), true),
                Tuple.of(NODES.booleanNode(false), false), Tuple.of(NODES.textNode("false"), false),
                Tuple.of(NODES.textNode("False"), false), Tuple.of(NODES.numberNode(0), false),
                Tuple.of((JsonNode) null, (Boolean) null), Tuple.of(NODES.nullNode(), (Boolean) null),
                Tuple.of(NODES.textNode("yes"), (Boolean) null), Tuple.of(NODES.numberNode(2), (Boolean) null),
                Tuple.of(NODES.objectNode(), (Boolean) null));
        Arbitrary<JsonNode> status = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("pending", "processing", "completed", "failed", "timeout", "cancelled",
                        "Completed", " FAILED ").map(NODES::textNode)),
                Tuple.of(3, Arbitraries.of("archived", "succeeded", "done", "expired", "queued", "",
                        "completed\u0000", "x".repeat(300)).map(NODES::textNode)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(30).map(NODES::textNode)),
                Tuple.of(1, HostileJson.values(1)),
                Tuple.of(1, Arbitraries.just((JsonNode) null)));
        Arbitrary<Tuple.Tuple2<JsonNode, Boolean>> data = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(
                        (JsonNode) NODES.objectNode().set("video", NODES.objectNode().put("url", URL)),
                        NODES.objectNode().set("videos", NODES.arrayNode().add(NODES.objectNode().put("url", URL))),
                        NODES.objectNode().put("url", URL),
                        NODES.objectNode().put("video_url", URL),
                        NODES.objectNode().put("video", URL)).map(d -> Tuple.of(d, true))),
                Tuple.of(2, Arbitraries.of(
                        (JsonNode) NODES.objectNode().set("output", NODES.objectNode().put("uri", URL)),
                        NODES.objectNode(), NODES.textNode(URL), NODES.arrayNode().add(URL),
                        NODES.objectNode().put("url", "https://cdn.test/a b.mp4")).map(d -> Tuple.of(d, false))),
                Tuple.of(2, HostileJson.values(2).map(d -> Tuple.of(d, false))),
                Tuple.of(1, Arbitraries.just(Tuple.of((JsonNode) null, false))));
        Arbitrary<ObjectNode> extra = Arbitraries.frequencyOf(
                Tuple.of(3, HostileJson.objects(2)),
                Tuple.of(1, Arbitraries.just(NODES.objectNode().put("task_id", "hub-1").put("note", "key " + KEY))));
        return Combinators.combine(ready, status, data, extra)
                .as((r, s, d, e) -> new ReadyAnswer(r.get1(), r.get2(), s, d.get1(), d.get2(), e));
    }

    @Property(tries = 3000)
    void readyIsTheEndAndNoAnswerShapeEverEscapes(@ForAll("readyAnswers") ReadyAnswer answer) {
        TaskReport report = provider.readPoll(new Answer(200, answer.body(), null));

        assertWithin(report);
        if (Boolean.TRUE.equals(answer.means())) {
            assertThat(report.status()).as("ready: ended").isIn(UpstreamStatus.COMPLETED, UpstreamStatus.FAILED);
        }
        if (Boolean.FALSE.equals(answer.means())) {
            assertThat(report.status()).as("not ready: in flight").isIn(RUNNING);
            assertThat(report.videos()).isEmpty();
            assertThat(report.upstreamAnswer()).isNull();
        }
        if (report.status() == UpstreamStatus.COMPLETED) {
            assertThat(report.videos()).as("completed: with a video").isNotEmpty();
        }
        if (report.status() == UpstreamStatus.FAILED) {
            assertThat(report.error() != null || report.upstreamAnswer() != null).as("a failure says why").isTrue();
        }
        boolean failedByName = List.of("failed", "timeout", "cancelled").contains(answer.statusName());
        if (Boolean.TRUE.equals(answer.means()) && answer.hasVideo() && !failedByName) {
            assertThat(report.status()).isEqualTo(UpstreamStatus.COMPLETED);
            assertThat(report.videos()).extracting(VideoOutput::url).contains(URL);
        }
        if (report.upstreamAnswer() != null) {
            assertThat(report.upstreamAnswer()).doesNotContain(KEY);
        }
    }
}
