package io.reelay.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * The raw HTTP floor: how many GETs per second, at what latency, this machine serves from a URL when nothing but a
 * client at a fixed concurrency stands in between. The benchmark sets the service's own polling figures against it
 * (a poller can not outrun the HTTP stack it polls through) and runs it against the same simulator.
 *
 * <p>It is closed-loop: {@code concurrency} lanes each keep exactly one request in flight over a keep-alive pool of
 * as many connections, issuing the next one as soon as the previous answered. After {@code warmUp} (connections
 * opened, JIT warmed, figures discarded) it measures for {@code duration}: requests that both started and ended in
 * that window count. Non-2xx answers and failures (connection errors, timeouts) are errors: counted apart and left
 * out of the rate and the latencies.
 *
 * <p>Each {@link #run} creates and closes its own Vert.x, so that its event loops compete with nothing else in the
 * process and leave nothing behind.
 */
public final class HttpFloor {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final int concurrency;
    private final Duration warmUp;
    private final Duration duration;

    /**
     * @param concurrency requests in flight at every moment, and the connection pool size (e.g. 64)
     * @param warmUp how long to run before measuring; may be zero
     * @param duration how long to measure
     */
    public HttpFloor(int concurrency, Duration warmUp, Duration duration) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be positive");
        }
        if (warmUp.isNegative() || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("warmUp must be >= 0 and duration > 0");
        }
        this.concurrency = concurrency;
        this.warmUp = warmUp;
        this.duration = duration;
    }

    /**
     * What one run measured.
     *
     * @param requests 2xx answers within the measured window
     * @param errors non-2xx answers and failed requests within the window
     * @param requestsPerSecond {@code requests} per second of the window (errors excluded)
     * @param latencyMillis latencies of the 2xx answers, in milliseconds
     */
    public record Result(String url, int concurrency, Duration duration, long requests, long errors,
            double requestsPerSecond, Percentiles latencyMillis) {

        /** One line for logs. */
        public String format() {
            return String.format(Locale.ROOT, "HTTP floor %s: %,.0f req/s at concurrency %d over %d ms (%d ok, %d "
                    + "errors); latency ms p50 %.2f p99 %.2f max %.2f", url, requestsPerSecond, concurrency,
                    duration.toMillis(), requests, errors, latencyMillis.p50(), latencyMillis.p99(),
                    latencyMillis.max());
        }
    }

    /** Runs the warm-up and the measurement against {@code url}; blocks for about warmUp + duration. */
    public Result run(String url) throws InterruptedException {
        Vertx vertx = Vertx.vertx();
        WebClient client = WebClient.create(vertx, new WebClientOptions()
                .setMaxPoolSize(concurrency)
                .setKeepAlive(true)
                .setPipelining(false)
                .setTryUseCompression(false)
                .setConnectTimeout((int) REQUEST_TIMEOUT.toMillis()));
        try {
            long measureFrom = System.nanoTime() + warmUp.toNanos();
            long measureUntil = measureFrom + duration.toNanos();
            CountDownLatch done = new CountDownLatch(concurrency);
            Lane[] lanes = new Lane[concurrency];
            for (int i = 0; i < concurrency; i++) {
                lanes[i] = new Lane(client, url, measureFrom, measureUntil, done);
                lanes[i].next();
            }
            long waitMillis = TimeUnit.NANOSECONDS.toMillis(measureUntil - System.nanoTime())
                    + REQUEST_TIMEOUT.toMillis() + 5_000;
            if (!done.await(waitMillis, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Requests to " + url + " still unanswered " + waitMillis
                        + " ms after the run should have ended");
            }
            long ok = 0;
            long errors = 0;
            int latencies = 0;
            for (Lane lane : lanes) {
                ok += lane.ok;
                errors += lane.errors;
                latencies += lane.latencyCount;
            }
            double[] millis = new double[latencies];
            int at = 0;
            for (Lane lane : lanes) {
                for (int i = 0; i < lane.latencyCount; i++) {
                    millis[at++] = lane.latencyNanos[i] / 1_000_000.0;
                }
            }
            return new Result(url, concurrency, duration, ok, errors, ok / (duration.toNanos() / 1e9),
                    Percentiles.of(millis));
        } finally {
            client.close();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /**
     * One request in flight at a time. Its fields are written only by the callback of its current request, and
     * read by the caller after the latch, so they need no locking.
     */
    private static final class Lane {

        private final WebClient client;
        private final String url;
        private final long measureFrom;
        private final long measureUntil;
        private final CountDownLatch done;
        private long ok;
        private long errors;
        private long[] latencyNanos = new long[1024];
        private int latencyCount;

        Lane(WebClient client, String url, long measureFrom, long measureUntil, CountDownLatch done) {
            this.client = client;
            this.url = url;
            this.measureFrom = measureFrom;
            this.measureUntil = measureUntil;
            this.done = done;
        }

        void next() {
            long start = System.nanoTime();
            if (start >= measureUntil) {
                done.countDown();
                return;
            }
            client.requestAbs(HttpMethod.GET, url).timeout(REQUEST_TIMEOUT.toMillis()).send(ar -> {
                long end = System.nanoTime();
                if (start >= measureFrom && end <= measureUntil) {
                    int status = ar.succeeded() ? ar.result().statusCode() : 0;
                    if (status >= 200 && status < 300) {
                        ok++;
                        record(end - start);
                    } else {
                        errors++;
                    }
                }
                next();
            });
        }

        private void record(long nanos) {
            if (latencyCount == latencyNanos.length) {
                latencyNanos = Arrays.copyOf(latencyNanos, latencyCount * 2);
            }
            latencyNanos[latencyCount++] = nanos;
        }
    }
}
