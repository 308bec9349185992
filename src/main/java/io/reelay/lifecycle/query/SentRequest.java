package io.reelay.lifecycle.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The request as it was validated and submitted (the operation explicit, the model's defaults applied, its tenant,
 * priority and provider set), as a request's state shows it: the fields a producer's request has, each cut as
 * {@link io.reelay.lifecycle.SentCopy} cuts them. Reelay's own reserved metadata keys are left out.
 */
public record SentRequest(String model, String operation, String provider, String prompt, String imageUrl,
        String image, List<String> referenceImages, List<String> referenceVideos, List<String> referenceAudios,
        String referenceImageType, String startImage, String endImage, String videoUrl, String audioUrl,
        Integer duration, String aspectRatio, String resolution, Boolean outputAudio, List<Element> klingElements,
        Map<String, String> parameters, Integer maxWaitSeconds, Map<String, String> metadata, Instant requestedAt,
        String callbackUrl, String tenant, Integer priority) {

    /** A named element of a kling-3.0-video request. */
    public record Element(String name, String description, List<String> elementInputUrls) {
    }
}
