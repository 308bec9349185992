package io.reelay.delivery.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Whether a configured subscription is disabled, as the state topic keeps it (key {@link #keyOf}, beside the
 * deliveries). Standard Webhooks: an endpoint that answers 410 Gone asks to be disabled. A disabling holds for the
 * URL the subscription had when it was written, and only that one: configuring another URL enables it again, as
 * does an explicit enabling record (the HTTP API).
 *
 * @param subscription the subscription's name
 * @param urlSha256 hex SHA-256 of the subscription's URL when this was written (the URL itself is never kept: it may
 *     carry a token)
 * @param disabled whether deliveries to it are dead-lettered at once ({@code endpoint_disabled}) instead of sent
 * @param changedAt when
 * @param cause why, bounded: the 410 and the webhook-id that got it, or who enabled it
 * @param revision grows with every write, like a delivery's: an older record read back never wins
 */
public record SubscriptionState(String subscription, String urlSha256, boolean disabled, Instant changedAt,
        String cause, long revision) {

    /** Keys of subscription records on the state topic; deliveries' keys start with {@code msg_}. */
    public static final String KEY_PREFIX = "subscription:";
    /** Longest subscription name a record may hold (configuration keys are far shorter). */
    public static final int MAX_NAME = 200;
    /** Longest cause kept. */
    public static final int MAX_CAUSE = 300;

    public SubscriptionState {
        cause = cause == null || cause.length() <= MAX_CAUSE ? cause : cause.substring(0, MAX_CAUSE);
    }

    public static String keyOf(String subscription) {
        return KEY_PREFIX + subscription;
    }

    public String key() {
        return keyOf(subscription);
    }

    /** {@code subscription} at {@code url} answered 410 Gone: disabled from now. */
    public static SubscriptionState gone(String subscription, String url, String cause, Instant now,
            SubscriptionState previous) {
        return new SubscriptionState(subscription, sha256(url), true, now, cause, next(previous, now));
    }

    /** Enabled again (its disabling lifted), at whatever URL it has. */
    public static SubscriptionState enabled(String subscription, String url, String cause, Instant now,
            SubscriptionState previous) {
        return new SubscriptionState(subscription, sha256(url), false, now, cause, next(previous, now));
    }

    /** Whether this record disables the subscription as configured now, at {@code configuredUrl}. */
    public boolean disables(String configuredUrl) {
        return disabled && configuredUrl != null && sha256(configuredUrl).equals(urlSha256);
    }

    private static long next(SubscriptionState previous, Instant now) {
        return previous == null ? now.toEpochMilli() : Math.max(previous.revision() + 1, now.toEpochMilli());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
