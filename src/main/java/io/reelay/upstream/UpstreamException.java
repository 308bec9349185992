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
    private final UpstreamError error;

    public UpstreamException(Kind kind, UpstreamError error, Throwable cause) {
        super(describe(kind, error), cause);
        this.kind = kind;
        this.error = error;
    }

    public Kind kind() {
        return kind;
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
