package io.reelay.api.rest;

/**
 * Bounds what an answer quotes back: a value a caller sent (an id, a reason) or a message built around one.
 * Written here because it is two lines: keep at most a prefix, never half a surrogate pair, and say it was cut.
 */
final class Echo {

    private Echo() {
    }

    /** {@code value} if at most {@code max} characters long, else its first {@code max} and a marker. */
    static String cap(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = Math.max(0, max);
        if (end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end) + "...(" + value.length() + " characters)";
    }
}
