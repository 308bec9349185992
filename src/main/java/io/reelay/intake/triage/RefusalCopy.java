package io.reelay.intake.triage;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.reelay.intake.VideoRequest.KlingElementSpec;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.intake.Echo;
import io.reelay.intake.validation.CallbackUrlPolicy;
import io.reelay.intake.IntakeLimits;
import io.reelay.intake.VideoRequest;
import io.reelay.kafka.TenantNames;

/**
 * The copy of a refused request that its failure event carries: what the producer sent, cut to the intake bounds,
 * so a refusal never grows with its input (a 10 MB prompt is refused with its first few thousand characters).
 * Fields the event schema requires are never null: a missing model is the empty string.
 */
final class RefusalCopy {

    /** URLs are only quoted in a refusal: their start says which input it was. */
    static final int URL_ECHO = 256;

    private RefusalCopy() {
    }

    static VideoRequest of(VideoRequest r, IntakeLimits limits, int maxPromptLength, Instant recordTime) {
        int name = limits.maxNameLength();
        Instant at = r.requestedAt() != null && RequestValidator.plausibleTime(r.requestedAt()) ? r.requestedAt()
                : recordTime;
        return VideoRequest.builder(r.requestId(), r.model() == null ? "" : Echo.cut(r.model(), name))
                .operation(Echo.cut(r.operation(), name))
                .prompt(Echo.cut(r.prompt(), maxPromptLength))
                .imageUrl(Echo.cut(r.imageUrl(), URL_ECHO))
                .image(Echo.cut(r.image(), URL_ECHO))
                .referenceImages(urls(r.referenceImages(), limits))
                .referenceVideos(urls(r.referenceVideos(), limits))
                .referenceAudios(urls(r.referenceAudios(), limits))
                .referenceImageType(Echo.cut(r.referenceImageType(), name))
                .startImage(Echo.cut(r.startImage(), URL_ECHO))
                .endImage(Echo.cut(r.endImage(), URL_ECHO))
                .videoUrl(Echo.cut(r.videoUrl(), URL_ECHO))
                .audioUrl(Echo.cut(r.audioUrl(), URL_ECHO))
                .duration(r.duration())
                .aspectRatio(Echo.cut(r.aspectRatio(), name))
                .resolution(Echo.cut(r.resolution(), name))
                .outputAudio(r.outputAudio())
                .klingElements(r.klingElements().stream().limit(limits.maxListItems())
                        .map(e -> new KlingElementSpec(e.name() == null ? "" : Echo.cut(e.name(), name),
                                Echo.cut(e.description(), limits.maxMetadataValueLength()), urls(e.inputUrls(), limits)))
                        .toList())
                .parameters(map(r.parameters(), limits.maxParameters(), name, limits.maxParameterBytes()))
                .maxWaitSeconds(r.maxWaitSeconds())
                .metadata(map(r.metadata(), limits.maxMetadataEntries(), limits.maxMetadataKeyLength(),
                        limits.maxMetadataBytes()))
                .requestedAt(at)
                .provider(Echo.cut(r.provider(), name))
                // Kept whole or not at all: a cut URL would call another address. Checked again before any call.
                .callbackUrl(r.callbackUrl() != null && r.callbackUrl().length() <= CallbackUrlPolicy.MAX_LENGTH
                        ? r.callbackUrl() : null)
                // Never a tenant name when cut (it ends in "…"): a cut tenant is still refused for what it is.
                .tenant(Echo.cut(r.tenant(), TenantNames.MAX_LENGTH))
                .priority(r.priority())
                .build();
    }

    private static List<String> urls(List<String> urls, IntakeLimits limits) {
        return urls.stream().limit(limits.maxListItems()).map(u -> u == null ? "" : Echo.cut(u, URL_ECHO)).toList();
    }

    /** At most {@code entries} entries of at most {@code totalCharacters} together, keys cut to {@code keyLength}. */
    private static Map<String, String> map(Map<String, String> in, int entries, int keyLength, int totalCharacters) {
        Map<String, String> out = new LinkedHashMap<>();
        int left = totalCharacters;
        for (Map.Entry<String, String> e : in.entrySet()) {
            if (out.size() == entries || left <= 0) {
                break;
            }
            String key = Echo.cut(e.getKey(), keyLength);
            String value = e.getValue() == null ? "" : Echo.cut(e.getValue(), Math.max(0, left - key.length()));
            left -= key.length() + value.length();
            out.putIfAbsent(key, value);
        }
        return out;
    }
}
