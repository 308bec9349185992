package io.reelay.delivery.retry;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An endpoint's {@code Retry-After} header (RFC 9110: delay-seconds or an HTTP-date), read without ever throwing:
 * anything else, a date in the past or an absurd value is no advice at all.
 */
public final class RetryAfter {

    /** Longer advice than this is taken as this (the retry window bounds it anyway). */
    public static final Duration MAX = Duration.ofDays(2);
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,12}");

    private RetryAfter() {
    }

    /** The wait the header asks for, from {@code now}; empty when it asks for none or cannot be read. */
    public static Optional<Duration> parse(String header, Instant now) {
        if (header == null || header.length() > 100) {
            return Optional.empty();
        }
        String value = header.trim();
        if (SECONDS.matcher(value).matches()) {
            long seconds = Long.parseLong(value);
            return Optional.of(seconds > MAX.toSeconds() ? MAX : Duration.ofSeconds(seconds));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            if (!at.isAfter(now)) {
                return Optional.empty();
            }
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.compareTo(MAX) > 0 ? MAX : wait);
        } catch (DateTimeParseException | ArithmeticException e) {
            return Optional.empty();
        }
    }
}
