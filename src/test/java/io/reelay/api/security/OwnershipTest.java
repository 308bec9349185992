package io.reelay.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.reelay.config.ReelayConfig.Api.Access;

/** Who sees a request, for every access level and kind of owner. */
class OwnershipTest {

    @ParameterizedTest(name = "{0} ({1}) sees a request of {2}: {3}")
    @CsvSource(nullValues = "NONE", value = {
            // A key sees its own requests, whatever its access level.
            "acme, read, acme, true",
            "acme, write, acme, true",
            "acme, admin, acme, true",
            // Nobody else's, unless admin.
            "acme, read, globex, false",
            "acme, write, globex, false",
            "acme, admin, globex, true",
            // Published straight to Kafka (no owner): admin only.
            "acme, read, NONE, false",
            "acme, write, NONE, false",
            "acme, admin, NONE, true",
            // An empty owner is nobody's, never the key whose name is empty.
            "'', write, '', false",
            // Names are compared exactly.
            "acme, write, ACME, false",
            "acme, write, 'acme ', false"
    })
    void aKeySeesItsOwnRequestsAndAdminSeesAll(String name, Access access, String owner, boolean visible) {
        assertThat(Ownership.visible(new Caller(name, access, false), owner)).isEqualTo(visible);
    }

    @ParameterizedTest
    @CsvSource({ "read", "write", "admin" })
    void aForwardedCallerSeesWhatItWouldHaveSeenWhereItCalled(Access access) {
        Caller direct = new Caller("acme", access, false);
        Caller forwarded = new Caller("acme", access, true);
        for (String owner : new String[] { "acme", "globex", null }) {
            assertThat(Ownership.visible(forwarded, owner)).isEqualTo(Ownership.visible(direct, owner));
        }
    }

    @org.junit.jupiter.api.Test
    void noCallerSeesNothing() {
        assertThat(Ownership.visible(null, "acme")).isFalse();
        assertThat(Ownership.visible(null, null)).isFalse();
    }
}
