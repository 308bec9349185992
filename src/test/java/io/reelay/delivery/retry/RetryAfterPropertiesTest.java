package io.reelay.delivery.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RetryAfterPropertiesTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    @Test
    void secondsAndHttpDatesAreRead() {
        assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("Wed, 02 Dec 2026 12:05:00 GMT", NOW)).contains(Duration.ofMinutes(5));
        assertThat(RetryAfter.parse("99999999999", NOW)).contains(RetryAfter.MAX);
    }

    @Test
    void pastDatesNegativesAndNonsenseAreNoAdvice() {
        assertThat(RetryAfter.parse("Wed, 02 Dec 2026 11:00:00 GMT", NOW)).isEmpty();
        assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
        assertThat(RetryAfter.parse("1.5", NOW)).isEmpty();
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
        assertThat(RetryAfter.parse("9".repeat(5000), NOW)).isEmpty();
    }

    @Property(tries = 5000)
    void anyHeaderValueIsReadWithoutThrowingAndWithinBounds(@ForAll("headerValue") String value) {
        RetryAfter.parse(value, NOW).ifPresent(wait -> {
            assertThat(wait.isNegative()).isFalse();
            assertThat(wait).isLessThanOrEqualTo(RetryAfter.MAX);
        });
    }

    @Provide
    Arbitrary<String> headerValue() {
        Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(200);
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(30);
        Arbitrary<String> dates = Arbitraries.longs().between(-5_000_000_000L, 50_000_000_000L)
                .map(s -> DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochSecond(s).atOffset(ZoneOffset.UTC)));
        Arbitrary<String> mangled = dates.map(d -> d.replace("GMT", "PST").replace(",", ""));
        return Arbitraries.oneOf(anything, digits, dates, mangled, digits.map(d -> "-" + d), digits.map(d -> d + "s"));
    }
}
