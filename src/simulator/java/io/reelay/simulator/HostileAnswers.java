package io.reelay.simulator;

import io.reelay.simulator.SimulatorHttp.Call;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes each {@link HostileAnswer} in the shape of one simulated API: field names the client looks
 * for, holding what no real answer would. Undocumented statuses rotate, deterministically.
 */
final class HostileAnswers {

    /** Which API's field names the answers use. */
    enum Shape { TOKENLAB, HUB }

    static final int HUGE_CHARS = 100 * 1024;
    static final int MANY_VIDEOS = 5000;
    static final int DEEP_LEVELS = 100_000;
    static final long UNBOUNDED_CAP_BYTES = 64L * 1024 * 1024;
    static final String HUGE_RETRY_AFTER_HEADER = "999999999999999999999999";
    static final String CONTROL = "\r\nX-Injected: 1\u0000\u001b[31m";

    /** Statuses neither API documents, each a way a gateway could drift. */
    static final List<String> UNDOCUMENTED = List.of("SUCCEEDED", "", "   ", "expired", "Completed\u0000",
            "ｃｏｍｐｌｅｔｅｄ", "null", "in_progress".repeat(20), "queued", "canceled");

    private static final int CHUNK_BYTES = 64 * 1024;

    private final Shape shape;
    private final AtomicLong undocumented = new AtomicLong();

    HostileAnswers(Shape shape) {
        this.shape = shape;
    }

    /** Writes {@code answer} for this call; returns the HTTP status it sent. */
    int write(RoutingContext ctx, HostileAnswer answer, Call call) {
        HttpServerResponse response = ctx.response().putHeader("Content-Type", "application/json");
        boolean submit = call == Call.SUBMIT;
        return switch (answer) {
            case HUGE_RETRY_AFTER -> {
                response.putHeader("Retry-After", HUGE_RETRY_AFTER_HEADER);
                yield end(response, 429, error("rate_limit_exceeded", "Slow down", 1e300).encode());
            }
            case HUGE_TIMESTAMPS -> end(response, 200, (submit ? submitted("hostile-timestamps") : task("completed"))
                    .put("created", Long.MIN_VALUE).put("updated", 1e300)
                    .put("created_at", "+999999999-12-31T23:59:59.999999999Z")
                    .put("updated_at", "-999999999-01-01T00:00:00Z")
                    .put("elapsed_ms", Long.MAX_VALUE).encode());
            case OUT_OF_RANGE_NUMBERS -> end(response, 200, (submit ? submitted("hostile-numbers") : task("processing"))
                    .put("progress", 1e9).put("elapsed_ms", -5).encode());
            case MANY_VIDEOS -> end(response, 200, (submit ? submitted("hostile-videos") : task("completed"))
                    .put("videos", videos(MANY_VIDEOS)).put("data", new JsonObject().put("videos", videos(MANY_VIDEOS)))
                    .encode());
            case UNBOUNDED_BODY -> {
                unbounded(response);
                yield 200;
            }
            case DEEP_JSON -> end(response, 200, "[".repeat(DEEP_LEVELS) + "]".repeat(DEEP_LEVELS));
            case HUGE_STRINGS -> end(response, 200, strange("x".repeat(HUGE_CHARS), "y".repeat(2048), submit).encode());
            case CONTROL_CHARACTERS -> end(response, 200, strange("ld" + CONTROL + "task", "c" + CONTROL, submit)
                    .encode());
            case WRONG_TYPES -> end(response, 200, wrongTypes().encode());
            case UNDOCUMENTED_STATUS -> {
                String status = UNDOCUMENTED.get((int) (undocumented.getAndIncrement() % UNDOCUMENTED.size()));
                yield end(response, 200, (submit ? submitted("hostile-status") : task(status)).put("status", status)
                        .encode());
            }
            case GARBAGE_ERROR -> {
                response.putHeader("Retry-After", "soon");
                byte[] garbage = new byte[512 * 1024];
                for (int i = 0; i < garbage.length; i++) {
                    garbage[i] = (byte) (0x80 | (i * 31 & 0x7f));
                }
                response.setStatusCode(503).end(Buffer.buffer(garbage));
                yield 503;
            }
        };
    }

    private static int end(HttpServerResponse response, int status, String body) {
        response.setStatusCode(status).end(body);
        return status;
    }

