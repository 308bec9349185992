package io.reelay.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** What an answer quotes back stays within its bound, whatever was sent. */
class EchoTest {

    @Property(tries = 3000)
    void aQuotedValueIsBoundedAndAPrefixOfTheOriginal(@ForAll String value, @ForAll @IntRange(min = 1, max = 300) int max) {
        String quoted = Echo.cap(value, max);
        assertThat(quoted.length()).isLessThanOrEqualTo(max + "...( characters)".length() + 10);
        String kept = quoted.length() <= max ? quoted : quoted.substring(0, quoted.indexOf("...("));
        assertThat(value).startsWith(kept);
        // Never half of a surrogate pair at the cut.
        assertThat(kept.isEmpty() || !Character.isHighSurrogate(kept.charAt(kept.length() - 1))
                || kept.equals(value)).isTrue();
    }

    @Test
    void aShortValueIsQuotedAsIsAndALongOneSaysHowLongItWas() {
        assertThat(Echo.cap("r-1", 200)).isEqualTo("r-1");
        assertThat(Echo.cap(null, 200)).isNull();
        assertThat(Echo.cap("x".repeat(5000), 10)).isEqualTo("xxxxxxxxxx...(5000 characters)");
        assertThat(Echo.cap("abcdefghi\uD83D\uDE00", 10)).isEqualTo("abcdefghi...(11 characters)");
    }
}
