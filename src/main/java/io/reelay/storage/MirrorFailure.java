package io.reelay.storage;

/**
 * Why one copy attempt failed. {@link #retryable()} says whether another attempt may succeed (the source or the
 * store was unreachable or slow) or never will (the source is too large, of the wrong type, or at a forbidden
 * address). The message is bounded and never holds a credential or a presigned query string.
 */
public final class MirrorFailure extends RuntimeException {

    /** Bounded reasons, as they appear on events and in metrics. */
    public enum Reason {
        /** The source is larger than the configured limit. */
        too_large(false),
        /** The bytes (or the declared type) are not a video, or not an image for a last frame. */
        wrong_content_type(false),
        /** The source, or a redirect, points to a private, loopback or otherwise forbidden address, or is not https. */
        forbidden_address(false),
        /** Too many redirects. */
        too_many_redirects(false),
        /** The source answered 404 or 410, or its link has expired. */
        source_gone(false),
        /** The source answered another error status, or the connection failed. */
        source_error(true),
        /** The source was too slow (connect, first byte or the whole transfer). */
        source_timeout(true),
        /** The object store could not be reached or answered an error. */
        storage_unavailable(true);

        private final boolean retryable;

        Reason(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private static final int MAX_MESSAGE = 300;

    private final Reason reason;

    public MirrorFailure(Reason reason, String message) {
        super(bounded(message), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public boolean retryable() {
        return reason.retryable();
    }

    private static String bounded(String message) {
        String m = message == null ? "" : message;
        return m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE - 1) + "…";
    }
}
