package io.reelay.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import io.reelay.storage.MirrorJob;
import io.reelay.storage.MirrorJob.Kind;
import io.reelay.storage.content.MediaType;

/** Whatever a request id holds, its files stay in one folder of their own under the prefix. */
class ObjectKeysPropertiesTest {

    static final URI SOURCE = URI.create("https://cdn.example.com/v.mp4");
    final ObjectKeys keys = new ObjectKeys("videos");

    @Example
    void theLayoutIsPrefixRequestIdAndIndex() {
        assertThat(keys.key(new MirrorJob("req-1", 0, Kind.VIDEO, SOURCE, null), MediaType.MP4))
                .isEqualTo("videos/req-1/0.mp4");
        assertThat(keys.key(new MirrorJob("req-1", 3, Kind.LAST_FRAME, SOURCE, null), MediaType.JPEG))
                .isEqualTo("videos/req-1/3-last-frame.jpg");
        assertThat(new ObjectKeys("/a/b/").key(new MirrorJob("r", 1, Kind.VIDEO, SOURCE, null), MediaType.WEBM))
                .isEqualTo("a/b/r/1.webm");
        assertThat(new ObjectKeys("").key(new MirrorJob("r", 1, Kind.VIDEO, SOURCE, null), MediaType.MP4))
                .isEqualTo("r/1.mp4");
    }

    @Example
    void idsThatWouldClimbOrSplitAreOneSegment() {
        assertThat(ObjectKeys.segment("..")).isEqualTo("%2E%2E");
        assertThat(ObjectKeys.segment("a/../b")).isEqualTo("a%2F..%2Fb");
        assertThat(ObjectKeys.segment("")).isEqualTo("%");
    }

    @Property(tries = 3000)
    void anyRequestIdIsOneSafeSegment(@ForAll("ids") String id) {
        String key = keys.key(new MirrorJob(id, 0, Kind.VIDEO, SOURCE, null), MediaType.MP4);
        String[] parts = key.split("/", -1);

        assertThat(parts).hasSize(3);
        assertThat(parts[0]).isEqualTo("videos");
        assertThat(parts[1]).isNotEmpty().isNotIn(".", "..").matches("[A-Za-z0-9._%-]+");
        assertThat(parts[2]).isEqualTo("0.mp4");
    }

    @Property(tries = 1000)
    void differentIdsGetDifferentFolders(@ForAll("ids") String a, @ForAll("ids") String b) {
        if (!a.equals(b)) {
            assertThat(ObjectKeys.segment(a)).isNotEqualTo(ObjectKeys.segment(b));
        }
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(60),
                Arbitraries.of("..", ".", "...", "/", "a/b", "../../etc", "%2e%2e", "req 1", "ré", "\u0000", "a\\b"),
                Arbitraries.strings().withChars("./%-_aZ9").ofMaxLength(8));
    }
}
