package io.reelay.upstream;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The limits every field of an upstream answer is held to, and the few checks that apply them. An
 * answer is read by the parsers, but the records it ends in ({@link TaskReport}, {@link UpstreamError},
 * {@link VideoOutput}, {@link SubmittedTask}) apply these limits themselves, so no value outside them
 * can reach the tracker whichever path built it. Text is truncated (it is only shown); identifiers and
 * URLs are refused (a shortened one would name something else).
 */
public final class UpstreamBounds {

    /** Largest answer body read from an upstream; a larger one fails that call. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /** Longest wait an upstream may ask for; longer asks are held to it (a bad hint must not park a task for years). */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);
    /** Timestamps outside [2000, 2200) are no real task's and are ignored, so no time arithmetic downstream overflows. */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");
    /** Videos kept per task; the contracts document one. More are truncated (and logged by the parser). */
    public static final int MAX_VIDEOS = 16;
    /** Entries of a video list looked at, so a list of a million entries costs no more than a short one. */
    public static final int MAX_VIDEO_CANDIDATES = 64;
    public static final int MAX_TASK_ID_CHARS = 256;
    public static final int MAX_URL_CHARS = 4096;
    public static final int MAX_STATUS_CHARS = 64;
    public static final int MAX_CODE_CHARS = 64;
    public static final int MAX_PARAM_CHARS = 256;
    public static final int MAX_MESSAGE_CHARS = 1024;
    public static final int MAX_NAME_CHARS = 256;
    /** A video longer than a day, or wider than 100,000 pixels, is no real answer. */
    public static final double MAX_VIDEO_SECONDS = 86_400;
    public static final int MAX_VIDEO_PIXELS = 100_000;
    public static final long MAX_FILE_BYTES = 1L << 40;
    /** How long a task may have run, as the hub's {@code elapsed_ms} says: more than a year is not believed. */
    public static final Duration MAX_ELAPSED = Duration.ofDays(366);

    /** Characters a task id may have: it goes into URL paths, headers, logs and events. */
    private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9._~:+=@-]{1," + MAX_TASK_ID_CHARS + "}");
    private static final String ELLIPSIS = "...";

    private UpstreamBounds() {
    }

    /**
     * Text to show: control characters (line breaks included, which could forge log lines) become
     * spaces, and it is cut to {@code max} characters with an ellipsis. Null or blank stays null.
     */
    public static String text(String s, int max) {
        if (s == null) {
            return null;
        }
        // Cut before cleaning, so a megabyte of text costs no more than the part kept.
        boolean cut = s.length() > max;
        String kept = cut ? s.substring(0, Math.max(0, max - ELLIPSIS.length())) : s;
        StringBuilder clean = new StringBuilder(kept.length() + ELLIPSIS.length());
        for (int i = 0; i < kept.length(); i++) {
            char c = kept.charAt(i);
            clean.append(Character.isISOControl(c) ? ' ' : c);
        }
        // A surrogate pair split by the cut leaves half a character: drop it.
        if (cut && clean.length() > 0 && Character.isHighSurrogate(clean.charAt(clean.length() - 1))) {
            clean.setLength(clean.length() - 1);
        }
        String result = (cut ? clean.append(ELLIPSIS) : clean).toString();
        return result.isBlank() ? null : result;
    }

    /** Whether an upstream task id can be stored and sent back: at most 256 of a safe character set. */
    public static boolean usableTaskId(String id) {
        return id != null && TASK_ID.matcher(id).matches();
    }

    /** Why {@link #usableTaskId} refused {@code id}, in words that quote none of it but its start. */
    public static String whyUnusable(String id) {
        if (id == null || id.isEmpty()) {
            return "no task id";
        }
        if (id.length() > MAX_TASK_ID_CHARS) {
            return "a task id of " + id.length() + " characters (at most " + MAX_TASK_ID_CHARS + ")";
        }
        return "a task id with characters outside [A-Za-z0-9._~:+=@-] (\"" + text(id, 40) + "\")";
    }

    /** A URL to keep: at most 4 KB, no whitespace or control characters; else null (a cut URL points elsewhere). */
    public static String url(String s) {
        if (s == null) {
            return null;
        }
        String trimmed = s.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_URL_CHARS) {
            return null;
        }
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                return null;
            }
        }
        return trimmed;
    }

    /** The instant when it lies in [2000, 2200), else null. */
    public static Instant instant(Instant t) {
        return t == null || t.isBefore(EARLIEST) || !t.isBefore(LATEST) ? null : t;
    }

    /** Unix seconds (fractions allowed) as an instant in [2000, 2200), else null: NaN, infinities and 1e300 included. */
    public static Instant epochSeconds(Double seconds) {
        if (seconds == null || !Double.isFinite(seconds)
                || seconds < EARLIEST.getEpochSecond() || seconds >= LATEST.getEpochSecond()) {
            return null;
        }
        return Instant.ofEpochMilli(Math.round(seconds * 1000));
    }

    /** A wait of 0 to {@link #MAX_RETRY_AFTER}: longer is held to it, negative is no hint. */
    public static Duration retryAfter(Duration d) {
        if (d == null || d.isNegative()) {
            return null;
        }
        return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
    }

    /** Seconds (fractions allowed) as a wait; NaN, infinities and negatives are no hint, huge ones are held to the cap. */
    public static Duration retryAfterSeconds(Double seconds) {
        if (seconds == null || !Double.isFinite(seconds) || seconds < 0) {
            return null;
        }
        return seconds >= MAX_RETRY_AFTER.toSeconds() ? MAX_RETRY_AFTER : Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** Progress held to 0-100; null stays null. */
    public static Integer progress(Integer p) {
        return p == null ? null : Math.max(0, Math.min(100, p));
    }

    /** A finite number in [min, max], else null. */
    public static Double within(Double v, double min, double max) {
        return v == null || !Double.isFinite(v) || v < min || v > max ? null : v;
    }

    public static Integer within(Integer v, int min, int max) {
        return v == null || v < min || v > max ? null : v;
    }

    public static Long within(Long v, long min, long max) {
        return v == null || v < min || v > max ? null : v;
    }
}
