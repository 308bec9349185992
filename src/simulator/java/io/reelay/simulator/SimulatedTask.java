package io.reelay.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * A task the simulator accepted. Its state is a function of the time since submit, so a test moves
 * it along by moving the clock.
 *
 * @param duration how long the simulated task runs
 * @param clipSeconds the length of the "rendered" clip: the request's duration, else 5
 * @param shape which of the four documented result shapes the completed task answers with
 */
record SimulatedTask(String id, String model, String requestId, Instant createdAt, Duration duration,
        double clipSeconds, boolean fails, int shape, Instant cancelledAt) implements SimulatedApi.Task {

    SimulatedTask(String id, String model, String requestId, Instant createdAt, Duration duration, double clipSeconds,
            boolean fails, int shape) {
        this(id, model, requestId, createdAt, duration, clipSeconds, fails, shape, null);
    }

    /** Still queued: only then does TokenLab cancel, and only Seedance tasks. */
    boolean cancellable(Instant now) {
        long elapsed = Math.max(0, Duration.between(createdAt, now).toMillis());
        return cancelledAt == null && model.startsWith("seedance") && elapsed < Math.max(1, duration.toMillis()) / 5;
    }

    SimulatedTask cancelled(Instant at) {
        return new SimulatedTask(id, model, requestId, createdAt, duration, clipSeconds, fails, shape, at);
    }

    boolean finished(Instant now) {
        return cancelledAt != null || !now.isBefore(createdAt.plus(duration));
    }

    /** When polls start to report the outcome: the view counts whole milliseconds, and at least one. */
    @Override
    public Instant finishesAt() {
        return createdAt.plusMillis(Math.max(1, duration.toMillis()));
    }

    /** The billing transaction a submit opened (TokenLab's {@code X-Billing-Transaction-ID}): one per task. */
    static String billingTransactionId(String taskId) {
        return "bill_" + (taskId.startsWith("ldtask_") ? taskId.substring("ldtask_".length()) : taskId);
    }

    static final String FAIL_MARKER = "[simulate:fail]";
    static final String REJECT_MARKER = "[simulate:reject]";

    /** The first fifth of the run is spent queued, like a real gateway waiting for a channel. */
    @Override
    public JsonObject view(Instant now, String resultUrlBase) {
        long total = Math.max(1, duration.toMillis());
        long elapsed = Math.max(0, Duration.between(createdAt, now).toMillis());
        JsonObject json = new JsonObject()
                .put("id", id)
                .put("task_id", id)
                .put("object", "video.generation")
                .put("model", model)
                .put("created", createdAt.getEpochSecond())
                .put("billing_transaction_id", billingTransactionId(id));
        if (cancelledAt != null) {
            return json.put("updated", cancelledAt.getEpochSecond()).put("status", "failed").put("cancelled", true)
                    .put("error", new JsonObject().put("code", "cancelled").put("message", "Task cancelled by request"));
        }
        if (elapsed >= total) {
            json.put("updated", createdAt.plus(duration).getEpochSecond());
            return fails ? failed(json) : completed(json, resultUrlBase);
        }
        json.put("updated", now.getEpochSecond());
        if (elapsed < total / 5) {
            return json.put("status", "pending");
        }
        int progress = (int) Math.min(99, Math.max(1, elapsed * 100 / total));
        return json.put("status", "processing").put("progress", progress);
    }

    private static JsonObject failed(JsonObject json) {
        return json.put("status", "failed").put("error", new JsonObject()
                .put("code", "simulated_failure")
                .put("type", "upstream_error")
                .put("message", "Simulated failure requested by " + FAIL_MARKER + " in the prompt"));
    }

    /** What the simulator says it charged for a completed task, per second of clip (an invented figure). */
    static final BigDecimal CHARGE_USD_PER_SECOND = new BigDecimal("0.05");

    private BigDecimal charge() {
        return CHARGE_USD_PER_SECOND.multiply(BigDecimal.valueOf(clipSeconds)).setScale(2, RoundingMode.HALF_UP);
    }

    /** A failed or cancelled task's answer tells no charge. */
    @Override
    public BigDecimal toldChargeUsd() {
        return fails || cancelledAt != null ? null : charge();
    }

    /**
     * Rotates through video_url, video{}, videos[] and content{}, so clients meet every shape; the charge is told
     * as {@code cost_usd} or {@code billing.amount_usd} by turns (no gateway documents one: the two names Reelay
     * reads).
     */
    private JsonObject completed(JsonObject json, String resultUrlBase) {
        String url = resultUrlBase + "/" + id + ".mp4";
        String lastFrame = resultUrlBase + "/" + id + "_last.jpg";
        json.put("status", "completed").put("progress", 100);
        BigDecimal charge = charge();
        if (shape % 2 == 0) {
            json.put("cost_usd", charge);
        } else {
            json.put("billing", new JsonObject().put("amount_usd", charge));
        }
        return switch (shape) {
            case 0 -> json.put("video_url", url).put("last_frame_url", lastFrame);
            case 1 -> json.put("video", new JsonObject().put("url", url).put("duration", clipSeconds)
                    .put("width", 1280).put("height", 720));
            case 2 -> json.put("videos", new JsonArray().add(new JsonObject().put("url", url)
                    .put("duration", clipSeconds).put("width", 720).put("height", 1280)));
            default -> json.put("content", new JsonObject().put("video_url", url).put("last_frame_url", lastFrame));
        };
    }
}
