package io.reelay.devstack;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.reelay.events.VideoRequested;

/** The sample requests the demo publishes: one per kind of input, one for the hub, and one the simulator fails on purpose. */
final class DemoSamples {

    /** The simulator's marker for a task that fails upstream. */
    static final String SIMULATE_FAIL = "[simulate:fail]";

    private DemoSamples() {
    }

    /** Request ids are {@code demo-<runId>-1..n}, so the samples of each run are new requests. */
    static List<VideoRequested> create(String runId, Instant requestedAt) {
        List<VideoRequested.Builder> samples = List.of(
                request("veo3.1", "text-to-video",
                        "A calm cinematic shot of a cat walking through a sunlit garden.")
                        .setDuration(8).setAspectRatio("16:9").setResolution("720p"),
                request("hailuo-2.3-standard", "image-to-video",
                        "The scene begins from the provided image and adds gentle natural motion.")
                        .setImageUrl("https://example.com/portrait.jpg").setDuration(6).setAspectRatio("16:9"),
                request("viduq2-pro", "start-end-to-video", "Smooth transition from day to night.")
                        .setStartImage("https://example.com/city-day.jpg")
                        .setEndImage("https://example.com/city-night.jpg")
                        .setDuration(5).setResolution("720p").setAspectRatio("16:9"),
                request("kling-3.0-motion-control", "motion-control",
                        "Keep the subject stable while following the motion reference.")
                        .setImageUrl("https://example.com/subject.png")
                        .setVideoUrl("https://example.com/motion.mp4").setResolution("720p"),
                request("topaz-video-upscale", "video-to-video",
                        "Upscale this clip while preserving the original motion.")
                        .setVideoUrl("https://example.com/source.mp4"),
                // A hub model: its parameter table applies, and the hub's simulator serves it.
                request("wan-2.7", "text-to-video", "Rain running down a window, city lights behind it.")
                        .setDuration(5).setResolution("720p"),
                request("veo3.1-fast", "text-to-video",
                        "A lighthouse in a storm at night. " + SIMULATE_FAIL)
                        .setDuration(4).setAspectRatio("16:9"));
        return java.util.stream.IntStream.range(0, samples.size())
                .mapToObj(i -> samples.get(i)
                        .setRequestId("demo-" + runId + "-" + (i + 1))
                        .setRequestedAt(requestedAt)
                        .build())
                .toList();
    }

    private static VideoRequested.Builder request(String model, String operation, String prompt) {
        return VideoRequested.newBuilder()
                .setModel(model)
                .setOperation(operation)
                .setPrompt(prompt)
                .setMetadata(Map.of("source", "reelay-demo"));
    }
}
