package io.reelay.delivery;

import java.net.URI;
import java.util.Locale;

import io.reelay.delivery.signing.WebhookSigner;

/**
 * Where one delivery goes.
 *
 * @param name the subscription's name, or {@link #CALLBACK} for a request's callback_url: the metric tag (bounded:
 *     never the URL) and part of the webhook-id
 * @param lane deliveries of one lane share its queue and concurrency: a subscription, or a callback host
 */
public record Endpoint(String name, String url, WebhookSigner signer, String lane) {

    public static final String CALLBACK = "callback";

    public static Endpoint subscription(String name, String url, WebhookSigner signer) {
        return new Endpoint(name, url, signer, "subscription:" + name);
    }

    public static Endpoint callback(String url, WebhookSigner signer) {
        String host;
        try {
            host = String.valueOf(URI.create(url).getHost()).toLowerCase(Locale.ROOT);
        } catch (RuntimeException e) {
            host = "invalid";
        }
        return new Endpoint(CALLBACK, url, signer, "callback:" + host);
    }

    /** What the webhook-id is derived from besides the event: the subscription, or the callback URL itself. */
    public String idKey() {
        return name.equals(CALLBACK) ? "callback:" + url : "subscription:" + name;
    }
}
