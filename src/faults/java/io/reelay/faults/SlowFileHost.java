package io.reelay.faults;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.reelay.simulator.SimulatorHttpServer;
import io.reelay.testing.process.SimulatorServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;

/**
 * The simulators' result files, as a file host far away serves them: each file the simulator serves (its real MP4,
 * its last frame) is sent on in {@value #PIECES} pieces spread over {@code transfer}, so a copy takes that long and
 * a kill of the service can meet copies under way. Other answers (404 before a task ends, 403 once its link has
 * expired) pass at once. It counts the transfers under way, those sent whole, and those the reader dropped before
 * the end (a service killed mid-copy).
 */
final class SlowFileHost implements AutoCloseable {

    static final int PIECES = 8;
    private static final Duration START = Duration.ofSeconds(30);

    private final Vertx vertx = Vertx.vertx();
    private final Duration transfer;
    private final HttpClient client;
    private final HttpServer server;
    private final AtomicInteger underWay = new AtomicInteger();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong cut = new AtomicLong();
    private final Queue<Long> cutAt = new ConcurrentLinkedQueue<>();
    private volatile int simulatorPort;

    private SlowFileHost(Duration transfer) throws Exception {
        this.transfer = transfer;
        client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(256));
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(this::handle);
        server.listen().toCompletionStage().toCompletableFuture().get(START.toSeconds(), TimeUnit.SECONDS);
    }

    /** Listening; {@link #forwardTo} names the simulator once it runs (its result URLs name this host first). */
    static SlowFileHost start(Duration transfer) throws Exception {
        return new SlowFileHost(transfer);
    }

    /** The simulators' {@code resultUrlBase}: their files path on this host. */
    String resultUrlBase() {
        return "http://127.0.0.1:" + server.actualPort() + SimulatorHttpServer.FILES_PATH;
    }

    void forwardTo(SimulatorServer simulator) {
        simulatorPort = URI.create(simulator.tokenLabBaseUrl()).getPort();
    }

    /** Files being sent now. */
    int underWay() {
        return underWay.get();
    }

    /** Files sent whole. */
    long sent() {
        return sent.get();
    }

    /** Files whose reader went away before the last piece: copies a kill interrupted. */
    long cut() {
        return cut.get();
    }

    /**
     * Waits until at least one file is being sent, or {@code within} has passed.
     *
     * @return the files under way then
     */
    int awaitUnderWay(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (underWay.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return underWay.get();
    }

    private void handle(HttpServerRequest in) {
        if (in.method() != HttpMethod.GET || !in.path().startsWith(SimulatorHttpServer.FILES_PATH + "/")) {
            in.response().setStatusCode(404).end();
            return;
        }
        HttpServerResponse out = in.response();
        AtomicBoolean ended = new AtomicBoolean();
        underWay.incrementAndGet();
        out.closeHandler(v -> {
            if (ended.compareAndSet(false, true)) {
                underWay.decrementAndGet();
                cut.incrementAndGet();
                cutAt.add(System.currentTimeMillis());
            }
        });
        client.request(HttpMethod.GET, simulatorPort, "127.0.0.1", in.uri())
                .compose(request -> request.send())
                .compose(answer -> answer.body().map(body -> {
                    out.setStatusCode(answer.statusCode());
                    String type = answer.getHeader(HttpHeaders.CONTENT_TYPE);
                    if (type != null) {
                        out.putHeader(HttpHeaders.CONTENT_TYPE, type);
                    }
                    return body;
                }))
                .onSuccess(body -> {
                    if (out.getStatusCode() != 200) {
                        finish(out, ended, body, false);
                    } else {
                        out.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length()));
                        sendPiece(out, ended, body, 0);
                    }
                })
                .onFailure(e -> {
                    if (ended.compareAndSet(false, true)) {
                        underWay.decrementAndGet();
                    }
                    in.connection().close();
                });
    }

    /** Piece {@code n} now, the next one {@code transfer / PIECES} later; the last one ends the answer. */
    /** When each cut transfer was noticed (epoch ms). */
    List<Long> cutAt() {
        return List.copyOf(cutAt);
    }

    private void sendPiece(HttpServerResponse out, AtomicBoolean ended, Buffer body, int n) {
        if (ended.get()) {
            return; // the reader went away
        }
        int from = body.length() * n / PIECES;
        int to = body.length() * (n + 1) / PIECES;
        if (n == PIECES - 1) {
            finish(out, ended, body.getBuffer(from, to), true);
            return;
        }
        out.write(body.getBuffer(from, to));
        vertx.setTimer(Math.max(1, transfer.toMillis() / PIECES), t -> sendPiece(out, ended, body, n + 1));
    }

    private void finish(HttpServerResponse out, AtomicBoolean ended, Buffer last, boolean whole) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        underWay.decrementAndGet();
        out.end(last).onSuccess(v -> {
            if (whole) {
                sent.incrementAndGet();
            }
        });
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(START.toSeconds(), TimeUnit.SECONDS);
    }
}
