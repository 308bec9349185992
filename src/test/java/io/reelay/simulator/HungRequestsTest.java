package io.reelay.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.Router;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hung requests hold connections, so they are bounded in number and in time. */
class HungRequestsTest {

    private final Vertx vertx = Vertx.vertx();
    private final WebClient client = WebClient.create(io.vertx.mutiny.core.Vertx.newInstance(vertx));
    private String url;

    private HungRequests start(int cap, Duration maxHold) throws Exception {
        HungRequests hung = new HungRequests(cap, maxHold);
        Router router = Router.router(vertx);
        router.get("/hang").handler(hung::hold);
        int port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).actualPort();
        url = "http://127.0.0.1:" + port + "/hang";
        return hung;
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** Sent at once; completes with how the call failed (it is never answered). */
    private CompletableFuture<Throwable> call() {
        return client.getAbs(url).send().map(r -> (Throwable) new AssertionError("answered " + r.statusCode()))
                .onFailure().recoverWithItem(t -> t).subscribeAsCompletionStage();
    }

    @Test
    void beyondTheCapTheOldestConnectionIsClosed() throws Exception {
        HungRequests hung = start(2, Duration.ofMinutes(5));

        CompletableFuture<Throwable> first = call();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> hung.size() == 1);
        CompletableFuture<Throwable> second = call();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> hung.size() == 2);
        call();

        assertThat(first.get(5, TimeUnit.SECONDS)).isInstanceOf(HttpClosedException.class);
        assertThat(second).isNotDone();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> hung.size() == 2);
    }

    @Test
    void noConnectionIsHeldBeyondTheMaximum() throws Exception {
        HungRequests hung = start(10, Duration.ofMillis(200));

        long t0 = System.nanoTime();
        Throwable closed = call().get(5, TimeUnit.SECONDS);

        assertThat(closed).isInstanceOf(HttpClosedException.class);
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> hung.size() == 0);
    }

    @Test
    void aClientThatGivesUpIsForgotten() throws Exception {
        HungRequests hung = start(10, Duration.ofMinutes(5));

        HttpResponse<Buffer> none = client.getAbs(url).timeout(100).send()
                .onFailure().recoverWithNull().await().atMost(Duration.ofSeconds(5));

        assertThat(none).isNull();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> hung.size() == 0);
    }
}
