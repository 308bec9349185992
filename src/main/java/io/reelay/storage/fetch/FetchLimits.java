package io.reelay.storage.fetch;

import java.time.Duration;

import io.reelay.config.ReelayConfig;

/**
 * The bounds of one fetch.
 *
 * @param connectTimeout longest wait to connect
 * @param readTimeout longest wait for the headers, and longest silence while the body streams
 * @param totalTimeout longest the whole fetch may take, body included
 * @param maxRedirects redirects followed at most
 */
public record FetchLimits(Duration connectTimeout, Duration readTimeout, Duration totalTimeout, int maxRedirects) {

    public FetchLimits {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()
                || totalTimeout.isNegative() || totalTimeout.isZero()) {
            throw new IllegalArgumentException("reelay.storage.fetch timeouts must be positive");
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("reelay.storage.fetch.max-redirects must not be negative");
        }
    }

    public static FetchLimits of(ReelayConfig.Storage.Fetch fetch) {
        return new FetchLimits(fetch.connectTimeout(), fetch.readTimeout(), fetch.totalTimeout(), fetch.maxRedirects());
    }
}