    /** A submit answer with a usable id, in this API's shape, for the other fields to spoil. */
    private JsonObject submitted(String id) {
        return shape == Shape.TOKENLAB
                ? new JsonObject().put("id", id).put("task_id", id).put("poll_url", "/v1/tasks/" + id).put("status", "pending")
                : new JsonObject().put("task_id", id).put("status", "pending");
    }

    /** A poll answer in this API's shape, with a usable video when completed. */
    private JsonObject task(String status) {
        JsonObject task = new JsonObject().put("status", status);
        String url = "https://cdn.reelay-simulator.test/videos/hostile.mp4";
        if (shape == Shape.TOKENLAB) {
            return task.put("id", "hostile").put("video", new JsonObject().put("url", url).put("duration", -8)
                    .put("width", 1e12).put("height", -720));
        }
        return task.put("task_id", "hostile").put("ready", true).put("data", new JsonObject()
                .put("video", new JsonObject().put("url", url).put("file_size", -1).put("duration", 1e308)));
    }

    private JsonObject error(String code, String message, double retryAfter) {
        return shape == Shape.TOKENLAB
                ? new JsonObject().put("error", new JsonObject().put("message", message).put("type", "rate_limit_error")
                        .put("code", code).put("retryable", true).put("retry_after", retryAfter))
                : new JsonObject().put("error_code", code).put("error_message", message).put("retryable", true)
                        .put("retry_after", retryAfter);
    }

    /**
     * The fields the client reads first hold {@code text} (the ids, the status, the URLs, the messages),
     * the others {@code shorter}: eight times 100 KB still fits under the client's body limit, so the
     * fields themselves are what is tested.
     */
    private JsonObject strange(String text, String shorter, boolean submit) {
        JsonObject answer = new JsonObject().put("id", text).put("task_id", shorter).put("taskId", text)
                .put("poll_url", "/v1/tasks/" + text).put("status", submit ? "pending" + text : "failed" + text)
                .put("error", new JsonObject().put("code", shorter).put("message", text).put("type", shorter)
                        .put("param", shorter))
                .put("error_code", shorter).put("error_message", text).put("video_url", "https://cdn.test/" + text)
                .put("model", shorter).put("billing_transaction_id", shorter);
        return submit ? answer : answer.put("status", "completed" + text).put("ready", true)
                .put("data", new JsonObject().put("url", "https://cdn.test/" + text));
    }

    private static JsonObject wrongTypes() {
        return new JsonObject()
                .put("id", new JsonArray().add("ld")).put("task_id", new JsonObject().put("x", 1)).put("taskId", true)
                .put("poll_url", 42).put("status", new JsonArray().add("completed")).put("ready", "perhaps")
                .put("progress", "half").put("video_url", new JsonObject()).put("video", 3.5)
                .put("videos", "all of them").put("content", new JsonArray().add(1))
                .put("data", "completed").put("error", new JsonArray().add(1).add(2)).put("cancelled", "maybe")
                .put("created", "yesterday").put("updated", new JsonObject().put("s", 1)).put("created_at", 17)
                .put("updated_at", false).put("elapsed_ms", "long").put("error_code", new JsonObject())
                .put("error_message", new JsonArray());
    }

    private static JsonArray videos(int n) {
        JsonArray videos = new JsonArray();
        for (int i = 0; i < n; i++) {
            videos.add(new JsonObject().put("url", "https://cdn.reelay-simulator.test/videos/many-" + i + ".mp4"));
        }
        return videos;
    }

    /** Chunks of a never-closed JSON string, written as fast as the client reads, until it hangs up. */
    private static void unbounded(HttpServerResponse response) {
        response.setChunked(true).setStatusCode(200);
        response.write("{\"id\":\"unbounded\",\"status\":\"pending\",\"pad\":\"");
        Buffer chunk = Buffer.buffer("a".repeat(CHUNK_BYTES));
        pump(response, chunk, new AtomicLong());
    }

    private static void pump(HttpServerResponse response, Buffer chunk, AtomicLong sent) {
        while (!response.closed() && !response.writeQueueFull()) {
            if (sent.addAndGet(chunk.length()) > UNBOUNDED_CAP_BYTES) {
                // A bound only so a client that reads forever does not keep the simulator busy forever.
                response.end("\"}");
                return;
            }
            response.write(chunk);
        }
        if (!response.closed()) {
            response.drainHandler(v -> pump(response, chunk, sent));
        }
    }
}
