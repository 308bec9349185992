package io.reelay.storage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.reelay.events.MirrorStatus;
import io.reelay.events.StoredCopy;
import io.reelay.events.VideoAsset;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoRequested;
import io.reelay.kafka.Topics;
import io.reelay.testing.broker.KafkaBrokerResource;
import io.reelay.testing.kafka.Received;
import io.reelay.testing.kafka.TopicClient;
import io.reelay.testing.process.SimulatorProcess;
import io.reelay.testing.storage.S3Server;
import io.restassured.path.json.JsonPath;

/**
 * Issue 14 end to end: a real broker, a real S3 server (s3proxy on the filesystem) and a simulator of this class's
 * own whose result links expire after a few seconds. A request completes once, its video is stored under
 * {@code videos/<request id>/0.mp4} with the SHA-256 of the bytes the simulator served, and once the simulator's link
 * answers 403 the read URL from {@code GET /v1/requests/{id}} still gives those bytes.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(MirrorEndToEndIT.StorageAndShortLinks.class)
class MirrorEndToEndIT {

    /** The simulator's result links live this long after a task ends: time to copy, then they die within the test. */
    static final Duration LINK_TTL = Duration.ofSeconds(15);
    private static final Duration WITHIN = Duration.ofSeconds(90);
    private static final String SAMPLE = "/io/reelay/simulator/media/sample.mp4";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static TopicClient kafka;

    /**
     * An S3 server and a simulator with short-lived links, for this class alone (the shared test simulator keeps
     * its one-hour links); ordered after the shared simulator's resource so these base URLs are the ones used.
     */
    public static class StorageAndShortLinks implements QuarkusTestResourceLifecycleManager {
        private S3Server s3;
        private SimulatorProcess simulator;

        @Override
        public Map<String, String> start() {
            s3 = S3Server.start();
            try {
                simulator = SimulatorProcess.start(List.of("--default-duration=PT1S",
                        "--result-url-ttl=" + LINK_TTL), Path.of("target", "mirror-it-simulator.log"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the simulator", e);
            }
            return Map.of("reelay.storage.enabled", "true",
                    "reelay.storage.endpoint", s3.endpoint().toString(),
                    "reelay.tokenlab.base-url", simulator.tokenLabBaseUrl(),
                    "reelay.hub.base-url", simulator.hubBaseUrl());
        }

        @Override
        public int order() {
            return 100;
        }

        @Override
        public void stop() {
            try {
                if (simulator != null) {
                    simulator.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (s3 != null) {
                    s3.close();
                }
            }
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
    void aCompletedVideoIsStoredWithTheServedBytesAndStillDownloadsAfterTheUpstreamLinkExpired() throws Exception {
        String id = "mirror-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.send(Topics.REQUESTS, id, VideoRequested.newBuilder().setRequestId(id).setModel("veo3.1")
                .setOperation("text-to-video").setPrompt("A lighthouse at dusk").setRequestedAt(Instant.now()).build());

        VideoCompleted completed = readCompleted(id);
        VideoAsset video = completed.getVideos().get(0);
        // The link points at this class's simulator, the one that serves the file and lets it expire.
        String simulator = ConfigProvider.getConfig().getValue("reelay.tokenlab.base-url", String.class);
        assertThat(video.getUrl()).startsWith(URI.create(simulator).resolve("/").toString());
        HttpResponse<byte[]> upstream = get(video.getUrl());
        assertThat(upstream.statusCode()).as("the simulator's link before it expires").isEqualTo(200);
        String servedSha256 = sha256(upstream.body());
        assertThat(servedSha256).isEqualTo(sha256(sample()));

        assertThat(completed.getMirrorStatus()).isEqualTo(MirrorStatus.stored);
        assertThat(completed.getMirrorFailures()).isNull();
        StoredCopy stored = video.getStored();
        assertThat(stored).isNotNull();
        assertThat(stored.getBucket()).isEqualTo("reelay-videos");
        assertThat(stored.getKey()).isEqualTo("videos/" + id + "/0.mp4");
        assertThat(stored.getSizeBytes()).isEqualTo(upstream.body().length);
        assertThat(stored.getSha256()).isEqualTo(servedSha256);
        assertThat(stored.getContentType()).isEqualTo("video/mp4");
        assertThat(stored.getUrlExpiresAt()).isAfter(Instant.now());
        // The simulator gives a last frame in some answer shapes: when it does, that is stored too.
        if (video.getLastFrameUrl() == null) {
            assertThat(video.getLastFrameStored()).isNull();
        } else {
            HttpResponse<byte[]> frame = get(video.getLastFrameUrl());
            assertThat(frame.statusCode()).as("the simulator's last-frame link before it expires").isEqualTo(200);
            assertThat(video.getLastFrameStored().getKey()).isEqualTo("videos/" + id + "/0-last-frame.jpg");
            assertThat(video.getLastFrameStored().getSha256()).isEqualTo(sha256(frame.body()));
        }

        JsonPath status = statusOf(id);
        assertThat(status.getString("status")).isEqualTo("completed");
        assertThat(status.getString("mirror_status")).isEqualTo("stored");
        assertThat(status.getString("videos[0].stored.key")).isEqualTo(stored.getKey());
        assertThat(status.getLong("videos[0].stored.size_bytes")).isEqualTo(stored.getSizeBytes());
        assertThat(status.getString("videos[0].stored.sha256")).isEqualTo(servedSha256);
        assertThat(status.getString("videos[0].stored.url")).isNotBlank();

        // What an operator sees of it: the bytes copied, the lag to the stored file, the completion's mirror status.
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metric(metrics, "reelay_mirror_bytes_total", "provider=\"tokenlab\""))
                .isGreaterThanOrEqualTo(stored.getSizeBytes());
        assertThat(metric(metrics, "reelay_mirror_lag_seconds_count", "provider=\"tokenlab\"")).isPositive();
        assertThat(metric(metrics, "reelay_mirror_outcomes_total", "status=\"stored\"")).isPositive();

        // Wait out the simulator's link: it answers 403, as an expired signed link does.
        await().atMost(LINK_TTL.plus(WITHIN)).pollInterval(Duration.ofSeconds(1))
                .until(() -> get(video.getUrl()).statusCode() == 403);

        // The stored copy outlives it: a fresh read URL from the status API gives the same bytes.
        String readUrl = statusOf(id).getString("videos[0].stored.url");
        HttpResponse<byte[]> copy = get(readUrl);
        assertThat(copy.statusCode()).as("the stored copy's read URL after the upstream link expired").isEqualTo(200);
        assertThat(sha256(copy.body())).isEqualTo(servedSha256);
        // The event's own read URL works too.
        assertThat(sha256(get(stored.getUrl()).body())).isEqualTo(servedSha256);

        // Exactly one terminal event: one completion, no failure, after all that waiting.
        List<Received> terminal = kafka.readAll(Topics.COMPLETED, Duration.ofSeconds(3));
        terminal.addAll(kafka.readAll(Topics.FAILED, Duration.ofSeconds(3)));
        assertThat(terminal).filteredOn(r -> id.equals(r.key())).extracting(Received::topic)
                .containsExactly(Topics.COMPLETED);
    }

    /** The sum of a series' values over the lines of {@code name} whose tags include {@code tag}. */
    private static double metric(String metrics, String name, String tag) {
        return metrics.lines().filter(line -> line.startsWith(name + "{") && line.contains(tag))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** The request as GET /v1/requests/{id} shows it (an admin key: the request came over Kafka, no owner). */
    private static JsonPath statusOf(String id) {
        return given().header("X-API-Key", "test-admin-key").get("/v1/requests/" + id)
                .then().statusCode(200).extract().jsonPath();
    }

    private static VideoCompleted readCompleted(String id) {
        VideoCompleted[] found = new VideoCompleted[1];
        boolean done = kafka.readUntil(List.of(Topics.COMPLETED), WITHIN, r -> {
            if (id.equals(r.key())) {
                found[0] = r.value(VideoCompleted.class);
                return true;
            }
            return false;
        });
        assertThat(done).as("a completion for %s within %s", id, WITHIN).isTrue();
        return found[0];
    }

    private static HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] sample() throws IOException {
        try (InputStream in = MirrorEndToEndIT.class.getResourceAsStream(SAMPLE)) {
            assertThat(in).as("the simulator's sample video on the class path").isNotNull();
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
