package io.reelay.catalog.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.reelay.catalog.DiscoveredModel;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Anyone who can write to video.catalog can put any bytes there: every value is read or skipped, never thrown on, and
 * an entry is only ever taken under the key that names it.
 */
class CatalogCodecPropertiesTest {

    private static final String ENTRY = "{\"provider\":\"tokenlab\",\"id\":\"veo3.1\",\"operations\":[\"text-to-video\"],"
            + "\"service_limits\":{\"online_rpm\":120},\"lifecycle\":{\"retired_at\":\"2026-09-24T00:00:00Z\"}}";

    @Property(tries = 2000)
    void anyBytesAreReadOrSkippedNeverThrown(@ForAll("bytes") byte[] value, @ForAll("keys") String key) {
        assertThatCode(() -> CatalogCodec.decode(key, value)).doesNotThrowAnyException();
        CatalogCodec.decode(key, value).ifPresent(model -> assertThat(model.key()).isEqualTo(key));
    }

    @Property(tries = 2000)
    void aDamagedEntryIsReadOrSkippedNeverThrown(@ForAll("damaged") byte[] value) {
        Optional<DiscoveredModel> model = CatalogCodec.decode("tokenlab/veo3.1", value);
        model.ifPresent(m -> assertThat(m.key()).isEqualTo("tokenlab/veo3.1"));
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(512),
                Arbitraries.strings().withChars("{}[]\":,0123456789.-eEtrufalsn \\u").ofMaxLength(256)
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(1, 200).map(depth -> ("[".repeat(depth) + "]".repeat(depth))
                        .getBytes(StandardCharsets.UTF_8)));
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.of("tokenlab/veo3.1", "hub/veo-3.1", "", "tokenlab/");
    }

    /** The entry above cut short, or with one byte changed. */
    @Provide
    Arbitrary<byte[]> damaged() {
        byte[] entry = ENTRY.getBytes(StandardCharsets.UTF_8);
        Arbitrary<byte[]> cut = Arbitraries.integers().between(0, entry.length)
                .map(n -> java.util.Arrays.copyOf(entry, n));
        Arbitrary<byte[]> flipped = Arbitraries.integers().between(0, entry.length - 1)
                .flatMap(at -> Arbitraries.bytes().map(b -> {
                    byte[] copy = entry.clone();
                    copy[at] = b;
                    return copy;
                }));
        return Arbitraries.oneOf(cut, flipped);
    }
}
