package io.reelay.delivery;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * An allow-list of callback hosts: exact names ({@code hooks.example.com}) or a wildcard for the names under one
 * ({@code *.example.com}, which does not match example.com itself). Case-insensitive; never throws.
 */
public final class CallbackHosts {

    private CallbackHosts() {
    }

    /** True when {@code url}'s host is on the list. */
    public static boolean allows(List<String> patterns, String url) {
        String host;
        try {
            host = URI.create(url).getHost();
        } catch (RuntimeException e) {
            return false;
        }
        if (host == null || patterns == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        for (String pattern : patterns) {
            String p = pattern == null ? "" : pattern.trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("*.") && p.length() > 2 ? h.endsWith(p.substring(1)) : h.equals(p) && !p.isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
