package io.reelay.upstream.hub;

import static io.reelay.upstream.UpstreamJson.decimal;
import static io.reelay.upstream.UpstreamJson.integer;
import static io.reelay.upstream.UpstreamJson.text;
import static io.reelay.upstream.UpstreamJson.whole;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelay.upstream.Charges;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamAnswer;
import io.reelay.upstream.UpstreamBounds;
import io.reelay.upstream.UpstreamError;
import io.reelay.upstream.UpstreamErrors;
import io.reelay.upstream.UpstreamStatus;
import io.reelay.upstream.VideoOutput;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.DateTimeException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Reads the hub's answers. Tolerant by design: the submit answer has two documented shapes, the
 * output's shape is not documented at all, and an unknown status is kept rather than refused.
 */
public final class HubTaskParser {

    private static final Logger LOG = Logger.getLogger(HubTaskParser.class);
    /** An ISO-8601 instant is at most ~35 characters; a longer string is not parsed at all. */
    private static final int MAX_TIMESTAMP_CHARS = 64;

    private HubTaskParser() {
    }

    /**
     * The fields of a submit answer; every one may be null. The task id is as the hub wrote it (the
     * provider refuses an unusable one); the status is cut to 64 characters; a creation time outside
     * 2000-2200 is none.
     */
    public record SubmitAnswer(String taskId, String status, Instant createdAt) {
    }

    /** {@code {"taskId"}} on one documentation page, {@code {"task_id", "status", "created_at", ...}} on others. */
    public static SubmitAnswer parseSubmit(JsonNode answer) {
        String id = first(text(answer, "taskId"), text(answer, "task_id"), text(answer, "id"));
        return new SubmitAnswer(id, UpstreamBounds.text(text(answer, "status"), UpstreamBounds.MAX_STATUS_CHARS),
                instant(text(answer, "created_at")));
    }

    /**
     * {@code upstream_error.code} of a task the hub marked ready with a status that is no end Reelay knows
     * (neither completed nor failed, timeout, cancelled) and no video in its {@code data}.
     */
    public static final String UNRECOGNISED_END = "unrecognised_end_status";
    /** {@code upstream_error.code} of a task the hub completed (and so bills) without a video URL in any known place. */
    public static final String NO_RECOGNISED_VIDEO = "no_recognised_video";

    /**
     * What a poll saw. The hub says to poll "until ready == true", so {@code ready} decides whether the task has
     * ended, and the status only how:
     * <ul>
     * <li>{@code ready} false: in flight whatever the status (a terminal one included: its output may not be
     *     attached yet); an unknown status is kept as it is ({@link UpstreamStatus#UNRECOGNISED}).
     * <li>{@code ready} true: the end. Failed, timeout or cancelled fail with the hub's error; completed, or any
     *     other status with a video in {@code data}, completes with its videos; any other status without a video
     *     fails ({@link #UNRECOGNISED_END}); completed without a video in a known place fails too
     *     ({@link #NO_RECOGNISED_VIDEO}, not retryable: the hub has billed it).
     * <li>{@code ready} absent (or no boolean): a gateway that drops the flag still says what happened, so a
     *     terminal status is believed, and any other status is in flight.
     * </ul>
     * Every ending on an answer not fully understood keeps the answer ({@link TaskReport#upstreamAnswer()}).
     */
    public static TaskReport parseTask(JsonNode task) {
        return ending(task).withCharge(Charges.usd(task));
    }

