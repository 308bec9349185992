package io.reelay.delivery.signing;

import java.util.List;
import java.util.StringJoiner;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;

/**
 * Signs a delivery as the Standard Webhooks specification says: {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}
 * under each secret ({@code whsec_<base64>}), space-separated, so receivers holding either secret of a rotation
 * verify. The HMAC is the specification's own Java library ({@code com.standardwebhooks:standardwebhooks}).
 */
public final class WebhookSigner {

    private final List<Webhook> keys;

    /**
     * @throws IllegalArgumentException when there is no secret or one is not {@code whsec_} followed by base64
     *     (the message never quotes the secret)
     */
    public WebhookSigner(List<String> secrets) {
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("no webhook secret");
        }
        this.keys = secrets.stream().map(WebhookSigner::key).toList();
    }

    private static Webhook key(String secret) {
        if (secret == null || !secret.startsWith("whsec_") || secret.length() <= "whsec_".length()) {
            throw new IllegalArgumentException("a webhook secret must be whsec_ followed by base64");
        }
        try {
            return new Webhook(secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a webhook secret must be whsec_ followed by base64");
        }
    }

    /** The {@code webhook-signature} header's value for this message id, Unix time in seconds and body. */
    public String sign(String webhookId, long timestampSeconds, String body) {
        StringJoiner joined = new StringJoiner(" ");
        for (Webhook key : keys) {
            try {
                joined.add(key.sign(webhookId, timestampSeconds, body));
            } catch (WebhookSigningException e) {
                // HmacSHA256 is in every JDK: reaching here means a broken runtime, not bad input.
                throw new IllegalStateException("cannot sign a webhook: " + e.getMessage(), e);
            }
        }
        return joined.toString();
    }
}
