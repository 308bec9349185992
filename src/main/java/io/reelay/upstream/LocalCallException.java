package io.reelay.upstream;

/**
 * A call that failed before it left this process: building its body, URL or headers, a header the
 * HTTP client refuses (a request id with CR/LF), or a bug in Reelay's code. The upstream never saw
 * it, so it says nothing about the upstream: it never counts against the circuit breaker, and a
 * submit that fails so is certainly not paid for (and is not retried: the same request fails the same way).
 */
public class LocalCallException extends RuntimeException {

    public LocalCallException(String message, Throwable cause) {
        super(UpstreamBounds.text(message, UpstreamBounds.MAX_MESSAGE_CHARS), cause);
    }

    /** What went wrong, in words: "not sent: ..." with the cause's type and its message, bounded. */
    public static LocalCallException notSent(String what, Throwable cause) {
        if (cause instanceof LocalCallException local) {
            return local;
        }
        String detail = cause == null ? "" : ": " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")");
        return new LocalCallException("not sent: " + what + " failed in Reelay" + detail, cause);
    }
}
