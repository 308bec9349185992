package io.reelay.upstream.tokenlab;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The values {@link TokenLabProvider} needs, so it can be built without CDI. {@link #toString()}
 * never shows the key.
 */
public record TokenLabSettings(String baseUrl, Optional<String> apiKey, Duration submitTimeout, Duration pollTimeout) {

    public TokenLabSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        URI uri = URI.create(baseUrl.trim());
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("reelay.tokenlab.base-url must be an http(s) URL with a host: " + baseUrl);
        }
        baseUrl = baseUrl.trim();
        // A blank key from an empty environment variable means "no key", not "Bearer ".
        apiKey = apiKey == null ? Optional.empty() : apiKey.map(String::trim).filter(k -> !k.isEmpty());
        Objects.requireNonNull(submitTimeout, "submitTimeout");
        Objects.requireNonNull(pollTimeout, "pollTimeout");
    }

    public static TokenLabSettings from(TokenLabConfig config) {
        return new TokenLabSettings(config.baseUrl(), config.apiKey(), config.submitTimeout(), config.pollTimeout());
    }

    /** Replaces the key, should an upstream echo it back, so it cannot reach a log or an event. */
    String redact(String text) {
        if (text == null || apiKey.isEmpty()) {
            return text;
        }
        return text.replace(apiKey.get(), "***");
    }

    @Override
    public String toString() {
        return "TokenLabSettings[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isPresent() ? "***" : "<none>")
                + ", submitTimeout=" + submitTimeout + ", pollTimeout=" + pollTimeout + "]";
    }
}
