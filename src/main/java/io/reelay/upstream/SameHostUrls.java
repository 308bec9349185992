package io.reelay.upstream;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Keeps URLs that an upstream hands back (poll URLs, result pages) on the host Reelay was configured
 * with, so a provider's bearer key is only ever sent where the operator pointed it.
 *
 * <p>Relative references are <em>appended</em> to the base URL, path prefix included, rather than
 * resolved by RFC 3986 (which would drop the prefix for a reference starting with {@code /}). The
 * real APIs have no prefix, so both rules agree there; a gateway or the simulator mounted under a
 * prefix (e.g. {@code http://host:8080/simulator/tokenlab}) answers with paths relative to its mount.
 */
public final class SameHostUrls {

    private SameHostUrls() {
    }

    /**
     * Resolves {@code ref} against {@code baseUrl}.
     *
     * @return the absolute URL, or empty when {@code ref} is blank, not a URL, or names another
     *     origin (scheme, host or port differ from the base's)
     */
    public static Optional<String> resolve(String baseUrl, String ref) {
        if (ref == null || ref.isBlank()) {
            return Optional.empty();
        }
        String trimmed = ref.trim();
        URI uri = parse(trimmed);
        if (uri == null) {
            return Optional.empty();
        }
        // "//other.host/x" is relative in form but names a host: treat it like an absolute URL.
        String candidate = uri.isAbsolute() || uri.getRawAuthority() != null ? trimmed : append(baseUrl, trimmed);
        return sameOrigin(baseUrl, candidate) ? Optional.of(candidate) : Optional.empty();
    }

    /** Appends {@code path} to {@code baseUrl}, with exactly one slash between them. */
    public static String append(String baseUrl, String path) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + (path.startsWith("/") ? path : "/" + path);
    }

    /** Whether {@code url} has the same scheme, host and (effective) port as {@code baseUrl}. */
    public static boolean sameOrigin(String baseUrl, String url) {
        URI base = parse(baseUrl);
        URI other = url == null ? null : parse(url.trim());
        if (base == null || other == null || base.getHost() == null || other.getHost() == null
                || base.getScheme() == null || other.getScheme() == null) {
            return false;
        }
        return base.getScheme().equalsIgnoreCase(other.getScheme())
                && base.getHost().equalsIgnoreCase(other.getHost())
                && effectivePort(base) == effectivePort(other);
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
    }

    private static URI parse(String s) {
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
