package io.reelay.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;

/**
 * A task the hub simulator accepted. Like {@link SimulatedTask}, its state is a function of the time
 * since submit, so a test moves it along by moving the clock.
 *
 * @param outcome how the task ends, chosen by a marker in {@code input.prompt}
 * @param shape where the completed task puts the video; see {@link #SHAPES}
 */
record SimulatedHubTask(String id, String model, String requestId, Instant createdAt, Duration duration,
        Outcome outcome, int shape) implements SimulatedApi.Task {

    /** Result shapes, rotated per submit: the fal-style {@code data.video} three times in six. */
    static final int SHAPES = 6;

    enum Outcome {
        COMPLETED, FAILED, TIMEOUT, CANCELLED,
        /** Ready with a status the hub does not document ({@code archived}) and no output. */
        UNKNOWN_END,
        /** Ready with an undocumented status ({@code succeeded}) and the video in {@code data.video}. */
        UNKNOWN_END_WITH_VIDEO,
        /** Completed, with the video in an undocumented place ({@code data.output.video.uri}). */
        ODD_OUTPUT;

        static Outcome of(String prompt) {
            if (prompt == null) {
                return COMPLETED;
            }
            // Answers the hub's documentation does not rule out, for clients that must cope with drift.
            if (prompt.contains("[simulate:unknown-end-video]")) {
                return UNKNOWN_END_WITH_VIDEO;
            }
            if (prompt.contains("[simulate:unknown-end]")) {
                return UNKNOWN_END;
            }
            if (prompt.contains("[simulate:odd-output]")) {
                return ODD_OUTPUT;
            }
            if (prompt.contains("[simulate:fail]")) {
                return FAILED;
            }
            if (prompt.contains("[simulate:timeout]")) {
                return TIMEOUT;
            }
            return prompt.contains("[simulate:cancel]") ? CANCELLED : COMPLETED;
        }
    }

    /** When polls start to report the outcome: the view counts whole milliseconds, and at least one. */
    @Override
    public Instant finishesAt() {
        return createdAt.plusMillis(Math.max(1, duration.toMillis()));
    }

    /** The first fifth of the run is spent pending; {@code ready} turns true with the terminal status. */
    @Override
    public JsonObject view(Instant now, String resultUrlBase) {
        long total = Math.max(1, duration.toMillis());
        long elapsed = Math.max(0, Duration.between(createdAt, now).toMillis());
        JsonObject json = new JsonObject()
                .put("task_id", id)
                .put("model", model)
                .put("created_at", createdAt.toString())
                .put("elapsed_ms", Math.min(elapsed, total));
        if (elapsed < total) {
            return json.put("status", elapsed < total / 5 ? "pending" : "processing").put("ready", false);
        }
        json.put("ready", true);
        return switch (outcome) {
            case FAILED -> json.put("status", "failed").put("error_code", "simulated_failure")
                    .put("error_message", "Simulated failure requested by [simulate:fail] in the prompt");
            case TIMEOUT -> json.put("status", "timeout").put("error_code", "task_timeout")
                    .put("error_message", "Simulated timeout requested by [simulate:timeout] in the prompt");
            // The documentation shows no error fields for a cancellation: clients must cope without.
            case CANCELLED -> json.put("status", "cancelled");
            case COMPLETED -> json.put("status", "completed").put("data", data(resultUrlBase));
            // The flag as a string here, as loosely typed gateways write it.
            case UNKNOWN_END -> json.put("status", "archived").put("ready", "true");
            case UNKNOWN_END_WITH_VIDEO -> json.put("status", "succeeded").put("data", new JsonObject()
                    .put("video", new JsonObject().put("url", resultUrlBase + "/" + id + ".mp4")));
            case ODD_OUTPUT -> json.put("status", "completed").put("data", new JsonObject().put("output",
                    new JsonObject().put("video", new JsonObject().put("uri", resultUrlBase + "/" + id + ".mp4"))));
        };
    }

    private JsonObject data(String resultUrlBase) {
        String url = resultUrlBase + "/" + id + ".mp4";
        return switch (shape % SHAPES) {
            case 3 -> new JsonObject().put("videos", new JsonArray().add(new JsonObject().put("url", url)));
            case 4 -> new JsonObject().put("url", url);
            case 5 -> new JsonObject().put("video_url", url);
            default -> new JsonObject().put("video", new JsonObject()
                    .put("url", url)
                    .put("content_type", "video/mp4")
                    .put("file_name", id + ".mp4")
                    .put("file_size", 1_048_576 + (long) shape * 4096));
        };
    }
}
