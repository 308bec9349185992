package io.reelay.kafka;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The size of every record Reelay writes is bounded, well under the producer's {@code max.request.size} and the
 * broker's {@code message.max.bytes} (both 1 MiB by default): a record past them is a RecordTooLargeException, which
 * stops the tracker for good. These are the bounds, and the helpers that cut text to them.
 */
public final class RecordLimits {

    /** The largest value Reelay writes (events, state, dead letters): leaves room for key, headers and framing. */
    public static final int MAX_VALUE_BYTES = 900 * 1024;
    /** The largest request, encoded: it travels in the intent and is kept in the in-flight store. */
    public static final int MAX_REQUEST_BYTES = 256 * 1024;
    /** The largest key written (dead letters keep at most this much of a hostile key). */
    public static final int MAX_KEY_BYTES = 1024;
    /** The most header bytes a dead letter keeps from the original record. */
    public static final int MAX_COPIED_HEADER_BYTES = 16 * 1024;
    /** Longest failure message; longest producer text quoted inside one. */
    public static final int MAX_MESSAGE_CHARS = 2_000;
    public static final int MAX_QUOTE_CHARS = 120;
    /** Most validation errors a failure event lists (the last one says how many more there were). */
    public static final int MAX_VALIDATION_ERRORS = 20;

    private RecordLimits() {
    }

    /** {@code text} cut to {@code max} characters (a cut is marked with an ellipsis); null stays null. */
    public static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        return text.substring(0, Math.max(0, end)) + "…";
    }

    /** Producer text as it may appear inside a message: cut, with control characters shown as '?'. */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        String cut = cut(text, MAX_QUOTE_CHARS);
        StringBuilder out = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
    }

    /** {@code bytes} cut to {@code max}. */
    public static byte[] cut(byte[] bytes, int max) {
        if (bytes == null || bytes.length <= max) {
            return bytes;
        }
        return java.util.Arrays.copyOf(bytes, max);
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
