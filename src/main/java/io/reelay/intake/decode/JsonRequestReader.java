package io.reelay.intake.decode;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.reelay.intake.VideoRequest.KlingElementSpec;
import io.reelay.intake.ValidationError;
import io.reelay.intake.BoundedJson;
import io.reelay.intake.Echo;
import io.reelay.intake.IntakeLimits;
import io.reelay.intake.VideoRequest;
import io.reelay.intake.tenancy.Priority;

/**
 * Reads a JSON request: the upstream's own request body plus a {@code request_id} (and optional
 * {@code metadata}). The hub's {@code {"model", "input": {...}}} shape is first read as the flat one (see
 * {@link HubShape}). Known fields become the request's fields; a {@code parameters} object and any other field
 * become model-specific parameters (which the catalog then allows or refuses per model). Bounded: see
 * {@link IntakeLimits} and {@link BoundedJson}.
 */
final class JsonRequestReader {

    private final ObjectReader json;
    private final IntakeLimits limits;

    /** @param maxStringLength longest JSON string (a data: URL of the configured size must fit) */
    JsonRequestReader(IntakeLimits limits, int maxStringLength) {
        this.limits = limits;
        this.json = BoundedJson.mapper(limits, maxStringLength).reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * @throws UndecodableRequestException when the bytes are not a JSON object (or break a JSON bound)
     * @throws MalformedRequestException when fields have the wrong type or lists are too long
     */
    VideoRequest read(byte[] bytes) {
        JsonNode root;
        try {
            root = json.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new UndecodableRequestException("not valid JSON: " + Echo.truncate(e.getOriginalMessage(), 200));
        } catch (IOException | RuntimeException e) {
            throw new UndecodableRequestException("not valid JSON: " + Echo.truncate(e.getMessage(), 200));
        }
        if (root == null || !root.isObject()) {
            throw new UndecodableRequestException("a JSON request must be an object");
        }
        List<ValidationError> errors = new ArrayList<>();
        JsonNode input = root.get(HubShape.INPUT);
        boolean inputShaped = input != null && input.isObject();
        if (inputShaped) {
            root = HubShape.flatten((ObjectNode) root, errors, limits.maxParameters());
        }
        Fields f = new Fields(root, errors, "", limits);
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
                .duration(f.duration("duration"))
                .aspectRatio(f.text("aspect_ratio"))
                .resolution(f.text("resolution"))
                .outputAudio(f.bool("output_audio"))
                .klingElements(f.elements("kling_elements"))
                .maxWaitSeconds(f.integer("max_wait_seconds"))
                .metadata(f.strings("metadata"))
                .requestedAt(f.instant("requested_at"))
                .parameters(parameters(root, errors))
                .provider(f.text("provider"))
                .callbackUrl(f.text("callback_url"))
                .tenant(f.text("tenant"))
                .priority(f.priority("priority"))
                .inputShaped(inputShaped)
                .build();
        if (!errors.isEmpty()) {
            throw new MalformedRequestException(request, errors);
        }
        return request;
    }

    private Map<String, String> parameters(JsonNode root, List<ValidationError> errors) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int given = 0;
        for (String container : List.of(HubShape.INPUT, "parameters")) {
            JsonNode node = root.get(container);
            if (node == null || node.isNull()) {
                continue;
            }
            if (!node.isObject()) {
                errors.add(ValidationError.of(container, "invalid_type", "must be an object"));
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); given++) {
                Map.Entry<String, JsonNode> e = it.next();
                if (given < limits.maxParameters()) {
                    parameters.put(e.getKey(), e.getValue().toString());
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!Fields.KNOWN.contains(e.getKey()) && !e.getKey().equals("input") && !e.getKey().equals("parameters")) {
                if (given++ < limits.maxParameters()) {
                    parameters.put(e.getKey(), e.getValue().toString());
                }
            }
        }
        if (given > limits.maxParameters()) {
            errors.add(ValidationError.of("parameters", "too_many",
                    "at most " + limits.maxParameters() + " parameters, got " + given));
        }
        return parameters;
    }

    /** Typed access to the known fields, recording a field error instead of failing at the first. */
    private record Fields(JsonNode root, List<ValidationError> errors, String prefix, IntakeLimits limits) {

        /** Up to six digits: any real duration, and never past an int. */
        private static final Pattern SECONDS = Pattern.compile("(\\d{1,6})s?");

