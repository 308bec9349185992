package io.reelay.storage.content;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * What a file is, from its first bytes: MP4/QuickTime (an ISO base media {@code ftyp} box), WebM/Matroska (the EBML
 * header and its DocType), JPEG, PNG or WebP. Only real signatures are recognised; anything else (text, HTML, an
 * error page, random bytes, a file cut short) is nothing. Total: any array, any length, never throws.
 */
public final class ContentSniffer {

    /** How many first bytes {@link #sniff} needs at most. */
    public static final int HEAD_BYTES = 64;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] EBML_MAGIC = {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3};
    /** The EBML DocType element id, followed by its size and the name. */
    private static final byte[] DOCTYPE_ID = {0x42, (byte) 0x82};
    /** Declared types that say nothing about the content: the bytes decide. */
    private static final Set<String> UNINFORMATIVE = Set.of("application/octet-stream", "binary/octet-stream",
            "application/binary", "application/unknown", "application/x-download", "application/force-download");

    private ContentSniffer() {
    }

    /** The type {@code head} (the file's first {@code length} bytes) starts with, if it is one of the known ones. */
    public static Optional<MediaType> sniff(byte[] head, int length) {
        if (head == null) {
            return Optional.empty();
        }
        int n = Math.max(0, Math.min(length, head.length));
        byte[] b = Arrays.copyOf(head, Math.min(n, HEAD_BYTES));
        if (startsWith(b, PNG_SIGNATURE)) {
            return Optional.of(MediaType.PNG);
        }
        if (b.length >= 4 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return Optional.of(MediaType.JPEG);
        }
        if (b.length >= 16 && ascii(b, 0, "RIFF") && ascii(b, 8, "WEBPVP8")) {
            return Optional.of(MediaType.WEBP);
        }
        if (b.length >= 16 && ascii(b, 4, "ftyp")) {
            return isoBaseMedia(b);
        }
        if (startsWith(b, EBML_MAGIC)) {
            return matroska(b);
        }
        return Optional.empty();
    }

    /**
     * Whether a source's declared {@code Content-Type} contradicts what its bytes are: a declared type of another
     * family (text/html over MP4 bytes, an image type over a video). Absent or generic declarations do not, nor do
     * the members of one family (video/mp4 over QuickTime bytes, video/webm over Matroska).
     */
    public static boolean contradicts(Optional<String> declared, MediaType sniffed) {
        if (declared.isEmpty() || UNINFORMATIVE.contains(declared.get())) {
            return false;
        }
        String d = declared.get();
        if (d.equals(sniffed.type())) {
            return false;
        }
        if (sniffed == MediaType.MP4 || sniffed == MediaType.QUICKTIME) {
            return !Set.of("video/mp4", "video/quicktime", "video/x-m4v", "application/mp4").contains(d);
        }
        if (sniffed == MediaType.WEBM || sniffed == MediaType.MATROSKA) {
            return !Set.of("video/webm", "video/x-matroska", "video/matroska").contains(d);
        }
        if (sniffed == MediaType.JPEG) {
            return !d.equals("image/jpg") && !d.equals("image/pjpeg");
        }
        return true;
    }

    /** The {@code ftyp} box: a 32-bit size of at least 16 (header, major brand, minor version), then a brand. */
    private static Optional<MediaType> isoBaseMedia(byte[] b) {
        long size = ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
        if (size < 16 || size > 4096 || (size - 16) % 4 != 0) {
            return Optional.empty();
        }
        for (int i = 8; i < 12; i++) {
            if (b[i] < 0x20 || b[i] > 0x7e) { // brands are four printable ASCII characters
                return Optional.empty();
            }
        }
        return Optional.of(ascii(b, 8, "qt  ") ? MediaType.QUICKTIME : MediaType.MP4);
    }

    /** An EBML header whose DocType (within the bytes seen) is webm or matroska. */
    private static Optional<MediaType> matroska(byte[] b) {
        for (int i = 4; i + 3 < b.length; i++) {
            if (b[i] == DOCTYPE_ID[0] && b[i + 1] == DOCTYPE_ID[1]) {
                int size = b[i + 2] & 0xff;
                if ((size & 0x80) == 0) {
                    continue; // only the one-byte size form, which every muxer writes for a DocType
                }
                int len = size & 0x7f;
                int from = i + 3;
                if (len == 4 && from + 4 <= b.length && ascii(b, from, "webm")) {
                    return Optional.of(MediaType.WEBM);
                }
                if (len == 8 && from + 8 <= b.length && ascii(b, from, "matroska")) {
                    return Optional.of(MediaType.MATROSKA);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        return b.length >= prefix.length && Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static boolean ascii(byte[] b, int from, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        return from + t.length <= b.length && Arrays.equals(b, from, from + t.length, t, 0, t.length);
    }
}
