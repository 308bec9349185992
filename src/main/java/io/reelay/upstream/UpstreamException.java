package io.reelay.upstream;

/** A call to an upstream did not succeed. */
public class UpstreamException extends RuntimeException {

    /** Whether the upstream gave an answer. */
    public enum Kind {
        /** The upstream answered with an error: the call had no effect (for a submit: no task, no charge). */
        ERROR_ANSWER,
        /**
         * No usable answer: timeout, connection reset, malformed body. For a submit the outcome is
         * unknown: the task may exist.
         */
        NO_ANSWER
    }

    private final Kind kind;
    private final FailureClass failureClass;
    private final UpstreamError error;

    /** A failure whose meaning follows from its HTTP status alone ({@link FailureClass#byStatus}). */
    public UpstreamException(Kind kind, UpstreamError error, Throwable cause) {
        this(kind, FailureClass.byStatus(kind, error), error, cause);
    }

    /** @param failureClass what the failure means, as the provider's error table says */
    public UpstreamException(Kind kind, FailureClass failureClass, UpstreamError error, Throwable cause) {
        super(describe(kind, error), cause);
        this.kind = kind;
        this.failureClass = failureClass == null ? FailureClass.byStatus(kind, error) : failureClass;
        this.error = error;
    }

    public Kind kind() {
        return kind;
    }

    /** What the failure means, whichever upstream it came from. */
    public FailureClass failureClass() {
        return failureClass;
    }

    /** True when {@code failure} is an upstream's answer that it does not know the task (unknown or expired). */
    public static boolean taskGone(Throwable failure) {
        return failure instanceof UpstreamException u && u.failureClass == FailureClass.TASK_GONE && u.error != null;
    }

    public UpstreamError error() {
        return error;
    }

    private static String describe(Kind kind, UpstreamError error) {
        if (error == null) {
            return kind.name();
        }
        return kind + (error.httpStatus() == null ? "" : " HTTP " + error.httpStatus())
                + (error.code() == null ? "" : " " + error.code())
                + (error.message() == null ? "" : ": " + error.message());
    }
}