        static final Set<String> KNOWN = Set.of("request_id", "model", "operation", "prompt", "image_url", "image",
                "reference_images", "reference_videos", "reference_audios", "reference_image_type", "start_image",
                "end_image", "video_url", "audio_url", "duration", "aspect_ratio", "resolution", "output_audio",
                "kling_elements", "metadata", "requested_at", "max_wait_seconds", "provider", "callback_url", "tenant",
                "priority");

        private JsonNode get(String name) {
            JsonNode node = root.get(name);
            return node == null || node.isNull() ? null : node;
        }

        private <T> T wrong(String name, String expected) {
            errors.add(ValidationError.of(prefix + name, "invalid_type", "must be " + expected));
            return null;
        }

        private <T> T outOfRange(String name, String expected) {
            errors.add(ValidationError.of(prefix + name, "out_of_range", "must be " + expected));
            return null;
        }

        private void tooMany(String name, int count) {
            errors.add(ValidationError.of(prefix + name, "too_many",
                    "at most " + limits.maxListItems() + " items, got " + count));
        }

        String text(String name) {
            JsonNode n = get(name);
            return n == null ? null : n.isTextual() ? n.textValue() : wrong(name, "a string");
        }

        Integer integer(String name) {
            JsonNode n = get(name);
            if (n == null) {
                return null;
            }
            if (!n.isIntegralNumber()) {
                return wrong(name, "a whole number");
            }
            return n.canConvertToInt() ? n.intValue() : outOfRange(name, "a whole number of int range");
        }

        /**
         * A whole number from 1 to 5. Any other whole number, however large, is an {@code invalid_value} (not out of
         * an int's range: the rule is the range 1-5); a fraction, a string or a boolean is the wrong type.
         */
        Integer priority(String name) {
            JsonNode n = get(name);
            if (n == null) {
                return null;
            }
            if (!n.isIntegralNumber()) {
                return wrong(name, "a whole number from " + Priority.FIRST + " to " + Priority.LAST);
            }
            if (!n.canConvertToInt() || !Priority.valid(n.intValue())) {
                errors.add(Priority.outOfRange(Echo.truncate(n.asText(), 24)));
                return null;
            }
            return n.intValue();
        }

        /**
         * Whole seconds, as a JSON integer or a string of one with an optional {@code s} ({@code 6}, {@code "6"},
         * {@code "6s"}): the gateways spell durations all three ways, and each means the same. Anything else
         * (a fraction, a word) is refused rather than guessed at.
         */
        Integer duration(String name) {
            JsonNode n = get(name);
            if (n == null || !n.isTextual()) {
                return integer(name);
            }
            Matcher m = SECONDS.matcher(n.textValue());
            return m.matches() ? Integer.valueOf(m.group(1))
                    : wrong(name, "a whole number of seconds (6, \"6\" or \"6s\")");
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
            if (!n.isArray()) {
                return wrong(name, "an array of strings");
            }
            if (n.size() > limits.maxListItems()) {
                tooMany(name, n.size());
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < Math.min(n.size(), limits.maxListItems()); i++) {
                if (!n.get(i).isTextual()) {
                    return wrong(name, "an array of strings");
                }
                out.add(n.get(i).textValue());
            }
            return out;
        }

        Map<String, String> strings(String name) {
            JsonNode n = get(name);
            if (n == null) {
                return null;
            }
            if (!n.isObject()) {
                return wrong(name, "an object of strings");
            }
            if (n.size() > limits.maxMetadataEntries()) {
                errors.add(ValidationError.of(prefix + name, "too_many",
                        "at most " + limits.maxMetadataEntries() + " entries, got " + n.size()));
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext()
                    && out.size() < limits.maxMetadataEntries(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString());
            }
            return out;
        }

        Instant instant(String name) {
            JsonNode n = get(name);
            if (n == null) {
                return null;
            }
            if (n.isIntegralNumber()) {
                return n.canConvertToLong() ? Instant.ofEpochMilli(n.longValue())
                        : outOfRange(name, "an ISO-8601 time or epoch millis");
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
            if (n.size() > limits.maxListItems()) {
                tooMany(name, n.size());
            }
            List<KlingElementSpec> out = new ArrayList<>();
            for (int i = 0; i < Math.min(n.size(), limits.maxListItems()); i++) {
                if (!n.get(i).isObject()) {
                    return wrong(name + "[" + i + "]", "an object");
                }
                Fields element = new Fields(n.get(i), errors, name + "[" + i + "].", limits);
                out.add(new KlingElementSpec(element.text("name"), element.text("description"),
                        element.texts("element_input_urls")));
            }
            return out;
        }
    }
}
