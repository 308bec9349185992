package io.reelay.upstream.tokenlab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelay.intake.VideoRequest;
import io.reelay.upstream.UpstreamJson;
import java.util.List;
import java.util.Map;

/** Builds the JSON body of {@code POST /v1/videos/generations} from a {@link VideoRequest}. */
final class TokenLabRequestBody {

    private TokenLabRequestBody() {
    }

    static ObjectNode of(VideoRequest request, ObjectMapper mapper) {
        ObjectNode body = mapper.createObjectNode();
        put(body, "model", request.model());
        put(body, "prompt", request.prompt());
        put(body, "operation", request.operation());
        put(body, "image_url", request.imageUrl());
        put(body, "image", request.image());
        putAll(body, "reference_images", request.referenceImages());
        // TokenLab's names for reference videos and audios (reference_videos / reference_audios are Reelay's
        // older names for them; the validator folds them into these, which intents admitted before still need).
        putAll(body, "video_urls", request.referenceVideos());
        putAll(body, "audio_urls", request.referenceAudios());
        put(body, "reference_image_type", request.referenceImageType());
        put(body, "start_image", request.startImage());
        put(body, "end_image", request.endImage());
        put(body, "video_url", request.videoUrl());
        put(body, "audio_url", request.audioUrl());
        if (request.duration() != null) {
            body.put("duration", request.duration());
        }
        put(body, "aspect_ratio", request.aspectRatio());
        put(body, "resolution", request.resolution());
        if (request.outputAudio() != null) {
            body.put("output_audio", request.outputAudio());
        }
        if (!request.klingElements().isEmpty()) {
            ArrayNode elements = body.putArray("kling_elements");
            for (VideoRequest.KlingElementSpec spec : request.klingElements()) {
                ObjectNode element = elements.addObject();
                put(element, "name", spec.name());
                put(element, "description", spec.description());
                putAll(element, "element_input_urls", spec.inputUrls());
            }
        }
        mergeParameters(body, request.parameters());
        return body;
    }

    /**
     * Model-specific parameters travel as JSON literals. The typed fields win over a parameter of the
     * same name, so a stray {@code model} parameter cannot change the model that is billed.
     */
    private static void mergeParameters(ObjectNode body, Map<String, String> parameters) {
        parameters.forEach((name, literal) -> {
            if (name == null || name.isBlank() || literal == null || body.has(name)) {
                return;
            }
            body.set(name, UpstreamJson.literal(literal));
        });
    }

    private static void put(ObjectNode node, String field, String value) {
        if (value != null && !value.isBlank()) {
            node.put(field, value);
        }
    }

    private static void putAll(ObjectNode node, String field, List<String> values) {
        List<String> present = values.stream().filter(v -> v != null && !v.isBlank()).toList();
        if (!present.isEmpty()) {
            ArrayNode array = node.putArray(field);
            present.forEach(array::add);
        }
    }
}
