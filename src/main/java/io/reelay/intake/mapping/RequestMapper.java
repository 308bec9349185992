package io.reelay.intake.mapping;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.reelay.events.KlingElement;
import io.reelay.events.VideoRequested;
import io.reelay.intake.VideoRequest;

/** Maps the request event (generated Avro) to and from the domain request. */
public final class RequestMapper {

    private RequestMapper() {
    }

    public static VideoRequest toDomain(VideoRequested event) {
        return VideoRequest.builder(event.getRequestId(), event.getModel())
                .operation(event.getOperation())
                .prompt(event.getPrompt())
                .imageUrl(event.getImageUrl())
                .image(event.getImage())
                .referenceImages(event.getReferenceImages())
                .referenceVideos(event.getReferenceVideos())
                .referenceAudios(event.getReferenceAudios())
                .referenceImageType(event.getReferenceImageType())
                .startImage(event.getStartImage())
                .endImage(event.getEndImage())
                .videoUrl(event.getVideoUrl())
                .audioUrl(event.getAudioUrl())
                .duration(event.getDuration())
                .aspectRatio(event.getAspectRatio())
                .resolution(event.getResolution())
                .outputAudio(event.getOutputAudio())
                .klingElements(event.getKlingElements() == null ? null : event.getKlingElements().stream()
                        .map(e -> new VideoRequest.KlingElementSpec(e.getName(), e.getDescription(),
                                e.getElementInputUrls()))
                        .toList())
                .parameters(event.getParameters())
                .maxWaitSeconds(event.getMaxWaitSeconds())
                .metadata(event.getMetadata())
                .requestedAt(event.getRequestedAt())
                .provider(event.getProvider())
                .callbackUrl(event.getCallbackUrl())
                .tenant(event.getTenant())
                .priority(event.getPriority())
                .build();
    }

    /**
     * The event of a request. Total: a refused request can lack what the schema requires (a model, an element's
     * name), and its refusal still names it; those fields are written empty.
     */
    public static VideoRequested toEvent(VideoRequest request) {
        return VideoRequested.newBuilder()
                .setRequestId(request.requestId() == null ? "" : request.requestId())
                .setModel(request.model() == null ? "" : request.model())
                .setOperation(request.operation())
                .setPrompt(request.prompt())
                .setImageUrl(request.imageUrl())
                .setImage(request.image())
                .setReferenceImages(emptyToNull(request.referenceImages()))
                .setReferenceVideos(emptyToNull(request.referenceVideos()))
                .setReferenceAudios(emptyToNull(request.referenceAudios()))
                .setReferenceImageType(request.referenceImageType())
                .setStartImage(request.startImage())
                .setEndImage(request.endImage())
                .setVideoUrl(request.videoUrl())
                .setAudioUrl(request.audioUrl())
                .setDuration(request.duration())
                .setAspectRatio(request.aspectRatio())
                .setResolution(request.resolution())
                .setOutputAudio(request.outputAudio())
                .setKlingElements(request.klingElements().isEmpty() ? null : request.klingElements().stream()
                        .map(e -> KlingElement.newBuilder()
                                .setName(e.name() == null ? "" : e.name())
                                .setDescription(e.description())
                                .setElementInputUrls(e.inputUrls().stream()
                                        .map(url -> url == null ? "" : url).toList())
                                .build())
                        .toList())
                .setParameters(emptyToNull(request.parameters()))
                .setMaxWaitSeconds(request.maxWaitSeconds())
                .setMetadata(emptyToNull(request.metadata()))
                .setRequestedAt(request.requestedAt())
                .setProvider(request.provider())
                .setCallbackUrl(request.callbackUrl())
                .setTenant(request.tenant())
                .setPriority(request.priority())
                .build();
    }

    /** The request's time, or {@code fallback} (the record timestamp) when the producer gave none. */
    public static Instant requestedAt(VideoRequest request, Instant fallback) {
        return request.requestedAt() != null ? request.requestedAt() : fallback;
    }

    private static <T> List<T> emptyToNull(List<T> list) {
        return list.isEmpty() ? null : list;
    }

    private static Map<String, String> emptyToNull(Map<String, String> map) {
        return map.isEmpty() ? null : new HashMap<>(map);
    }
}
