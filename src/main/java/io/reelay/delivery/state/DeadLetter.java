package io.reelay.delivery.state;

import java.time.Instant;

/**
 * What {@code video.webhooks.dead} holds for a delivery that ended without a 2xx: bounded (the URL is at most 2048
 * characters by policy, an error at most 200), never the payload.
 */
public record DeadLetter(String webhookId, String requestId, String eventType, String endpoint, String url,
        String outcome, int attempts, Instant firstAttemptAt, Instant endedAt, int lastStatus, String lastError) {

    public static DeadLetter of(DeliveryState s, Instant now) {
        DeliveryState.AttemptRecord last = s.attempts().isEmpty() ? null : s.attempts().get(s.attempts().size() - 1);
        String url = s.url() == null || s.url().length() <= 2048 ? s.url() : s.url().substring(0, 2048);
        return new DeadLetter(s.webhookId(), s.requestId(), s.eventType(), s.endpoint(), url, s.status().name(),
                s.attemptCount(), s.firstAttemptAt(), now, last == null ? 0 : last.status(),
                last == null ? null : last.error());
    }
}
