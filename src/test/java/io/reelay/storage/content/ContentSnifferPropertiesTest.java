package io.reelay.storage.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Hostile bytes for the content sniffer: random arrays, real file heads cut short or with a byte changed, lengths
 * that lie. It never throws, and it accepts only what starts with a real signature (checked here by an independent
 * reading of each format's first bytes).
 */
class ContentSnifferPropertiesTest {

    /** A real MP4 head (ftyp isom), a QuickTime one, a WebM EBML header, a Matroska one, JPEG, PNG, WebP. */
    static final byte[][] REAL_HEADS = {
        bytes(0, 0, 0, 0x20, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'i', 's', 'o', '2',
                'a', 'v', 'c', '1', 'm', 'p', '4', '1'),
        bytes(0, 0, 0, 0x14, 'f', 't', 'y', 'p', 'q', 't', ' ', ' ', 0, 0, 2, 0, 'q', 't', ' ', ' '),
        bytes(0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42, 0xf2, 0x81, 0x04,
                0x42, 0xf3, 0x81, 0x08, 0x42, 0x82, 0x84, 'w', 'e', 'b', 'm', 0x42, 0x87, 0x81, 0x04),
        bytes(0x1a, 0x45, 0xdf, 0xa3, 0xa3, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x88, 'm', 'a', 't', 'r', 'o', 's',
                'k', 'a', 0x42, 0x87, 0x81, 0x04),
        bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0),
        bytes(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R'),
        bytes('R', 'I', 'F', 'F', 0x24, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' ', 0x18, 0, 0, 0),
    };
    static final MediaType[] REAL_TYPES = {MediaType.MP4, MediaType.QUICKTIME, MediaType.WEBM, MediaType.MATROSKA,
        MediaType.JPEG, MediaType.PNG, MediaType.WEBP};

    @Example
    void everyRealHeadIsRecognised() {
        for (int i = 0; i < REAL_HEADS.length; i++) {
            assertThat(ContentSniffer.sniff(REAL_HEADS[i], REAL_HEADS[i].length)).contains(REAL_TYPES[i]);
        }
    }

    @Example
    void textAndErrorPagesAreNothing() {
        for (String text : new String[] {"<html>", "<?xml version=\"1.0\"?><Error/>", "{\"error\":\"expired\"}",
            "AccessDenied", "", "ftyp", "RIFF....WAVEfmt "}) {
            byte[] b = text.getBytes(StandardCharsets.US_ASCII);
            assertThat(ContentSniffer.sniff(b, b.length)).as(text).isEmpty();
        }
    }

    @Property(tries = 3000)
    void randomBytesAreAcceptedOnlyWithARealSignature(@ForAll @Size(max = 200) byte[] bytes,
            @ForAll @IntRange(min = -5, max = 300) int length) {
        Optional<MediaType> sniffed = ContentSniffer.sniff(bytes, length);
        sniffed.ifPresent(type -> assertThat(signed(bytes, Math.max(0, Math.min(length, bytes.length)), type))
                .as("%s accepted as %s", Arrays.toString(bytes), type).isTrue());
    }

    @Property(tries = 2000)
    void realHeadsCutShortAreTheirTypeOrNothing(@ForAll("heads") int which, @ForAll @IntRange(max = 40) int cut) {
        byte[] head = REAL_HEADS[which];
        byte[] shorter = Arrays.copyOf(head, Math.min(cut, head.length));
        Optional<MediaType> sniffed = ContentSniffer.sniff(shorter, shorter.length);
        assertThat(sniffed.isEmpty() || sniffed.get().equals(REAL_TYPES[which])).isTrue();
    }

    @Property(tries = 3000)
    void realHeadsWithAByteChangedAreAcceptedOnlyWithASignature(@ForAll("heads") int which,
            @ForAll @IntRange(max = 63) int at, @ForAll byte value, @ForAll @Size(max = 64) byte[] tail) {
        byte[] head = REAL_HEADS[which];
        byte[] mutated = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, mutated, head.length, tail.length);
        mutated[at % mutated.length] = value;
        Optional<MediaType> sniffed = ContentSniffer.sniff(mutated, mutated.length);
        sniffed.ifPresent(type -> assertThat(signed(mutated, mutated.length, type)).isTrue());
    }

    @Property(tries = 1000)
    void anyDeclaredTypeIsJudgedWithoutThrowing(@ForAll @Size(max = 80) String declared, @ForAll("heads") int which) {
        ContentSniffer.contradicts(Optional.of(declared), REAL_TYPES[which]);
        assertThat(ContentSniffer.contradicts(Optional.of("text/html"), REAL_TYPES[which])).isTrue();
        assertThat(ContentSniffer.contradicts(Optional.empty(), REAL_TYPES[which])).isFalse();
        assertThat(ContentSniffer.contradicts(Optional.of(REAL_TYPES[which].type()), REAL_TYPES[which])).isFalse();
    }

    @Example
    void aNullArrayIsNothing() {
        assertThat(ContentSniffer.sniff(null, 10)).isEmpty();
    }

    @Provide
    Arbitrary<Integer> heads() {
        return Arbitraries.integers().between(0, REAL_HEADS.length - 1);
    }

    /** The oracle: the format's signature, read independently of the sniffer. */
    static boolean signed(byte[] all, int length, MediaType type) {
        byte[] b = Arrays.copyOf(all, length);
        String ascii = new String(b, StandardCharsets.ISO_8859_1);
        return switch (type.type()) {
            case "image/png" -> ascii.startsWith("\u0089PNG\r\n\u001a\n");
            case "image/jpeg" -> ascii.startsWith("\u00ff\u00d8\u00ff");
            case "image/webp" -> ascii.startsWith("RIFF") && ascii.startsWith("WEBPVP8", 8);
            case "video/mp4", "video/quicktime" -> ascii.startsWith("ftyp", 4)
                    && (type == MediaType.QUICKTIME) == ascii.startsWith("qt  ", 8);
            case "video/webm" -> ascii.startsWith("\u001a\u0045\u00df\u00a3") && ascii.contains("\u0042\u0082\u0084webm");
            case "video/x-matroska" -> ascii.startsWith("\u001a\u0045\u00df\u00a3")
                    && ascii.contains("\u0042\u0082\u0088matroska");
            default -> false;
        };
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
