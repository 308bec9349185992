package io.reelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.reelay.config.ReelayConfig;
import io.reelay.config.TestConfig;

class CallbackHostsTest {

    @Test
    void exactNamesAndWildcardsUnderADomain() {
        List<String> hosts = List.of("hooks.acme.com", "*.partner.io");
        assertThat(CallbackHosts.allows(hosts, "https://hooks.acme.com/x")).isTrue();
        assertThat(CallbackHosts.allows(hosts, "https://HOOKS.ACME.COM./x")).isTrue();
        assertThat(CallbackHosts.allows(hosts, "https://a.b.partner.io/x")).isTrue();
        assertThat(CallbackHosts.allows(hosts, "https://partner.io/x")).isFalse();
        assertThat(CallbackHosts.allows(hosts, "https://evilpartner.io/x")).isFalse();
        assertThat(CallbackHosts.allows(hosts, "https://hooks.acme.com.evil.net/x")).isFalse();
        assertThat(CallbackHosts.allows(hosts, "not a url")).isFalse();
        assertThat(CallbackHosts.allows(List.of("", "*."), "https://x.com/")).isFalse();
    }

    @Test
    void aClientWithoutCallbackHostsMayNotUseCallbacksRequestsWithoutOwnerFollowTheGlobalList() {
        ReelayConfig config = TestConfig.defaults()
                .with("reelay.api.auth.clients.acme.key", "k1")
                .with("reelay.api.auth.clients.acme.callback-hosts", "hooks.acme.com")
                .with("reelay.api.auth.clients.other.key", "k2")
                .build();
        Map<String, ReelayConfig.Api.Client> clients = config.api().auth().clients();
        String url = "https://hooks.acme.com/reelay";
        assertThat(CallbackHosts.permitted(clients, Optional.empty(), "acme", url)).isTrue();
        assertThat(CallbackHosts.permitted(clients, Optional.empty(), "acme", "https://elsewhere.com/")).isFalse();
        assertThat(CallbackHosts.permitted(clients, Optional.empty(), "other", url)).isFalse();
        assertThat(CallbackHosts.permitted(clients, Optional.empty(), null, url)).isTrue();
        assertThat(CallbackHosts.permitted(clients, Optional.of(List.of("x.com")), null, url)).isFalse();
    }
}
