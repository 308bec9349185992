package io.reelay.intake;

/** Quoting producer text in messages without letting the message grow with it. */
public final class Echo {

    private Echo() {
    }

    /** {@code text} cut to {@code max} characters (plus "…" when cut); control characters shown as '?'. */
    public static String truncate(String text, int max) {
        if (text == null) {
            return null;
        }
        int end = Math.min(text.length(), max);
        if (end < text.length() && end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        StringBuilder sb = new StringBuilder(end + 1);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        return end < text.length() ? sb.append('…').toString() : sb.toString();
    }

    /** {@code text} cut to {@code max} characters (plus "…" when cut), otherwise unchanged. */
    public static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max > 0 && Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "…";
    }

    /** {@code text} cut to {@link IntakeLimits#ECHO_LENGTH} characters. */
    public static String quote(String text) {
        return truncate(text, IntakeLimits.ECHO_LENGTH);
    }
}