    private static TaskReport ending(JsonNode task) {
        String rawStatus = text(task, "status");
        Boolean ready = flag(task.get("ready"));
        UpstreamStatus named = named(rawStatus);
        Instant updated = updatedAt(task);
        if (Boolean.FALSE.equals(ready) || ready == null && !named.isTerminal()) {
            UpstreamStatus running = named.isTerminal() ? UpstreamStatus.PROCESSING : named;
            return new TaskReport(running, rawStatus, null, List.of(), null, false, updated);
        }
        if (named == UpstreamStatus.FAILED) {
            return failed(task, rawStatus, updated);
        }
        List<VideoOutput> videos = videos(task.get("data"));
        if (!videos.isEmpty()) {
            // Completed, or ready with another status but a video: the video is what was paid for.
            String kept = named == UpstreamStatus.COMPLETED ? null : UpstreamAnswer.of(task);
            return new TaskReport(UpstreamStatus.COMPLETED, rawStatus, null, videos, null, false, updated, null, kept);
        }
        UpstreamError why = named == UpstreamStatus.COMPLETED
                ? ended(NO_RECOGNISED_VIDEO, "The hub completed the task (it bills completed tasks) but its answer"
                        + " has no video URL in any place Reelay knows; the answer is in upstream_answer")
                : ended(UNRECOGNISED_END, "The hub ended the task (ready) with " + quoted(rawStatus)
                        + ", which Reelay does not know as an end, and no video; the answer is in upstream_answer");
        return new TaskReport(UpstreamStatus.FAILED, rawStatus, null, List.of(), why, false, updated, null,
                UpstreamAnswer.of(task));
    }

    /** Failed, timeout or cancelled: the hub's error; without one, the answer is kept. */
    private static TaskReport failed(JsonNode task, String rawStatus, Instant updated) {
        UpstreamError error = error(task);
        boolean cancelled = "cancelled".equals(normalise(rawStatus));
        return new TaskReport(UpstreamStatus.FAILED, rawStatus, null, List.of(), error, cancelled, updated, null,
                error == null ? UpstreamAnswer.of(task) : null);
    }

    private static UpstreamError ended(String code, String message) {
        // Not retryable: Reelay cannot tell that a new request would not be billed again for the same video.
        return new UpstreamError(null, code, null, message, null, false, null);
    }

    private static String quoted(String rawStatus) {
        String status = UpstreamBounds.text(rawStatus, UpstreamBounds.MAX_STATUS_CHARS);
        return status == null ? "no status" : "status '" + status + "'";
    }

    /** The status by its name alone; {@link #parseTask} weighs it against {@code ready}. */
    static UpstreamStatus named(String raw) {
        return switch (normalise(raw)) {
            case "pending" -> UpstreamStatus.PENDING;
            case "processing" -> UpstreamStatus.PROCESSING;
            case "completed" -> UpstreamStatus.COMPLETED;
            case "failed", "timeout", "cancelled" -> UpstreamStatus.FAILED;
            default -> UpstreamStatus.UNRECOGNISED;
        };
    }

