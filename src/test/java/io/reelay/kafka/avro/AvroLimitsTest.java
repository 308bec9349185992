package io.reelay.kafka.avro;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Avro's own allocation limits, the second line behind the bounded decoder (see LengthBombTest). */
class AvroLimitsTest {

    @Test
    void avrosOwnLimitsAreSetBeforeAnyDecode() {
        AvroLimits.apply();

        assertThat(AvroLimits.enforced()).as("org.apache.avro.limits.* read after Reelay set them").isTrue();
        assertThat(System.getProperty("org.apache.avro.limits.string.maxLength"))
                .isEqualTo(Integer.toString(AvroLimits.MAX_STRING_BYTES));
    }
}
