package io.reelay.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.testing.MutableClock;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A finished task's result URLs serve a real MP4 and its last frame, until they expire like signed links do. */
class ResultFilesTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration TTL = Duration.ofMinutes(10);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private final Vertx vertx = Vertx.vertx();
    private final WebClient client = WebClient.create(io.vertx.mutiny.core.Vertx.newInstance(vertx));
    private String base;

    @BeforeEach
    void start() throws Exception {
        Router router = Router.router(vertx);
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + server.actualPort();
        SimulatorSettings settings = new SimulatorSettings("/simulator/tokenlab", Duration.ofSeconds(3), Map.of(),
                base + "/simulator/files", 100);
        TokenLabSimulator tokenLab = new TokenLabSimulator(settings, clock, new SimulatorCallLog(50));
        tokenLab.mount(router);
        new ResultFiles(TTL, clock, List.of(tokenLab::resultReadyAt)).mount(router, "/simulator/files");
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aFinishedTaskServesARealMp4AndItsLastFrameUntilTheLinkExpires() {
        String id = post("{\"model\":\"veo3.1\",\"prompt\":\"a cat\"}").getString("id");
        String video = base + "/simulator/files/" + id + ".mp4";
        String frame = base + "/simulator/files/" + id + "_last.jpg";
        assertThat(get(video).statusCode()).as("not finished yet").isEqualTo(404);

        clock.advance(Duration.ofSeconds(3));
        JsonObject done = client.getAbs(base + "/simulator/tokenlab/v1/tasks/" + id).send().await().atMost(WAIT)
                .bodyAsJsonObject();
        assertThat(done.encode()).contains(video);
        HttpResponse<Buffer> mp4 = get(video);
        assertThat(mp4.statusCode()).isEqualTo(200);
        assertThat(mp4.getHeader("Content-Type")).isEqualTo("video/mp4");
        byte[] bytes = mp4.body().getBytes();
        assertThat(bytes).isEqualTo(ResultFiles.resource(ResultFiles.VIDEO));
        assertThat(new String(Arrays.copyOfRange(bytes, 4, 8), StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        assertThat(bytes.length).isBetween(10_000, 500_000);
        HttpResponse<Buffer> jpg = get(frame);
        assertThat(jpg.statusCode()).isEqualTo(200);
        assertThat(jpg.body().getBytes()).startsWith((byte) 0xff, (byte) 0xd8, (byte) 0xff);

        clock.advance(TTL.minusSeconds(1));
        assertThat(get(video).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        HttpResponse<Buffer> expired = get(video);
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(expired.bodyAsString()).contains("Request has expired");
        assertThat(get(frame).statusCode()).isEqualTo(403);
    }

    @Test
    void anUnknownTaskOrFileIsNotFound() {
        assertThat(get(base + "/simulator/files/no-such-task.mp4").statusCode()).isEqualTo(404);
        assertThat(get(base + "/simulator/files/whatever.txt").statusCode()).isEqualTo(404);
    }

    private JsonObject post(String body) {
        return client.postAbs(base + "/simulator/tokenlab/v1/videos/generations")
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)).await().atMost(WAIT)
                .bodyAsJsonObject();
    }

    private HttpResponse<Buffer> get(String url) {
        return client.getAbs(url).send().await().atMost(WAIT);
    }
}