    private static String normalise(String raw) {
        return raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * {@code ready} as the hub may write it: a boolean, the strings {@code "true"} / {@code "false"} (any case,
     * padded), or 1 / 0; anything else is as if it were absent (null).
     */
    static Boolean flag(JsonNode v) {
        if (v == null) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber() && v.canConvertToInt() && (v.intValue() == 0 || v.intValue() == 1)) {
            return v.intValue() == 1;
        }
        String text = v.isTextual() ? v.asText().trim() : "";
        if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
            return Boolean.valueOf(text);
        }
        return null;
    }

    /**
     * The video in every place the fal-style output might hold it: {@code data.video}, {@code data.videos[]},
     * {@code data.url}, {@code data.video_url}, each an object with a {@code url} or the URL itself. One URL met
     * twice is one video.
     */
    static List<VideoOutput> videos(JsonNode data) {
        if (data == null || !data.isObject()) {
            return List.of();
        }
        Map<String, VideoOutput> found = new LinkedHashMap<>();
        add(found, data.get("video"));
        JsonNode videos = data.get("videos");
        if (videos != null && videos.isArray()) {
            // Only the first entries: a list of a million costs no more than a short one.
            for (int i = 0; i < Math.min(videos.size(), UpstreamBounds.MAX_VIDEO_CANDIDATES); i++) {
                add(found, videos.get(i));
            }
        }
        add(found, data.get("url"));
        add(found, data.get("video_url"));
        int listed = videos != null && videos.isArray() ? videos.size() : 0;
        if (found.size() > UpstreamBounds.MAX_VIDEOS || listed > UpstreamBounds.MAX_VIDEO_CANDIDATES) {
            LOG.warnf("A hub task lists %d videos; only the first %d are kept", Math.max(listed, found.size()),
                    UpstreamBounds.MAX_VIDEOS);
        }
        return found.values().stream().limit(UpstreamBounds.MAX_VIDEOS).toList();
    }

    private static void add(Map<String, VideoOutput> found, JsonNode v) {
        VideoOutput video = video(v);
        if (video != null) {
            found.merge(video.url(), video, (a, b) -> detail(b) > detail(a) ? b : a);
        }
    }

    private static VideoOutput video(JsonNode v) {
        if (v == null) {
            return null;
        }
        // A URL that is too long or has whitespace in it is no video: a cut URL would point elsewhere.
        if (v.isTextual()) {
            String url = UpstreamBounds.url(v.asText());
            return url == null ? null : new VideoOutput(url, null, null, null, null);
        }
        String url = v.isObject() ? UpstreamBounds.url(text(v, "url")) : null;
        if (url == null) {
            return null;
        }
        return new VideoOutput(url, decimal(v.get("duration")), integer(v.get("width")), integer(v.get("height")),
                null, text(v, "content_type"), text(v, "file_name"), whole(v.get("file_size")));
    }

    private static int detail(VideoOutput v) {
        int n = 0;
        for (Object field : new Object[] {v.durationSeconds(), v.width(), v.height(), v.contentType(),
                v.fileName(), v.fileSizeBytes()}) {
            n += field == null ? 0 : 1;
        }
        return n;
    }

    /**
     * {@code error_code} and {@code error_message} as documented; an {@code error} object or string
     * (as other gateways send) when they are missing. A timeout or cancellation without either still
     * says what happened, so the failure event is never blank.
     */
    static UpstreamError error(JsonNode task) {
        String code = text(task, "error_code");
        String message = text(task, "error_message");
        if (code == null && message == null) {
            UpstreamError nested = UpstreamErrors.fromObject(task.get("error"));
            if (nested != null) {
                return nested;
            }
            String status = normalise(text(task, "status"));
            return switch (status) {
                case "timeout" -> new UpstreamError(null, "timeout", null, "The hub timed out the task", null,
                        false, null);
                case "cancelled" -> new UpstreamError(null, "cancelled", null, "The task was cancelled", null,
                        false, null);
                default -> null;
            };
        }
        return new UpstreamError(null, code, null, message, null, false, null);
    }

    /**
     * When the task last changed: {@code updated_at}, else its start plus the time it has run. Both
     * between 2000 and 2200, the run at most a year, so the sum cannot overflow.
     */
    private static Instant updatedAt(JsonNode task) {
        Instant updated = instant(text(task, "updated_at"));
        if (updated != null) {
            return updated;
        }
        Instant created = instant(text(task, "created_at"));
        Long elapsedMs = UpstreamBounds.within(whole(task.get("elapsed_ms")), 0L, UpstreamBounds.MAX_ELAPSED.toMillis());
        return created == null || elapsedMs == null ? null : UpstreamBounds.instant(created.plusMillis(elapsedMs));
    }

    /** An ISO-8601 instant between 2000 and 2200, else null. */
    private static Instant instant(String iso) {
        if (iso == null || iso.length() > MAX_TIMESTAMP_CHARS) {
            return null;
        }
        try {
            return UpstreamBounds.instant(Instant.parse(iso.trim()));
        } catch (DateTimeException e) {
            try {
                return UpstreamBounds.instant(OffsetDateTime.parse(iso.trim()).toInstant());
            } catch (DateTimeException e2) {
                return null;
            }
        }
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
