package io.reelay.request;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelay.request.VideoRequest.KlingElementSpec;
import io.reelay.request.validation.ValidationError;

/**
 * Reads a JSON request: the upstream's own request body plus a {@code request_id} (and optional
 * {@code metadata}). Known fields become the request's fields; the hub's {@code input} object, a
 * {@code parameters} object and any other field become model-specific parameters.
 */
final class JsonRequestReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonRequestReader() {
    }

    /**
     * @throws UndecodableRequestException when the bytes are not a JSON object
     * @throws MalformedRequestException when fields have the wrong type
     */
    static VideoRequest read(byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UndecodableRequestException("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UndecodableRequestException("not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new UndecodableRequestException("a JSON request must be an object");
        }
        List<ValidationError> errors = new ArrayList<>();
        Fields f = new Fields(root, errors, "");
        VideoRequest request = VideoRequest.builder(f.text("request_id"), f.text("model"))
                .operation(f.text("operation"))
                .prompt(f.text("prompt"))
                .imageUrl(f.text("image_url"))
                .image(f.text("image"))
                .referenceImages(f.texts("reference_images"))
                .referenceVideos(f.texts("reference_videos"))
                .referenceAudios(f.texts("reference_audios"))
                .referenceImageType(f.text("reference_image_type"))
                .startImage(f.text("start_image"))
                .endImage(f.text("end_image"))
                .videoUrl(f.text("video_url"))
                .audioUrl(f.text("audio_url"))
                .duration(f.integer("duration"))
                .aspectRatio(f.text("aspect_ratio"))
                .resolution(f.text("resolution"))
                .outputAudio(f.bool("output_audio"))
                .klingElements(f.elements("kling_elements"))
                .maxWaitSeconds(f.integer("max_wait_seconds"))
                .metadata(f.strings("metadata"))
                .requestedAt(f.instant("requested_at"))
                .parameters(parameters(root, errors))
                .build();
        if (!errors.isEmpty()) {
            throw new MalformedRequestException(request, errors);
        }
        return request;
    }

    private static Map<String, String> parameters(JsonNode root, List<ValidationError> errors) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String container : List.of("input", "parameters")) {
            JsonNode node = root.get(container);
            if (node == null || node.isNull()) {
                continue;
            }
            if (!node.isObject()) {
                errors.add(ValidationError.of(container, "invalid_type", "must be an object"));
                continue;
            }
            node.fields().forEachRemaining(e -> parameters.put(e.getKey(), e.getValue().toString()));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!Fields.KNOWN.contains(e.getKey()) && !e.getKey().equals("input") && !e.getKey().equals("parameters")) {
                parameters.put(e.getKey(), e.getValue().toString());
            }
        }
        return parameters;
    }

    /** Typed access to the known fields, recording a field error instead of failing at the first. */
    private record Fields(JsonNode root, List<ValidationError> errors, String prefix) {

        static final Set<String> KNOWN = Set.of("request_id", "model", "operation", "prompt", "image_url", "image",
                "reference_images", "reference_videos", "reference_audios", "reference_image_type", "start_image",
                "end_image", "video_url", "audio_url", "duration", "aspect_ratio", "resolution", "output_audio",
                "kling_elements", "metadata", "requested_at", "max_wait_seconds");

        private JsonNode get(String name) {
            JsonNode node = root.get(name);
            return node == null || node.isNull() ? null : node;
        }

        private <T> T wrong(String name, String expected) {
            errors.add(ValidationError.of(prefix + name, "invalid_type", "must be " + expected));
            return null;
        }

        String text(String name) {
            JsonNode n = get(name);
            return n == null ? null : n.isTextual() ? n.textValue() : wrong(name, "a string");
        }

        Integer integer(String name) {
            JsonNode n = get(name);
            return n == null ? null : n.canConvertToInt() && n.isIntegralNumber() ? n.intValue() : wrong(name, "a whole number");
        }

        Boolean bool(String name) {
            JsonNode n = get(name);
            return n == null ? null : n.isBoolean() ? n.booleanValue() : wrong(name, "true or false");
        }

        List<String> texts(String name) {
            JsonNode n = get(name);
            if (n == null) {
                return null;
            }
            List<String> out = new ArrayList<>();
            if (n.isArray()) {
                for (JsonNode item : n) {
                    if (!item.isTextual()) {
                        return wrong(name, "an array of strings");
                    }
                    out.add(item.textValue());
                }
                return out;
            }
            return wrong(name, "an array of strings");
        }

        Map<String, String> strings(String name) {
            JsonNode n = get(name);
            if (n == null) {
                return null;
            }
            if (!n.isObject()) {
                return wrong(name, "an object of strings");
            }
            Map<String, String> out = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().textValue()
                    : e.getValue().toString()));
            return out;
        }

        Instant instant(String name) {
            JsonNode n = get(name);
            if (n == null) {
                return null;
            }
            if (n.isIntegralNumber()) {
                return Instant.ofEpochMilli(n.longValue());
            }
            try {
                return n.isTextual() ? Instant.parse(n.textValue()) : wrong(name, "an ISO-8601 time or epoch millis");
            } catch (DateTimeParseException e) {
                return wrong(name, "an ISO-8601 time or epoch millis");
            }
        }

        List<KlingElementSpec> elements(String name) {
            JsonNode n = get(name);
            if (n == null) {
                return null;
            }
            if (!n.isArray()) {
                return wrong(name, "an array of elements");
            }
            List<KlingElementSpec> out = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                Fields element = new Fields(n.get(i), errors, name + "[" + i + "].");
                if (!n.get(i).isObject()) {
                    return wrong(name + "[" + i + "]", "an object");
                }
                out.add(new KlingElementSpec(element.text("name"), element.text("description"),
                        element.texts("element_input_urls")));
            }
            return out;
        }
    }
}
