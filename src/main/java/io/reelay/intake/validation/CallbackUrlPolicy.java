package io.reelay.intake.validation;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.reelay.intake.Echo;
import io.reelay.net.HostPolicy;
import io.reelay.intake.ValidationError;

/**
 * Which webhook URLs Reelay calls: https to a public host (the input URL policy's {@link HostPolicy}), without
 * credentials or a fragment, at most {@value #MAX_LENGTH} characters of printable ASCII. Judged from the text alone,
 * at admission and again before every delivery attempt.
 *
 * <p>The loopback exemption ({@code reelay.webhooks.allow-loopback}, the demo and test profiles only) also admits
 * http or https to {@code localhost}, {@code 127.0.0.1} or {@code [::1]}, so a receiver on the same machine can be
 * called; nothing else private is ever admitted.
 */
public final class CallbackUrlPolicy {

    /** Longest callback URL accepted. */
    public static final int MAX_LENGTH = 2048;
    /** The policy of production: public https hosts only. */
    public static final CallbackUrlPolicy STRICT = new CallbackUrlPolicy(false);
    /** Also loopback over http or https (demo and tests). */
    public static final CallbackUrlPolicy LOOPBACK_ALLOWED = new CallbackUrlPolicy(true);

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private final boolean allowLoopback;

    private CallbackUrlPolicy(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    /** The policy with or without the loopback exemption. */
    public static CallbackUrlPolicy of(boolean allowLoopback) {
        return allowLoopback ? LOOPBACK_ALLOWED : STRICT;
    }

    /** Why {@code url} must not be called back, if so; never throws. */
    public Optional<String> refusal(String url) {
        if (url == null || url.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (url.length() > MAX_LENGTH) {
            return Optional.of("URL is " + url.length() + " characters; at most " + MAX_LENGTH + " are accepted");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return Optional.of("must be printable ASCII without spaces (percent-encode the rest)");
            }
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("not a URL: " + Echo.quote(e.getReason()));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String authority = uri.getRawAuthority();
        if (uri.isOpaque() || authority == null) {
            return Optional.of("must be an https URL with a host");
        }
        if (uri.getRawUserInfo() != null || authority.contains("@")) {
            return Optional.of("must not carry credentials");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not have a fragment");
        }
        String host = uri.getHost();
        if (host == null) {
            return Optional.of("has no valid host");
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (allowLoopback && LOOPBACK.contains(h) && (scheme.equals("https") || scheme.equals("http"))) {
            return Optional.empty();
        }
        if (!scheme.equals("https")) {
            return Optional.of("must be an https URL");
        }
        if (uri.getPort() == 0) {
            return Optional.of("port 0 is not a port");
        }
        return HostPolicy.refusal(host);
    }

    /** The refusal as a validation error of field {@code callback_url}. */
    Optional<ValidationError> check(String url) {
        return refusal(url).map(reason -> ValidationError.of("callback_url",
                reason.startsWith("host ") ? "forbidden_host" : "invalid_url", reason));
    }
}
