package io.reelay.lifecycle.query;

import java.util.List;

import io.reelay.events.KlingElement;
import io.reelay.events.VideoRequested;

/** From a kept request (the generated Avro class, already bounded by SentCopy) to {@link SentRequest}. */
final class SentRequestMapper {

    private SentRequestMapper() {
    }

    static SentRequest sent(VideoRequested r) {
        if (r == null) {
            return null;
        }
        return new SentRequest(r.getModel(), r.getOperation(), r.getProvider(), r.getPrompt(), r.getImageUrl(),
                r.getImage(), r.getReferenceImages(), r.getReferenceVideos(), r.getReferenceAudios(),
                r.getReferenceImageType(), r.getStartImage(), r.getEndImage(), r.getVideoUrl(), r.getAudioUrl(),
                r.getDuration(), r.getAspectRatio(), r.getResolution(), r.getOutputAudio(),
                elements(r.getKlingElements()), r.getParameters(), r.getMaxWaitSeconds(),
                RequestStatusMapper.shown(r.getMetadata()), r.getRequestedAt(), r.getCallbackUrl(), r.getTenant(),
                r.getPriority());
    }

    private static List<SentRequest.Element> elements(List<KlingElement> elements) {
        return elements == null ? null : elements.stream()
                .map(e -> new SentRequest.Element(e.getName(), e.getDescription(), e.getElementInputUrls())).toList();
    }
}
