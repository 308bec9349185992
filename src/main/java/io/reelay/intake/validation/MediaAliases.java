package io.reelay.intake.validation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.reelay.catalog.ModelSpec;
import io.reelay.intake.ValidationError;
import io.reelay.intake.VideoRequest;

/**
 * Reelay's older names for TokenLab's media lists: {@code reference_videos} and {@code reference_audios} are read
 * as {@code video_urls} and {@code audio_urls} (the names TokenLab documents and is sent) for a model that takes
 * those (its catalog entry's pass_through). Given under both names with different lists, it is a conflict. A model
 * that takes neither keeps the field as given, and its rules refuse it by that name.
 */
final class MediaAliases {

    private MediaAliases() {
    }

    static VideoRequest fold(VideoRequest r, ModelSpec model, List<ValidationError> errors) {
        if (model.hasParameterTable() || (r.referenceVideos().isEmpty() && r.referenceAudios().isEmpty())) {
            return r;
        }
        Map<String, String> parameters = new LinkedHashMap<>(r.parameters());
        VideoRequest.Builder b = r.toBuilder();
        if (fold("reference_videos", r.referenceVideos(), "video_urls", model, parameters, errors)) {
            b.referenceVideos(List.of());
        }
        if (fold("reference_audios", r.referenceAudios(), "audio_urls", model, parameters, errors)) {
            b.referenceAudios(List.of());
        }
        return b.parameters(parameters).build();
    }

    private static boolean fold(String alias, List<String> urls, String name, ModelSpec model,
            Map<String, String> parameters, List<ValidationError> errors) {
        var spec = model.passThrough().stream().filter(p -> p.name().equals(name)).findFirst();
        if (urls.isEmpty() || spec.isEmpty()
                || spec.get().maxItems() != null && urls.size() > spec.get().maxItems()) {
            return false; // refused by its own name: not taken, or too many
        }
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        urls.forEach(list::add);
        String literal = list.toString();
        String given = parameters.putIfAbsent(name, literal);
        if (given != null && !ParameterTableRules.parse(given).equals(list)) {
            errors.add(ValidationError.of(alias, "conflict", alias + " and " + name + " name the same input; "
                    + "give one"));
        }
        return true;
    }
}
