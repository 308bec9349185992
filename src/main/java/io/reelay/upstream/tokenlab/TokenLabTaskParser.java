package io.reelay.upstream.tokenlab;

import static io.reelay.upstream.UpstreamJson.decimal;
import static io.reelay.upstream.UpstreamJson.integer;
import static io.reelay.upstream.UpstreamJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamError;
import io.reelay.upstream.UpstreamErrors;
import io.reelay.upstream.UpstreamStatus;
import io.reelay.upstream.VideoOutput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads TokenLab task objects. Tolerant by design: gateways drift, so every field is optional, the
 * video is looked for in each documented place, and an unknown status is kept rather than refused.
 */
public final class TokenLabTaskParser {

    private TokenLabTaskParser() {
    }

    /** The fields of a submit answer; {@code id} falls back to {@code task_id}, both may be null. */
    public record SubmitAnswer(String id, String pollUrl, String status) {
    }

    public static SubmitAnswer parseSubmit(JsonNode answer) {
        String id = text(answer, "id");
        return new SubmitAnswer(id != null ? id : text(answer, "task_id"), text(answer, "poll_url"),
                text(answer, "status"));
    }

    public static TaskReport parseTask(JsonNode task) {
        String rawStatus = text(task, "status");
        return new TaskReport(status(rawStatus), rawStatus, progress(task), videos(task), error(task.get("error")),
                task.path("cancelled").asBoolean(false), updated(task));
    }

    static UpstreamStatus status(String raw) {
        if (raw == null) {
            return UpstreamStatus.UNRECOGNISED;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "pending" -> UpstreamStatus.PENDING;
            case "processing" -> UpstreamStatus.PROCESSING;
            case "completed" -> UpstreamStatus.COMPLETED;
            case "failed" -> UpstreamStatus.FAILED;
            default -> UpstreamStatus.UNRECOGNISED;
        };
    }

    // Only a real number: a gateway that has no progress sends none, or a placeholder string.
    private static Integer progress(JsonNode task) {
        JsonNode p = task.get("progress");
        return p != null && p.isNumber() ? p.intValue() : null;
    }

    private static List<VideoOutput> videos(JsonNode task) {
        JsonNode content = task.path("content");
        String lastFrame = firstText(text(task, "last_frame_url"), text(content, "last_frame_url"));
        List<VideoOutput> found = new ArrayList<>();
        addPlain(found, text(task, "video_url"));
        JsonNode video = task.get("video");
        if (video != null) {
            addVideo(found, video);
        }
        JsonNode videos = task.get("videos");
        if (videos != null && videos.isArray()) {
            videos.forEach(v -> addVideo(found, v));
        }
        addPlain(found, text(content, "video_url"));
        return withLastFrame(distinctByUrl(found), lastFrame);
    }

    private static void addVideo(List<VideoOutput> found, JsonNode v) {
        if (v.isTextual()) {
            addPlain(found, v.asText());
        } else if (v.isObject()) {
            String url = text(v, "url");
            if (url != null) {
                found.add(new VideoOutput(url, decimal(v.get("duration")), integer(v.get("width")),
                        integer(v.get("height")), text(v, "last_frame_url")));
            }
        }
    }

    private static void addPlain(List<VideoOutput> found, String url) {
        if (url != null) {
            found.add(new VideoOutput(url, null, null, null, null));
        }
    }

    // The same URL in two shapes is one video; keep the copy that says the most about it.
    private static List<VideoOutput> distinctByUrl(List<VideoOutput> found) {
        List<VideoOutput> result = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (VideoOutput v : found) {
            if (seen.add(v.url())) {
                result.add(found.stream().filter(o -> o.url().equals(v.url())).max(
                        (a, b) -> Integer.compare(detail(a), detail(b))).orElse(v));
            }
        }
        return result;
    }

    private static int detail(VideoOutput v) {
        return (v.durationSeconds() == null ? 0 : 1) + (v.width() == null ? 0 : 1) + (v.height() == null ? 0 : 1)
                + (v.lastFrameUrl() == null ? 0 : 1);
    }

    // The task-level last frame belongs to the first video: the API documents one video per task.
    private static List<VideoOutput> withLastFrame(List<VideoOutput> videos, String lastFrame) {
        if (lastFrame == null || videos.isEmpty() || videos.get(0).lastFrameUrl() != null) {
            return videos;
        }
        List<VideoOutput> result = new ArrayList<>(videos);
        VideoOutput first = result.get(0);
        result.set(0, new VideoOutput(first.url(), first.durationSeconds(), first.width(), first.height(), lastFrame));
        return result;
    }

    static UpstreamError error(JsonNode error) {
        return UpstreamErrors.fromObject(error);
    }

    private static Instant updated(JsonNode task) {
        JsonNode u = task.get("updated");
        return u != null && u.isNumber() ? Instant.ofEpochSecond(u.longValue()) : null;
    }

    private static String firstText(String a, String b) {
        return a != null ? a : b;
    }
}
