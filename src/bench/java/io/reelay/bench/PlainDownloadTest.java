package io.reelay.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/** Against a tiny Vert.x server serving files of known sizes, some slowly. */
class PlainDownloadTest {

    private static final int MB = 1_000_000;
    private Vertx vertx;
    private String base;

    @BeforeEach
    void startServer() throws Exception {
        vertx = Vertx.vertx();
        Buffer file = Buffer.buffer(new byte[MB]);
        // HTTP/1.1, as the simulator serves its files (docs/simulator.md: no h2c).
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
                .requestHandler(request -> {
            switch (request.path()) {
                case "/file" -> request.response().putHeader("Content-Type", "video/mp4").end(file);
                case "/slow" -> vertx.setTimer(200, t -> request.response().end("late"));
                default -> request.response().setStatusCode(403).end("expired");
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + server.actualPort();
    }

    @AfterEach
    void stopServer() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void readsEveryByteOfEveryFile() throws Exception {
        PlainDownload.Result result = new PlainDownload(3).run(Collections.nCopies(7, base + "/file"));

        assertThat(result.files()).isEqualTo(7);
        assertThat(result.bytes()).isEqualTo(7L * MB);
        assertThat(result.fileSeconds().count()).isEqualTo(7);
        assertThat(result.seconds()).isGreaterThanOrEqualTo(result.fileSeconds().max());
        assertThat(result.megabytesPerSecond()).isEqualTo(7 / result.seconds());
    }

    @Test
    void runsAsManyAtOnceAsItsConcurrency() throws Exception {
        List<String> four = Collections.nCopies(4, base + "/slow");

        PlainDownload.Result two = new PlainDownload(2).run(four);
        PlainDownload.Result one = new PlainDownload(1).run(four);

        assertThat(two.seconds()).isBetween(0.4, 0.79);
        assertThat(one.seconds()).isGreaterThanOrEqualTo(0.8);
        assertThat(one.fileSeconds().p50()).isGreaterThanOrEqualTo(0.2);
    }

    @Test
    void aFileThatDoesNotAnswer200FailsTheRun() {
        assertThatThrownBy(() -> new PlainDownload(2).run(List.of(base + "/file", base + "/gone")))
                .hasRootCauseMessage("GET " + base + "/gone answered 403");
    }
}
