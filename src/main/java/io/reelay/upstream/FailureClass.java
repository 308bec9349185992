package io.reelay.upstream;

/**
 * What a failed upstream call means, whichever upstream it was: each provider fills it from its own
 * error table, so the lifecycle and the circuit breaker never name an upstream's codes. It says what
 * the failure tells about the upstream; {@link UpstreamException.Kind} says whether the call took effect.
 */
public enum FailureClass {

    /** The upstream does not know the task (unknown, expired): asking again cannot help. */
    TASK_GONE,
    /** The upstream refused this call (invalid, unauthorised, no balance...): the same call fails the same way. */
    REFUSED,
    /** The upstream asked to slow down (429): try again after its Retry-After. The upstream is up. */
    RATE_LIMITED,
    /** The upstream is up and asks for this call again later (material still preparing, 408...). */
    RETRY_LATER,
    /**
     * The upstream is in trouble: a 5xx, a connection refused, reset or closed before an answer, an
     * unusable answer, or no answer within the deadline while the call was in the upstream's hands.
     */
    UNAVAILABLE,
    /**
     * No answer within the deadline, but the deadline was noticed late: this process, not the upstream,
     * was behind (a pause, threads busy with other work), so the silence says nothing about the upstream.
     */
    LOCAL_STALL;

    /** Whether this failure says the upstream itself is in trouble: what the circuit breaker counts. */
    public boolean upstreamTrouble() {
        return this == UNAVAILABLE;
    }

    /**
     * The meaning of an error by its HTTP status alone, for an upstream whose error table says no more
     * (and for errors built without a provider): 404 the task is gone, 429 rate limited, 5xx the
     * upstream failed, another retryable answer "later", anything else a refusal. No answer at all is
     * trouble.
     */
    public static FailureClass byStatus(UpstreamException.Kind kind, UpstreamError error) {
        Integer status = error == null ? null : error.httpStatus();
        if (status != null && status >= 500) {
            return UNAVAILABLE;
        }
        if (kind == UpstreamException.Kind.NO_ANSWER) {
            return UNAVAILABLE;
        }
        if (status == null) {
            return REFUSED;
        }
        if (status == 404) {
            return TASK_GONE;
        }
        if (status == 429) {
            return RATE_LIMITED;
        }
        return error.retryable() ? RETRY_LATER : REFUSED;
    }
}
