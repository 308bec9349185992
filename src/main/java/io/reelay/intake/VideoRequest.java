package io.reelay.intake;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A video-generation request as Reelay understands it, independent of its wire format.
 * Optional fields are null when the producer left them out; lists and maps are never null.
 *
 * <p>{@code provider} names the gateway the request is meant for (null: Reelay routes it, see docs/contract.md);
 * a validated request always names the one it was routed to, so every later look at it (re-validation before the
 * paid call, the events) sees the same. {@code inputShaped} says the producer sent the hub's own
 * {@code {"model", "input": {...}}} shape: a routing hint only, never carried on an event. {@code callbackUrl} is
 * where the terminal event is delivered by webhook (null: none), carried onto the terminal events.
 *
 * <p>{@code tenant} is whose request it is and {@code priority} how soon it should be served (1 first, 5 last): as
 * the producer wrote them until {@code io.reelay.intake.tenancy.Tenancy} resolves them at admission; from then on the
 * tenant is always a valid tenant name and, once validated, the priority is set (3 when the producer named none).
 */
public record VideoRequest(
        String requestId,
        String model,
        String operation,
        String prompt,
        String imageUrl,
        String image,
        List<String> referenceImages,
        List<String> referenceVideos,
        List<String> referenceAudios,
        String referenceImageType,
        String startImage,
        String endImage,
        String videoUrl,
        String audioUrl,
        Integer duration,
        String aspectRatio,
        String resolution,
        Boolean outputAudio,
        List<KlingElementSpec> klingElements,
        Map<String, String> parameters,
        Integer maxWaitSeconds,
        Map<String, String> metadata,
        Instant requestedAt,
        String provider,
        boolean inputShaped,
        String callbackUrl,
        String tenant,
        Integer priority) {

    public VideoRequest {
        referenceImages = referenceImages == null ? List.of() : List.copyOf(referenceImages);
        referenceVideos = referenceVideos == null ? List.of() : List.copyOf(referenceVideos);
        referenceAudios = referenceAudios == null ? List.of() : List.copyOf(referenceAudios);
        klingElements = klingElements == null ? List.of() : List.copyOf(klingElements);
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** A named element for kling-3.0-video element references. */
    public record KlingElementSpec(String name, String description, List<String> inputUrls) {
        public KlingElementSpec {
            inputUrls = inputUrls == null ? List.of() : List.copyOf(inputUrls);
        }
    }

    /** This request with the given id and request time (the record key and time stand in for missing ones). */
    public VideoRequest withIdentity(String id, Instant at) {
        if (id.equals(requestId) && at.equals(requestedAt)) {
            return this;
        }
        return new VideoRequest(id, model, operation, prompt, imageUrl, image, referenceImages, referenceVideos,
                referenceAudios, referenceImageType,
                startImage, endImage, videoUrl, audioUrl, duration, aspectRatio, resolution, outputAudio,
                klingElements, parameters, maxWaitSeconds, metadata, at, provider, inputShaped, callbackUrl, tenant,
                priority);
    }

    /** The same request for another model (a retired model's replacement), with {@code metadata}. */
    public VideoRequest withModel(String otherModel, Map<String, String> otherMetadata) {
        return new VideoRequest(requestId, otherModel, operation, prompt, imageUrl, image, referenceImages,
                referenceVideos, referenceAudios, referenceImageType, startImage, endImage, videoUrl, audioUrl,
                duration, aspectRatio, resolution, outputAudio, klingElements, parameters, maxWaitSeconds,
                otherMetadata, requestedAt, provider, inputShaped, callbackUrl, tenant, priority);
    }

    public static Builder builder(String requestId, String model) {
        return new Builder(requestId, model);
    }

    public Builder toBuilder() {
        Builder b = new Builder(requestId, model);
        b.operation = operation;
        b.prompt = prompt;
        b.imageUrl = imageUrl;
        b.image = image;
        b.referenceImages = referenceImages;
        b.referenceVideos = referenceVideos;
        b.referenceAudios = referenceAudios;
        b.referenceImageType = referenceImageType;
        b.startImage = startImage;
        b.endImage = endImage;
        b.videoUrl = videoUrl;
        b.audioUrl = audioUrl;
        b.duration = duration;
        b.aspectRatio = aspectRatio;
        b.resolution = resolution;
        b.outputAudio = outputAudio;
        b.klingElements = klingElements;
        b.parameters = parameters;
        b.maxWaitSeconds = maxWaitSeconds;
        b.metadata = metadata;
        b.requestedAt = requestedAt;
        b.provider = provider;
        b.inputShaped = inputShaped;
        b.callbackUrl = callbackUrl;
        b.tenant = tenant;
        b.priority = priority;
        return b;
    }

    /** Builds requests field by field; every field but the id and model is optional. */
    public static final class Builder {
        private final String requestId;
        private final String model;
        private String operation;
        private String prompt;
        private String imageUrl;
        private String image;
        private List<String> referenceImages;
        private List<String> referenceVideos;
        private List<String> referenceAudios;
        private String referenceImageType;
        private String startImage;
        private String endImage;
        private String videoUrl;
        private String audioUrl;
        private Integer duration;
        private String aspectRatio;
        private String resolution;
        private Boolean outputAudio;
        private List<KlingElementSpec> klingElements;
        private Map<String, String> parameters;
        private Integer maxWaitSeconds;
        private Map<String, String> metadata;
        private Instant requestedAt;
        private String provider;
        private boolean inputShaped;
        private String callbackUrl;
        private String tenant;
        private Integer priority;

        private Builder(String requestId, String model) {
            this.requestId = requestId;
            this.model = model;
        }

        public Builder operation(String v) { operation = v; return this; }
        public Builder prompt(String v) { prompt = v; return this; }
        public Builder imageUrl(String v) { imageUrl = v; return this; }
        public Builder image(String v) { image = v; return this; }
        public Builder referenceImages(List<String> v) { referenceImages = v; return this; }
        public Builder referenceVideos(List<String> v) { referenceVideos = v; return this; }
        public Builder referenceAudios(List<String> v) { referenceAudios = v; return this; }
        public Builder referenceImageType(String v) { referenceImageType = v; return this; }
        public Builder startImage(String v) { startImage = v; return this; }
        public Builder endImage(String v) { endImage = v; return this; }
        public Builder videoUrl(String v) { videoUrl = v; return this; }
        public Builder audioUrl(String v) { audioUrl = v; return this; }
        public Builder duration(Integer v) { duration = v; return this; }
        public Builder aspectRatio(String v) { aspectRatio = v; return this; }
        public Builder resolution(String v) { resolution = v; return this; }
        public Builder outputAudio(Boolean v) { outputAudio = v; return this; }
        public Builder klingElements(List<KlingElementSpec> v) { klingElements = v; return this; }
        public Builder parameters(Map<String, String> v) { parameters = v; return this; }
        public Builder maxWaitSeconds(Integer v) { maxWaitSeconds = v; return this; }
        public Builder metadata(Map<String, String> v) { metadata = v; return this; }
        public Builder requestedAt(Instant v) { requestedAt = v; return this; }
        public Builder provider(String v) { provider = v; return this; }
        public Builder inputShaped(boolean v) { inputShaped = v; return this; }
        public Builder callbackUrl(String v) { callbackUrl = v; return this; }
        public Builder tenant(String v) { tenant = v; return this; }
        public Builder priority(Integer v) { priority = v; return this; }

        public VideoRequest build() {
            return new VideoRequest(requestId, model, operation, prompt, imageUrl, image, referenceImages,
                    referenceVideos, referenceAudios, referenceImageType, startImage, endImage, videoUrl, audioUrl, duration, aspectRatio,
                    resolution, outputAudio, klingElements, parameters, maxWaitSeconds, metadata, requestedAt, provider,
                    inputShaped, callbackUrl, tenant, priority);
        }
    }
}
