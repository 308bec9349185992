package io.reelay.delivery.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One delivery (an event to one endpoint) as the state topic keeps it: its attempts, when the next is due, how it
 * ended. Every change is written to {@code video.webhooks} under {@link #key()}, so a restarted worker resumes it
 * with the same webhook-id, and every instance can show it.
 *
 * @param revision grows with every write (the writer's clock, at least the last revision plus one): a record read
 *     back that is not newer than what an instance holds is an echo and is ignored
 * @param endpoint the subscription's name, or {@code callback} for a request's callback_url
 * @param firstAttemptAt when the retry window started (the first attempt, or the last replay)
 * @param attempts the last {@value #MAX_ATTEMPTS_KEPT} attempts, oldest first
 * @param payload the body sent (bounded by reelay.webhooks.max-payload-bytes); a replay sends it again unchanged
 */
public record DeliveryState(String webhookId, String requestId, String eventType, String endpoint, String url,
        Status status, long revision, int attemptCount, Instant firstAttemptAt, Instant nextAttemptAt,
        List<AttemptRecord> attempts, int replays, String payload) {

    /** Attempts kept in the record (the count goes on). */
    public static final int MAX_ATTEMPTS_KEPT = 20;

    /** Where a delivery stands. */
    public enum Status {
        /** Waiting for its next attempt. */
        pending,
        /** The endpoint answered 2xx. */
        delivered,
        /** The endpoint answered a status that is not retried (4xx other than 429 and 410), or its URL is refused. */
        failed,
        /** The endpoint answered 410 Gone (a subscription that does is disabled). */
        gone,
        /** The retry window ended without a 2xx; dead-lettered. */
        dead,
        /**
         * Not sent: its subscription is disabled (it answered 410 Gone to an earlier delivery); dead-lettered at
         * once, to be replayed once the subscription is enabled again.
         */
        endpoint_disabled
    }

    /** One attempt: when, the status code (0: no answer), the error when no answer came, the latency. */
    public record AttemptRecord(Instant at, int status, String error, long latencyMs) {
    }

    public DeliveryState {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
        // A record read back from the topic may hold any number; the kept ones are the last few, whoever wrote it.
        if (attempts.size() > MAX_ATTEMPTS_KEPT) {
            attempts = attempts.subList(attempts.size() - MAX_ATTEMPTS_KEPT, attempts.size());
        }
    }

    /** The key on the state topic: the webhook-id and the endpoint. */
    public String key() {
        return keyOf(webhookId, endpoint);
    }

    public static String keyOf(String webhookId, String endpoint) {
        return webhookId + "/" + endpoint;
    }

    /** This delivery after one more attempt, with the status and next attempt given. */
    public DeliveryState attempted(AttemptRecord attempt, Status next, Instant nextAt, long now) {
        List<AttemptRecord> kept = new ArrayList<>(attempts);
        kept.add(attempt);
        return new DeliveryState(webhookId, requestId, eventType, endpoint, url, next, nextRevision(now),
                attemptCount + 1, firstAttemptAt == null ? attempt.at() : firstAttemptAt, nextAt, kept, replays,
                payload);
    }

    /** This delivery queued again now, with a new retry window (a replay): same webhook-id, same body. */
    public DeliveryState replayed(Instant now) {
        return new DeliveryState(webhookId, requestId, eventType, endpoint, url, Status.pending,
                nextRevision(now.toEpochMilli()), attemptCount, now, now, attempts, replays + 1, payload);
    }

    /** Ended without a further attempt (its subscription was removed, say). */
    public DeliveryState ended(Status end, long now) {
        return new DeliveryState(webhookId, requestId, eventType, endpoint, url, end, nextRevision(now), attemptCount,
                firstAttemptAt, null, attempts, replays, payload);
    }

    private long nextRevision(long now) {
        return Math.max(revision + 1, now);
    }

    public boolean terminal() {
        return status != Status.pending;
    }
}
