package io.reelay.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.reelay.events.KlingElement;
import io.reelay.events.VideoRequested;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Requests as a store may hold them, whatever intake let through then or a hostile record wrote: texts from empty to
 * far beyond any bound (data: URLs, emoji, markup, control characters), lists and maps of any size, nulls anywhere
 * optional.
 */
public final class HostileRequests {

    private HostileRequests() {
    }

    public static Arbitrary<VideoRequested> requests() {
        Arbitrary<VideoRequested.Builder> what = Combinators.combine(text(), text(), optional(text()),
                optional(text()), optional(text()), optional(text()), optional(text()), optional(text()))
                .as((id, model, operation, provider, prompt, imageUrl, image, tenant) -> VideoRequested.newBuilder()
                        .setRequestId(id).setModel(model).setOperation(operation).setProvider(provider)
                        .setPrompt(prompt).setImageUrl(imageUrl).setImage(image).setTenant(tenant));
        Arbitrary<VideoRequested.Builder> inputs = Combinators.combine(what, optional(texts()), optional(texts()),
                optional(texts()), optional(text()), optional(text()), optional(text()), optional(text()))
                .as((b, refs, videos, audios, start, end, video, audio) -> b.setReferenceImages(refs)
                        .setReferenceVideos(videos).setReferenceAudios(audios).setStartImage(start).setEndImage(end)
                        .setVideoUrl(video).setAudioUrl(audio));
        Arbitrary<VideoRequested.Builder> format = Combinators.combine(inputs, optional(Arbitraries.integers()),
                optional(text()), optional(text()), optional(Arbitraries.of(true, false)), optional(text()),
                optional(Arbitraries.integers()), optional(Arbitraries.integers()))
                .as((b, duration, aspect, resolution, audio, type, maxWait, priority) -> b.setDuration(duration)
                        .setAspectRatio(aspect).setResolution(resolution).setOutputAudio(audio)
                        .setReferenceImageType(type).setMaxWaitSeconds(maxWait).setPriority(priority));
        return Combinators.combine(format, optional(elements()), optional(map()), optional(map()),
                optional(text()), optional(Arbitraries.longs().between(0, 4_000_000_000_000L)))
                .as((b, elements, parameters, metadata, callback, at) -> b.setKlingElements(elements)
                        .setParameters(parameters).setMetadata(metadata).setCallbackUrl(callback)
                        .setRequestedAt(at == null ? null : Instant.ofEpochMilli(at)).build());
    }

    /** Any text: short, markup, a data: URL or a long run, of any characters (surrogate pairs included). */
    public static Arbitrary<String> text() {
        Arbitrary<String> runs = Combinators.combine(Arbitraries.of("a", "é", "\uD83D\uDE00", "<", "\u0000", "\"", "\n"),
                Arbitraries.integers().between(0, 12_000)).as((unit, n) -> unit.repeat(n));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.strings().ofMaxLength(40)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of("<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                        "reelay:owner", "https://img.example/a.png", "")),
                net.jqwik.api.Tuple.of(2, runs),
                net.jqwik.api.Tuple.of(1, runs.map(run -> "data:image/png;base64," + run)));
    }

    private static Arbitrary<List<String>> texts() {
        return Arbitraries.oneOf(text().list().ofMaxSize(4), text().list().ofMinSize(30).ofMaxSize(120));
    }

    private static Arbitrary<Map<String, String>> map() {
        return Arbitraries.oneOf(Arbitraries.maps(text(), text()).ofMaxSize(4),
                Arbitraries.maps(Arbitraries.strings().ofMinLength(1).ofMaxLength(12), text()).ofMinSize(30)
                        .ofMaxSize(80));
    }

    private static Arbitrary<List<KlingElement>> elements() {
        Arbitrary<KlingElement> element = Combinators.combine(text(), optional(text()), texts().injectNull(0))
                .as((name, description, urls) -> KlingElement.newBuilder().setName(name).setDescription(description)
                        .setElementInputUrls(urls).build());
        return Arbitraries.oneOf(element.list().ofMaxSize(3), element.list().ofMinSize(30).ofMaxSize(50));
    }

    private static <T> Arbitrary<T> optional(Arbitrary<T> value) {
        return value.injectNull(0.3);
    }
}
