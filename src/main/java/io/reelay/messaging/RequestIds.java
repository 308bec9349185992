package io.reelay.messaging;

import java.util.regex.Pattern;

/**
 * What a request id may be. It is a record key, an HTTP path segment, a log field and an upstream header, so it is
 * short and of a safe character set: letters, digits and {@code - _ . : @ / + =}.
 */
public final class RequestIds {

    public static final int MAX_LENGTH = 200;
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:@/+=-]{1," + MAX_LENGTH + "}");

    private RequestIds() {
    }

    public static boolean isValid(String id) {
        return id != null && id.length() <= MAX_LENGTH && SAFE.matcher(id).matches();
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
