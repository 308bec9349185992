package io.reelay.delivery;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.reelay.config.ReelayConfig;

/**
 * An allow-list of callback hosts: exact names ({@code hooks.example.com}) or a wildcard for the names under one
 * ({@code *.example.com}, which does not match example.com itself). Case-insensitive; never throws.
 */
public final class CallbackHosts {

    private CallbackHosts() {
    }

    /**
     * Whether a request of {@code owner} may be called back at {@code url}'s host: a configured API client by its
     * {@code callback-hosts} (none when unset); a request without an owner that is a configured client (published
     * to Kafka, or posted while authentication is off) by {@code reelay.webhooks.callback-hosts} (any when unset).
     */
    public static boolean permitted(Map<String, ReelayConfig.Api.Client> clients, Optional<List<String>> anonymous,
            String owner, String url) {
        ReelayConfig.Api.Client client = owner == null ? null : clients.get(owner);
        if (client == null) {
            return anonymous.map(hosts -> allows(hosts, url)).orElse(true);
        }
        return client.callbackHosts().map(hosts -> allows(hosts, url)).orElse(false);
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
