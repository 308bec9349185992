package io.reelay.faults;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.reelay.events.VideoRequested;

/**
 * The requests of a fault run: valid ones, cycling over TokenLab models and operations and a hub model, a few
 * marked to fail upstream so both terminal topics are exercised. Ids are {@code <runId>-<n>}, new every run.
 */
final class RequestMix {

    /** The simulators' marker for a task that fails upstream. */
    static final String SIMULATE_FAIL = "[simulate:fail]";
    /** One request in this many asks its (TokenLab) task to fail upstream. */
    static final int FAIL_EVERY = 25;

    private static final List<UnaryOperator<VideoRequested.Builder>> KINDS = List.of(
            b -> b.setModel("veo3.1").setOperation("text-to-video").setPrompt("A cat walking through a sunlit garden.")
                    .setDuration(8).setAspectRatio("16:9").setResolution("720p"),
            b -> b.setModel("hailuo-2.3-standard").setOperation("image-to-video").setPrompt("Gentle natural motion.")
                    .setImageUrl("https://example.com/portrait.jpg").setDuration(6).setAspectRatio("16:9"),
            b -> b.setModel("viduq2-pro").setOperation("start-end-to-video").setPrompt("Day turns to night.")
                    .setStartImage("https://example.com/city-day.jpg").setEndImage("https://example.com/city-night.jpg")
                    .setDuration(5).setResolution("720p").setAspectRatio("16:9"),
            b -> b.setModel("kling-3.0-motion-control").setOperation("motion-control")
                    .setPrompt("Follow the motion reference.").setImageUrl("https://example.com/subject.png")
                    .setVideoUrl("https://example.com/motion.mp4").setResolution("720p"),
            b -> b.setModel("topaz-video-upscale").setOperation("video-to-video").setPrompt("Upscale this clip.")
                    .setVideoUrl("https://example.com/source.mp4"),
            b -> b.setModel("wan-2.7").setOperation("text-to-video").setPrompt("Rain running down a window.")
                    .setDuration(5).setResolution("720p"),
            b -> b.setModel("veo3.1-fast").setOperation("text-to-video").setPrompt("A lighthouse in a storm.")
                    .setDuration(4).setAspectRatio("16:9"));

    private final String runId;

    RequestMix(String runId) {
        this.runId = runId;
    }

    String requestId(int n) {
        return runId + "-" + n;
    }

    VideoRequested request(int n) {
        VideoRequested.Builder request = KINDS.get(n % KINDS.size()).apply(VideoRequested.newBuilder())
                .setRequestId(requestId(n))
                .setRequestedAt(Instant.now())
                .setMetadata(Map.of("run", runId, "n", Integer.toString(n)));
        if (n % FAIL_EVERY == FAIL_EVERY - 1 && !"wan-2.7".equals(request.getModel())) {
            request.setPrompt(request.getPrompt() + " " + SIMULATE_FAIL);
        }
        return request.build();
    }
}
