package io.reelay.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * An upstream answer kept as text on a terminal event when Reelay did not fully understand it (an unknown end
 * status, a video in no known place, a failure without its error), so that what the upstream said (and may have
 * billed for) is not lost. The text is the answer's JSON, compact, at most {@value #MAX_BYTES} bytes of valid
 * UTF-8: a cut one ends with {@value #CUT_MARK} (a whole JSON object never does). Control characters are escaped
 * and a lone half of a surrogate pair is replaced, so it is safe to log, show and encode.
 */
public final class UpstreamAnswer {

    /** Largest kept answer, in UTF-8 bytes: enough for any real task answer, small beside the record limit. */
    public static final int MAX_BYTES = 4 * 1024;
    /** Ends a cut answer. */
    public static final String CUT_MARK = "...";

    private UpstreamAnswer() {
    }

    /** The answer as kept (no key redaction: {@link ProviderClient} redacts before it cuts). */
    public static String of(JsonNode answer) {
        return of(answer, UnaryOperator.identity());
    }

    /** The answer as kept, {@code redact} applied to its whole text before it is cut (so no part of a key survives the cut). */
    public static String of(JsonNode answer, UnaryOperator<String> redact) {
        if (answer == null || answer.isMissingNode()) {
            return null;
        }
        // toString() is Jackson's compact JSON: control characters below U+0020 are already escaped there.
        return bound(redact.apply(answer.toString()));
    }

    /** Any text held to the bounds above; null and blank stay null. */
    public static String bound(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        boolean cut = keptBytes(text) > MAX_BYTES;
        int budget = cut ? MAX_BYTES - CUT_MARK.length() : MAX_BYTES;
        StringBuilder kept = new StringBuilder(Math.min(text.length(), MAX_BYTES));
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String piece = piece(cp);
            int size = utf8Bytes(piece);
            if (bytes + size > budget) {
                break; // whole code points only: the kept text stays valid UTF-8
            }
            kept.append(piece);
            bytes += size;
            i += Character.charCount(cp);
        }
        return cut ? kept.append(CUT_MARK).toString() : kept.toString();
    }

    /** A code point as kept: C0/C1 controls and DEL as JSON escapes, a lone surrogate as U+FFFD. */
    private static String piece(int cp) {
        if (Character.isISOControl(cp)) {
            return String.format("\\u%04x", cp);
        }
        if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) { // a half without its pair
            return "\uFFFD";
        }
        return new String(Character.toChars(cp));
    }

    /** UTF-8 bytes of the text as it would be kept; stops counting just past the limit, so a huge text costs no more. */
    private static int keptBytes(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length() && bytes <= MAX_BYTES; ) {
            int cp = text.codePointAt(i);
            bytes += utf8Bytes(piece(cp));
            i += Character.charCount(cp);
        }
        return bytes;
    }

    private static int utf8Bytes(String piece) {
        return piece.getBytes(StandardCharsets.UTF_8).length;
    }
}
