package io.reelay.storage.fetch;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

import io.reelay.net.HostPolicy;
import io.reelay.storage.MirrorFailure;
import io.reelay.storage.MirrorFailure.Reason;

/**
 * Which result URLs (and redirect targets) Reelay itself may fetch: https (http only when allowed), no credentials in
 * the URL, a public host by the request URL policy's rules ({@link HostPolicy}), and every address the name resolves
 * to public as well, so that a public name pointing at a private address (DNS rebinding, a hostile upstream) is
 * refused. Loopback is exempt only when allowed (the simulator in dev, demo and tests). Total: every input gets a
 * verdict, nothing is thrown.
 */
public final class SourcePolicy {

    /** Looks a host name up; a seam so that tests decide what a name resolves to. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;

        /** The JVM's resolver (and its cache, which the HTTP client's own lookup of the same name then hits). */
        Resolver SYSTEM = InetAddress::getAllByName;
    }

    /** Longest Location header followed. */
    static final int MAX_LOCATION_LENGTH = 8192;

    private final boolean allowHttp;
    private final boolean allowLoopback;
    private final Resolver resolver;

    public SourcePolicy(boolean allowHttp, boolean allowLoopback, Resolver resolver) {
        this.allowHttp = allowHttp;
        this.allowLoopback = allowLoopback;
        this.resolver = resolver;
    }

    /**
     * Why {@code uri} must not be fetched: {@code forbidden_address} for the URL or an address it resolves to,
     * {@code source_error} when the name does not resolve (DNS may answer later); empty when it may be fetched.
     */
    public Optional<MirrorFailure> check(URI uri) {
        Optional<MirrorFailure> literal = checkLiteral(uri);
        if (literal.isPresent()) {
            return literal;
        }
        String host = bare(uri.getHost());
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException | RuntimeException e) {
            return Optional.of(new MirrorFailure(Reason.source_error, "host " + quote(host) + " does not resolve"));
        }
        if (addresses == null || addresses.length == 0) {
            return Optional.of(new MirrorFailure(Reason.source_error, "host " + quote(host) + " does not resolve"));
        }
        for (InetAddress address : addresses) {
            if (address == null) {
                return forbidden("host " + quote(host) + " resolved to nothing usable");
            }
            if (allowLoopback && address.isLoopbackAddress()) {
                continue;
            }
            Optional<String> refusal = HostPolicy.refusal(address);
            if (refusal.isPresent()) {
                return forbidden("host " + quote(host) + " resolves to a forbidden address: " + refusal.get());
            }
        }
        return Optional.empty();
    }

    /** The checks that need no lookup: scheme, credentials, the host as written. */
    Optional<MirrorFailure> checkLiteral(URI uri) {
        if (uri == null || !uri.isAbsolute() || uri.isOpaque()) {
            return forbidden("not an absolute http(s) URL");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            return forbidden("scheme " + quote(scheme) + " is not accepted (" + (allowHttp ? "http(s)" : "https")
                    + " only)");
        }
        String authority = uri.getRawAuthority();
        if (uri.getRawUserInfo() != null || (authority != null && authority.contains("@"))) {
            return forbidden("URL carries credentials");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return forbidden("URL has no valid host");
        }
        if (allowLoopback && loopbackLiteral(host)) {
            return Optional.empty();
        }
        return HostPolicy.refusal(host).map(reason -> new MirrorFailure(Reason.forbidden_address, reason));
    }

    /**
     * The target of a redirect from {@code from}: the Location header resolved against it, without its fragment.
     * Empty when the header is missing, too long, not printable ASCII or not a URL (the caller refuses it).
     */
    public static Optional<URI> redirectTarget(URI from, String location) {
        if (location == null || location.isEmpty() || location.length() > MAX_LOCATION_LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < location.length(); i++) {
            char c = location.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return Optional.empty();
            }
        }
        try {
            String target = from.resolve(new URI(location)).toString();
            int fragment = target.indexOf('#');
            URI uri = new URI(fragment < 0 ? target : target.substring(0, fragment));
            return uri.isAbsolute() ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean loopbackLiteral(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.matches("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static Optional<MirrorFailure> forbidden(String message) {
        return Optional.of(new MirrorFailure(Reason.forbidden_address, message));
    }

    private static String quote(String text) {
        String t = text.length() <= 64 ? text : text.substring(0, 64) + "…";
        return "\"" + t.replaceAll("\\p{Cntrl}", "?") + "\"";
    }
}
