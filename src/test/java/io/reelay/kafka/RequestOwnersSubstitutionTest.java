package io.reelay.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Reelay's own metadata keys: a substitution survives only where validation accepted the request and set it. */
class RequestOwnersSubstitutionTest {

    private static final Map<String, String> METADATA = Map.of("mine", "kept", RequestOwners.SUBSTITUTED_FOR,
            "sora-2", "reelay:owner", "forged");

    @Test
    void anAcceptedRequestKeepsTheSubstitutionValidationRecorded() {
        assertThat(RequestOwners.withOwner(METADATA, "acme", true)).containsOnly(Map.entry("mine", "kept"),
                Map.entry(RequestOwners.SUBSTITUTED_FOR, "sora-2"), Map.entry(RequestOwners.METADATA_KEY, "acme"));
    }

    @Test
    void anyOtherRequestKeepsNoReservedKeyAProducerWrote() {
        assertThat(RequestOwners.withOwner(METADATA, null, false)).containsOnly(Map.entry("mine", "kept"));
        assertThat(RequestOwners.withOwner(METADATA, null)).containsOnly(Map.entry("mine", "kept"));
    }
}
