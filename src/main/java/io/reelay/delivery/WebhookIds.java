package io.reelay.delivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The {@code webhook-id} of a delivery: derived from the event and the endpoint alone, so every attempt, a repeat
 * after a crash and a replay carry the same id, and a receiver that dedupes on it sees each event once.
 */
public final class WebhookIds {

    private WebhookIds() {
    }

    /** {@code msg_} and 26 characters of base64url of SHA-256(request id, event type, endpoint). */
    public static String of(String requestId, String eventType, String endpointKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // Length-prefixed parts: no two different triples hash the same text.
            for (String part : new String[] {requestId, eventType, endpointKey}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
                sha.update((byte) ':');
                sha.update(bytes);
            }
            return "msg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest()).substring(0, 26);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
