package io.reelay.kafka;

/**
 * What a request id may be. It is a record key, an HTTP path segment, a log field and an upstream header, so it is
 * short and of a safe character set: letters, digits and {@code - _ . : @ / + =}.
 */
public final class RequestIds {

    public static final int MAX_LENGTH = 200;
    /** The characters besides letters and digits, as messages name them. */
    public static final String PUNCTUATION = "-_.:@/+=";

    private RequestIds() {
    }

    public static boolean isValid(String id) {
        return id != null && !id.isEmpty() && id.length() <= MAX_LENGTH && safeCharacters(id);
    }

    /** True when every character is an ASCII letter or digit or one of {@link #PUNCTUATION}. */
    public static boolean safeCharacters(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || PUNCTUATION.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Why {@code id} is not valid, for a dead letter's reason; null when it is. */
    public static String problem(String id) {
        if (id == null || id.isEmpty()) {
            return "the request id is empty";
        }
        if (id.length() > MAX_LENGTH) {
            return "the request id has " + id.length() + " characters; at most " + MAX_LENGTH + " are accepted";
        }
        return isValid(id) ? null
                : "the request id " + RecordLimits.quote(id) + " has characters outside A-Z a-z 0-9 . _ : @ / + = -";
    }
}
