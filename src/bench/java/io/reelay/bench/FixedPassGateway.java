package io.reelay.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * The baseline poller the benchmark sets Reelay against, modelled on a common API gateway: one thread that, every
 * {@code passInterval} (15 s), walks every open task in turn, polls it, and sleeps {@code pausePerTask} (1 s)
 * after each poll to spare the upstream. A task answered {@code completed} or {@code failed} is closed and its
 * detection instant kept. With many open tasks a pass outlasts its interval and detection falls behind by up to a
 * pass; that is the behaviour being measured, so the pause is a real sleep on the polling thread.
 *
 * <p>Passes start on a fixed rate from {@link #start()}; a pass that overruns its slot is followed at once by the
 * next (no overlap, no burst of passes to catch up). Each pass walks the tasks open when it began, in the order they
 * were added; tasks added during a pass wait for the next. An HTTP error or an unreadable answer counts as a poll
 * and leaves the task open.
 *
 * <p>Every duration is multiplied by {@code timeScale}, so that it runs against a simulator whose tasks are as much
 * shorter than real ones: 0.1 runs ten times faster. It owns its Vert.x and WebClient; {@link #close()} stops the
 * thread and closes them.
 */
public final class FixedPassGateway implements AutoCloseable {

    /** The gateway's real pass interval. */
    public static final Duration PASS_INTERVAL = Duration.ofSeconds(15);
    /** The gateway's real pause after each poll. */
    public static final Duration PAUSE_PER_TASK = Duration.ofSeconds(1);
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(10);

    /**
     * One task's account.
     *
     * @param polls polls made, errors included
     * @param detectedAt when the terminal answer was received; null while open
     * @param finalStatus {@code completed} or {@code failed}; null while open
     */
    public record TaskResult(String taskId, int polls, Instant addedAt, Instant detectedAt, String finalStatus) {

        public boolean done() {
            return detectedAt != null;
        }
    }

    /** One pass: when it began and ended, and how many tasks it polled. */
    public record Pass(int number, Instant startedAt, Instant endedAt, int tasksPolled) {

        public Duration took() {
            return Duration.between(startedAt, endedAt);
        }
    }

    private final String apiKey;
    private final Duration passInterval;
    private final Duration pausePerTask;
    private final Clock clock;
    private final Vertx vertx;
    private final WebClient client;
    private final Thread thread;

    // Guarded by this: tasks still open (id -> poll URL, in order added) and every task's account.
    private final Map<String, String> open = new LinkedHashMap<>();
    private final Map<String, TaskResult> results = new LinkedHashMap<>();
    private final List<Pass> passes = new ArrayList<>();
    private long pollErrors;
    private boolean started;
    private volatile boolean closed;

    /** The gateway's real cadence (15 s passes, 1 s pause per task) scaled by {@code timeScale}. */
    public FixedPassGateway(String apiKey, double timeScale) {
        this(apiKey, PASS_INTERVAL, PAUSE_PER_TASK, timeScale, Clock.systemUTC());
    }

    /**
     * @param apiKey sent as {@code Authorization: Bearer <apiKey>}
     * @param passInterval the real interval between pass starts, before scaling
     * @param pausePerTask the real sleep after each poll, before scaling
     * @param timeScale multiplies both, e.g. 0.1 for a simulator ten times faster than the real upstream
     * @param clock for the instants recorded (detection, passes)
     */
    public FixedPassGateway(String apiKey, Duration passInterval, Duration pausePerTask, double timeScale,
            Clock clock) {
        if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("timeScale must be positive: " + timeScale);
        }
        if (passInterval.isNegative() || pausePerTask.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        this.apiKey = apiKey;
        this.passInterval = scale(passInterval, timeScale);
        this.pausePerTask = scale(pausePerTask, timeScale);
        this.clock = clock;
        this.vertx = Vertx.vertx();
        this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setMaxPoolSize(1)
                .setConnectTimeout((int) POLL_TIMEOUT.toMillis()));
        this.thread = new Thread(this::loop, "fixed-pass-gateway");
        this.thread.setDaemon(true);
    }

    /** The interval between pass starts, scaled. */
    public Duration passInterval() {
        return passInterval;
    }

    /** The sleep after each poll, scaled. */
    public Duration pausePerTask() {
        return pausePerTask;
    }

    /** Opens a task to be polled at {@code pollUrl} (absolute) from the next pass on; before or after start. */
    public synchronized void add(String taskId, String pollUrl) {
        if (results.containsKey(taskId)) {
            throw new IllegalArgumentException("Task " + taskId + " was added already");
        }
        open.put(taskId, pollUrl);
        results.put(taskId, new TaskResult(taskId, 0, clock.instant(), null, null));
    }

    /** Starts the polling thread; the first pass begins at once. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("started already");
        }
        if (closed) {
            throw new IllegalStateException("closed");
        }
        started = true;
        thread.start();
    }

    /**
     * Waits until every task added so far is detected (and at least one was added).
     *
     * @return whether they were, within {@code timeout}
     */
    public synchronized boolean awaitAllDone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!open.isEmpty() || results.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || closed) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Every task added, open or done, by id in the order added. */
    public synchronized Map<String, TaskResult> results() {
        return new LinkedHashMap<>(results);
    }

    /** Passes made so far, in order. */
    public synchronized List<Pass> passes() {
        return List.copyOf(passes);
    }

    /** Polls that failed (no answer, non-2xx, no status in the body). */
    public synchronized long pollErrors() {
        return pollErrors;
    }

    /** Tasks still open. */
    public synchronized int openTasks() {
        return open.size();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        thread.interrupt();
        try {
            thread.join(POLL_TIMEOUT.toMillis() + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    private void loop() {
        long origin = System.nanoTime();
        long nextStart = origin;
        int number = 0;
        try {
            while (!closed) {
                sleepUntil(nextStart);
                number++;
                Instant startedAt = clock.instant();
                long passBegan = System.nanoTime();
                List<Map.Entry<String, String>> walk;
                synchronized (this) {
                    walk = List.copyOf(open.entrySet());
                }
                for (Map.Entry<String, String> task : walk) {
                    if (closed) {
                        return;
                    }
                    poll(task.getKey(), task.getValue());
                    TimeUnit.NANOSECONDS.sleep(pausePerTask.toNanos());
                }
                synchronized (this) {
                    passes.add(new Pass(number, startedAt, clock.instant(), walk.size()));
                }
                // Fixed rate from the start; an overrun pass is followed at once, without catching up.
                nextStart = Math.max(passBegan + passInterval.toNanos(), System.nanoTime());
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private void poll(String taskId, String url) throws InterruptedException {
        String status = null;
        try {
            HttpResponse<Buffer> response = client.getAbs(url)
                    .putHeader("Authorization", "Bearer " + apiKey)
                    .putHeader("Accept", "application/json")
                    .timeout(POLL_TIMEOUT.toMillis())
                    .send().toCompletionStage().toCompletableFuture()
                    .get(POLL_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            if (response.statusCode() / 100 == 2) {
                JsonObject body = response.bodyAsJsonObject();
                status = body == null ? null : body.getString("status");
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // no answer: counted below as an error
        }
        Instant answeredAt = clock.instant();
        synchronized (this) {
            TaskResult before = results.get(taskId);
            boolean terminal = "completed".equals(status) || "failed".equals(status);
            if (status == null) {
                pollErrors++;
            }
            results.put(taskId, new TaskResult(taskId, before.polls() + 1, before.addedAt(),
                    terminal ? answeredAt : null, terminal ? status : null));
            if (terminal) {
                open.remove(taskId);
                notifyAll();
            }
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static Duration scale(Duration d, double factor) {
        return Duration.ofNanos(Math.round(d.toNanos() * factor));
    }
}
