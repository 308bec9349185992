package io.reelay.delivery.http;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What one delivery attempt came to: the endpoint's status code, or an error (timeout, connection failed, refused
 * URL), its latency, and the Retry-After it asked for.
 *
 * @param status the HTTP status, or 0 when no answer came
 * @param error a short, bounded reason when no answer came, else null
 */
public record Attempt(Instant at, int status, String error, Duration latency, Optional<Duration> retryAfter) {

    /** How an attempt's result counts. */
    public enum Verdict {
        /** 2xx: delivered. */
        DELIVERED,
        /** 5xx, 429, timeout, connection error: tried again within the window. */
        RETRY,
        /** 410 Gone: the endpoint says it is gone for good; not tried again. */
        GONE,
        /** Any other answer (4xx, 3xx: redirects are not followed), or a URL refused by policy: not tried again. */
        FAILED
    }

    /** Error of an attempt never sent because the URL is refused (a private address, not https...). */
    public static final String REFUSED_PREFIX = "refused: ";

    public Verdict verdict() {
        if (status >= 200 && status < 300) {
            return Verdict.DELIVERED;
        }
        if (status == 0) {
            return error != null && error.startsWith(REFUSED_PREFIX) ? Verdict.FAILED : Verdict.RETRY;
        }
        if (status == 429 || status >= 500) {
            return Verdict.RETRY;
        }
        return status == 410 ? Verdict.GONE : Verdict.FAILED;
    }
}
