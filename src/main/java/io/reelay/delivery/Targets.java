package io.reelay.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jboss.logging.Logger;

import io.reelay.config.ReelayConfig;
import io.reelay.delivery.signing.WebhookSigner;

/**
 * Which endpoints get an event: every subscription whose filter takes it, and the request's callback_url when its
 * owner may call that host back ({@code reelay.api.auth.clients.<name>.callback-hosts}; for requests without an API
 * owner, {@code reelay.webhooks.callback-hosts}) and callback secrets are configured. Built once from the
 * configuration; a subscription with an unusable secret is left out, with a warning at start-up.
 */
public final class Targets {

    private static final Logger LOG = Logger.getLogger(Targets.class);

    private final Map<String, Sub> subscriptions = new TreeMap<>();
    private final WebhookSigner callbackSigner;
    private final Map<String, ReelayConfig.Api.Client> clients;
    private final Optional<List<String>> anonymousHosts;

    /** A configured subscription: where it goes, which events it gets, whose requests (empty: everyone's). */
    public record Sub(Endpoint endpoint, List<String> events, Optional<String> owner) {
    }

    public Targets(ReelayConfig.Webhooks config, Map<String, ReelayConfig.Api.Client> clients) {
        config.subscriptions().forEach((name, s) -> {
            try {
                List<String> events = s.events().stream().map(e -> e.trim().toLowerCase(Locale.ROOT)).toList();
                subscriptions.put(name, new Sub(Endpoint.subscription(name, s.url(), new WebhookSigner(s.secrets())),
                        events, s.owner()));
            } catch (IllegalArgumentException e) {
                LOG.warnf("Webhook subscription %s is not used: %s", name, e.getMessage());
            }
        });
        WebhookSigner signer = null;
        if (config.callbackSecrets().isPresent() && !config.callbackSecrets().get().isEmpty()) {
            try {
                signer = new WebhookSigner(config.callbackSecrets().get());
            } catch (IllegalArgumentException e) {
                LOG.warnf("Callback URLs are not called: reelay.webhooks.callback-secrets: %s", e.getMessage());
            }
        }
        this.callbackSigner = signer;
        this.clients = clients;
        this.anonymousHosts = config.callbackHosts();
    }

    /** The endpoints of {@code event}, subscriptions by name first. */
    public List<Endpoint> of(TerminalEvent event) {
        List<Endpoint> out = new ArrayList<>();
        subscriptions.values().forEach(s -> {
            boolean wanted = s.events().contains(event.kind())
                    && s.owner().map(o -> o.equals(event.owner())).orElse(true);
            if (wanted) {
                out.add(s.endpoint());
            }
        });
        callback(event.callbackUrl(), event.owner()).ifPresent(out::add);
        return out;
    }

    /** The endpoint of a callback URL, if its owner may use it and there is a secret to sign with. */
    public Optional<Endpoint> callback(String url, String owner) {
        if (url == null || callbackSigner == null || !hostAllowed(url, owner)) {
            return Optional.empty();
        }
        return Optional.of(Endpoint.callback(url, callbackSigner));
    }

    /** The endpoint a stored delivery goes to now (a subscription since removed, or a callback no longer allowed: none). */
    public Optional<Endpoint> resume(String endpointName, String url) {
        if (Endpoint.CALLBACK.equals(endpointName)) {
            // Its host was allowed when the delivery was made; the URL policy is checked again at every attempt.
            return url == null || callbackSigner == null ? Optional.empty()
                    : Optional.of(Endpoint.callback(url, callbackSigner));
        }
        Sub sub = subscriptions.get(endpointName);
        return sub == null ? Optional.empty() : Optional.of(sub.endpoint());
    }

    /** The subscription of that name, as configured now. */
    public Optional<Sub> subscription(String name) {
        return Optional.ofNullable(subscriptions.get(name));
    }

    /** Whether {@code owner} (an API client's name; null: no API owner) may be called back at {@code url}'s host. */
    public boolean hostAllowed(String url, String owner) {
        return CallbackHosts.permitted(clients, anonymousHosts, owner, url);
    }
}
