package io.reelay.faults;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import io.reelay.catalog.CostEstimate;
import io.reelay.catalog.ModelCatalog;
import io.reelay.events.VideoRequested;
import io.reelay.kafka.TenantNames;

/**
 * The requests of a fault run: valid ones, cycling over TokenLab models and operations and a hub model, a few
 * marked to fail upstream so both terminal topics are exercised, spread over four tenants (the default one among
 * them, named by no {@code tenant} field; {@link #WEIGHTED} configured with a weight and a quota) and every
 * priority. Ids are {@code <runId>-<n>}, new every run.
 */
final class RequestMix {

    /** The tenants in turn; null: no {@code tenant} field, the default tenant's. */
    private static final List<String> TENANTS = Arrays.asList(null, "acme", "globex", "initech");
    /** The tenant the run configures with a weight and an in-flight quota ({@link FaultInjectionRun}). */
    static final String WEIGHTED = "globex";
    /** Priorities in turn; null: none given (3). */
    private static final List<Integer> PRIORITIES = Arrays.asList(null, 1, 2, 3, 4, 5);

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
                .setMetadata(Map.of("run", runId, "n", Integer.toString(n)))
                .setTenant(TENANTS.get(n % TENANTS.size()))
                .setPriority(PRIORITIES.get(n % PRIORITIES.size()));
        if (n % FAIL_EVERY == FAIL_EVERY - 1 && !"wan-2.7".equals(request.getModel())) {
            request.setPrompt(request.getPrompt() + " " + SIMULATE_FAIL);
        }
        return request.build();
    }

    /** The tenant request {@code n} belongs to as the service names it. */
    String tenant(int n) {
        String tenant = TENANTS.get(n % TENANTS.size());
        return tenant == null ? TenantNames.DEFAULT : tenant;
    }

    /**
     * What request {@code n} costs by the catalog the service ships (and prices by: catalog sync is off in the run),
     * or empty when the catalog has no price for it.
     */
    static Optional<BigDecimal> catalogPrice(ModelCatalog catalog, VideoRequested request) {
        return catalog.find(request.getModel()).flatMap(model -> CostEstimate.of(model, new CostEstimate.Order(
                request.getDuration(), request.getResolution(), request.getOutputAudio(), Map.of())));
    }
}
