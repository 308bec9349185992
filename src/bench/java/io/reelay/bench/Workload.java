package io.reelay.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.reelay.events.VideoRequested;

/**
 * The benchmark's requests: TokenLab text-to-video across six models whose typical (median) render
 * times span 60 to 600 s, with 5 or 10 s clips at 720p or 1080p (the simulator renders longer clips and
 * higher resolutions longer, as real models do).
 */
final class Workload {

    /** Typical real render time per model: the simulator's medians, before time compression. */
    static final Map<String, Duration> MEDIANS = Map.of(
            "veo3.1-fast", Duration.ofSeconds(60),
            "hailuo-2.3-standard", Duration.ofSeconds(100),
            "kling-v2.6-pro", Duration.ofSeconds(150),
            "veo3.1", Duration.ofSeconds(220),
            "wan-2.6", Duration.ofSeconds(330),
            "seedance-1.5-pro", Duration.ofSeconds(480));
    /** A model for the throughput part, outside the mix: the simulator completes its tasks at once. */
    static final String INSTANT_MODEL = "veo3-fast";
    /** A model for the scale part, outside the mix: its tasks run for hours, so they stay in flight. */
    static final String SLEEPER_MODEL = "kling-v3.0-std";

    private static final List<String> MODELS = List.copyOf(new java.util.TreeSet<>(MEDIANS.keySet()));

    private Workload() {
    }

    /** The n-th request of a mixed batch. */
    static VideoRequested mixed(String requestId, int n) {
        return request(requestId, MODELS.get(n % MODELS.size()), (n / MODELS.size()) % 2 == 0 ? 5 : 10,
                (n / (2 * MODELS.size())) % 2 == 0 ? "720p" : "1080p");
    }

    static VideoRequested request(String requestId, String model, int clipSeconds, String resolution) {
        return VideoRequested.newBuilder()
                .setRequestId(requestId)
                .setModel(model)
                .setOperation("text-to-video")
                .setPrompt("A paper boat drifting down a rain-soaked street, golden hour")
                .setDuration(clipSeconds)
                .setResolution(resolution)
                .setAspectRatio("16:9")
                .setRequestedAt(Instant.now())
                .build();
    }
}
