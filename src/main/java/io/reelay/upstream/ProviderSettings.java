package io.reelay.upstream;

import java.net.URI;
import java.util.Optional;

/** Checks and key handling that every provider's settings share. */
public final class ProviderSettings {

    private ProviderSettings() {
    }

    /**
     * The base URL, trimmed.
     *
     * @throws IllegalArgumentException naming {@code property} when it is not an http(s) URL with a host
     */
    public static String baseUrl(String value, String property) {
        if (value == null) {
            throw new IllegalArgumentException(property + " is required");
        }
        URI uri;
        try {
            uri = URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + " is not a URL: " + value);
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException(property + " must be an http(s) URL with a host: " + value);
        }
        return value.trim();
    }

    /** A blank key from an empty environment variable means "no key", not "Bearer ". */
    public static Optional<String> apiKey(Optional<String> key) {
        return key == null ? Optional.empty() : key.map(String::trim).filter(k -> !k.isEmpty());
    }

    /** Replaces the key, should an upstream echo it back, so it cannot reach a log or an event. */
    public static String redact(String text, Optional<String> key) {
        if (text == null || key.isEmpty()) {
            return text;
        }
        return text.replace(key.get(), "***");
    }
}
