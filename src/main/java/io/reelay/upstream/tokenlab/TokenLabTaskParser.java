package io.reelay.upstream.tokenlab;

import static io.reelay.upstream.UpstreamJson.decimal;
import static io.reelay.upstream.UpstreamJson.integer;
import static io.reelay.upstream.UpstreamJson.text;

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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Reads TokenLab task objects. Tolerant by design: gateways drift, so every field is optional, the
 * video is looked for in each documented place, and an unknown status is kept rather than refused.
 */
public final class TokenLabTaskParser {

    private static final Logger LOG = Logger.getLogger(TokenLabTaskParser.class);

    private TokenLabTaskParser() {
    }

    /**
     * The fields of a submit answer; {@code id} falls back to {@code task_id}, both may be null. The id
     * is as the upstream wrote it (the provider refuses an unusable one); the poll URL is null when it
     * is not a usable URL, the status cut to 64 characters.
     */
    public record SubmitAnswer(String id, String pollUrl, String status) {
    }

    public static SubmitAnswer parseSubmit(JsonNode answer) {
        String id = text(answer, "id");
        return new SubmitAnswer(id != null ? id : text(answer, "task_id"), UpstreamBounds.url(text(answer, "poll_url")),
                UpstreamBounds.text(text(answer, "status"), UpstreamBounds.MAX_STATUS_CHARS));
    }

    /**
     * {@code upstream_error.code} of a task TokenLab completed without a video URL in any documented place: the same
     * code, and the same rule, as the hub's ({@code HubTaskParser.NO_RECOGNISED_VIDEO}).
     */
    public static final String NO_RECOGNISED_VIDEO = "no_recognised_video";

    /**
     * What a poll saw. An unknown status keeps the task in flight. A task TokenLab completed without a video in any
     * documented place ends as a failure, {@link #NO_RECOGNISED_VIDEO}, not retryable: TokenLab settles the charge at
     * the terminal state, so the task was paid for and a resubmit would pay again. Every ending on an answer not
     * fully understood (that one, and a failure without an error or a cancellation) keeps the answer
     * ({@link TaskReport#upstreamAnswer()}), where the video may still be found.
     */
    public static TaskReport parseTask(JsonNode task) {
        String rawStatus = text(task, "status");
        UpstreamStatus status = status(rawStatus);
        List<VideoOutput> videos = videos(task);
        UpstreamError error = error(task.get("error"));
        boolean cancelled = task.path("cancelled").asBoolean(false);
        if (status == UpstreamStatus.COMPLETED && videos.isEmpty()) {
            return new TaskReport(UpstreamStatus.FAILED, rawStatus, progress(task), videos, noRecognisedVideo(),
                    false, updated(task), Charges.usd(task), UpstreamAnswer.of(task));
        }
        // A cancellation says why it failed even without an error.
        boolean understood = status != UpstreamStatus.FAILED || error != null || cancelled;
        return new TaskReport(status, rawStatus, progress(task), videos, error, cancelled, updated(task),
                Charges.usd(task), understood ? null : UpstreamAnswer.of(task));
    }

    private static UpstreamError noRecognisedVideo() {
        // Not retryable: Reelay cannot tell that a new request would not be billed again for the same video.
        return new UpstreamError(null, NO_RECOGNISED_VIDEO, null, "TokenLab completed the task (it settles the charge"
                + " then) but its answer has no video URL in any documented place; the answer is in upstream_answer",
                null, false, null);
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

    // Only a real number: a gateway that has no progress sends none, or a placeholder string. Held to 0-100.
    private static Integer progress(JsonNode task) {
        JsonNode p = task.get("progress");
        Double d = p != null && p.isNumber() ? decimal(p) : null;
        return d == null ? null : (int) Math.round(Math.max(0, Math.min(100, d)));
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
            // Only the first entries: a list of a million costs no more than a short one.
            for (int i = 0; i < Math.min(videos.size(), UpstreamBounds.MAX_VIDEO_CANDIDATES); i++) {
                addVideo(found, videos.get(i));
            }
        }
        addPlain(found, text(content, "video_url"));
        List<VideoOutput> distinct = withLastFrame(distinctByUrl(found), lastFrame);
        int listed = videos != null && videos.isArray() ? videos.size() : 0;
        if (distinct.size() > UpstreamBounds.MAX_VIDEOS || listed > UpstreamBounds.MAX_VIDEO_CANDIDATES) {
            LOG.warnf("A task lists %d videos; only the first %d are kept", Math.max(listed, distinct.size()),
                    UpstreamBounds.MAX_VIDEOS);
        }
        return distinct.size() > UpstreamBounds.MAX_VIDEOS ? distinct.subList(0, UpstreamBounds.MAX_VIDEOS) : distinct;
    }

    private static void addVideo(List<VideoOutput> found, JsonNode v) {
        if (v.isTextual()) {
            addPlain(found, v.asText());
        } else if (v.isObject()) {
            String url = UpstreamBounds.url(text(v, "url"));
            if (url != null) {
                found.add(new VideoOutput(url, decimal(v.get("duration")), integer(v.get("width")),
                        integer(v.get("height")), text(v, "last_frame_url")));
            }
        }
    }

    // A URL that is too long or has whitespace in it is no video: a cut URL would point elsewhere.
    private static void addPlain(List<VideoOutput> found, String text) {
        String url = UpstreamBounds.url(text);
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

    /** Unix seconds between 2000 and 2200; anything else (1e300, -1, a word) is no time, never an overflow. */
    private static Instant updated(JsonNode task) {
        JsonNode u = task.get("updated");
        return u != null && u.isNumber() ? UpstreamBounds.epochSeconds(decimal(u)) : null;
    }

    private static String firstText(String a, String b) {
        return a != null ? a : b;
    }
}
