package io.reelay.api.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.reelay.config.TestConfig;

/** A client's name is the tenant of what it posts, so a name that is no tenant name stops the service at start-up. */
class ApiClientNamesTest {

    @Test
    void clientsNamedAsTenantsStart() {
        var provider = new ApiKeyIdentityProvider(TestConfig.defaults()
                .with("reelay.api.auth.clients.acme.key", "k1")
                .with("reelay.api.auth.clients.team-b.key", "k2").build());

        assertThatCode(() -> provider.announce(null)).doesNotThrowAnyException();
    }

    @Test
    void aClientNameThatIsNoTenantNameStopsTheStart() {
        var provider = new ApiKeyIdentityProvider(TestConfig.defaults()
                .with("reelay.api.auth.clients.\"Acme Corp\".key", "k1").build());

        assertThatThrownBy(() -> provider.announce(null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tenant").hasMessageContaining("Acme Corp");
    }
}
