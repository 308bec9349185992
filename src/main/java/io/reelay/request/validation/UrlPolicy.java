package io.reelay.request.validation;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which input URLs Reelay passes on: https (or http when allowed) to a public host, without
 * credentials, or a data: URL below the size limit. Hosts are judged by name and literal address
 * only; no DNS lookup is made.
 */
final class UrlPolicy {

    /** Decimal, octal or hex address forms: digits and dots, or 0x-prefixed parts. */
    private static final Pattern NUMERIC_HOST = Pattern.compile("[0-9.]+|((0x[0-9a-f]*|[0-9]+)\\.?)+");
    private static final Pattern DOTTED_QUAD = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}");

    private final ValidationSettings settings;

    UrlPolicy(ValidationSettings settings) {
        this.settings = settings;
    }

    Optional<ValidationError> check(String field, String url) {
        if (url.isBlank()) {
            return error(field, "required", "must not be empty");
        }
        if (url.regionMatches(true, 0, "data:", 0, 5)) {
            return url.length() > settings.maxDataUrlLength()
                    ? error(field, "too_large", "data: URL is " + url.length() + " characters; at most "
                            + settings.maxDataUrlLength() + " are accepted (use an https URL)")
                    : Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return error(field, "invalid_url", "not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean schemeOk = scheme.equals("https") || (settings.allowHttpUrls() && scheme.equals("http"));
        if (!schemeOk) {
            return error(field, "invalid_url", "must be an " + (settings.allowHttpUrls() ? "http(s)" : "https")
                    + " URL or a data: URL");
        }
        if (uri.getRawUserInfo() != null) {
            return error(field, "invalid_url", "must not carry credentials");
        }
        String host = uri.getHost();
        if (host == null && uri.getRawAuthority() != null) {
            // java.net.URI gives no host for some numeric forms (0x7f.1): judge the authority itself.
            String authority = uri.getRawAuthority().replaceFirst(":\\d*$", "");
            return forbiddenHost(authority) ? error(field, "forbidden_host", "host " + authority
                    + " is loopback, private or link-local") : error(field, "invalid_url", "has no valid host");
        }
        if (host == null || host.isBlank()) {
            return error(field, "invalid_url", "has no host");
        }
        return forbiddenHost(host)
                ? error(field, "forbidden_host", "host " + host + " is loopback, private or link-local")
                : Optional.empty();
    }

    private static boolean forbiddenHost(String rawHost) {
        String host = rawHost.toLowerCase(Locale.ROOT);
        if (host.equals("localhost") || host.endsWith(".localhost") || host.endsWith(".local")
                || host.endsWith(".internal") || host.endsWith(".localdomain")) {
            return true;
        }
        boolean ipv6 = host.startsWith("[");
        if (!ipv6 && !NUMERIC_HOST.matcher(host).matches()) {
            return false; // a name, judged above
        }
        if (!ipv6 && !DOTTED_QUAD.matcher(host).matches()) {
            return true; // 2130706433, 0x7f.1, 127.1: numeric forms that resolve to surprising addresses
        }
        try {
            InetAddress address = InetAddress.getByName(ipv6 ? host.substring(1, host.length() - 1) : host);
            byte[] b = address.getAddress();
            boolean uniqueLocalV6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
            boolean sharedV4 = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
            return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                    || address.isAnyLocalAddress() || address.isMulticastAddress() || uniqueLocalV6 || sharedV4;
        } catch (UnknownHostException e) {
            return true;
        }
    }

    private static Optional<ValidationError> error(String field, String code, String message) {
        return Optional.of(ValidationError.of(field, code, message));
    }
}
