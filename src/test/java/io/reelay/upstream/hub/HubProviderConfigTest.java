package io.reelay.upstream.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.reelay.config.ReelayConfig;
import io.reelay.config.TestConfig;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/** What the hub client makes of {@code reelay.hub.*}: the key never shown, blanks taken for unset, URLs checked. */
class HubProviderConfigTest {

    private static final Vertx VERTX = Vertx.vertx();
    private static final WebClient CLIENT = WebClient.create(VERTX);

    @AfterAll
    static void close() {
        CLIENT.close();
        VERTX.closeAndAwait();
    }

    private static HubProvider provider(String baseUrl, String key) {
        return new HubProvider(CLIENT, TestConfig.hub(baseUrl, key, Duration.ofSeconds(10)));
    }

    @Test
    void toStringNeverShowsTheKey() {
        assertThat(provider("https://hub.example", "hk-secret-1").toString())
                .doesNotContain("hk-secret-1").contains("apiKey=***").contains("https://hub.example");
        // The clients hold the group itself now: logging it must not show the key either.
        assertThat(TestConfig.hub("https://hub.example", "hk-secret-1", Duration.ofSeconds(10)).toString())
                .doesNotContain("hk-secret-1");
        assertThat(provider(null, null).toString()).contains("apiKey=<none>").contains("<not configured>");
    }

    @Test
    void blankKeyAndBlankBaseUrlMeanNone() {
        HubProvider blank = provider(" ", "  ");
        // As an empty environment variable may reach the client, should the mapping pass blanks through.
        HubProvider raw = new HubProvider(CLIENT, new Blank(TestConfig.defaults().hub()));

        for (HubProvider hub : new HubProvider[] { blank, raw }) {
            assertThat(hub.configured()).isFalse();
            assertThat(hub.toString()).contains("apiKey=<none>");
        }
    }

    @Test
    void baseUrlMustBeAnHttpUrlWithAHost() {
        assertThatThrownBy(() -> provider("hub.example", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reelay.hub.base-url");
        assertThatThrownBy(() -> provider("ftp://hub.example", null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(provider(" https://hub.example/ ", null).toString()).contains("baseUrl=https://hub.example/,");
    }

    /** The hub group with a blank base URL and key. */
    private record Blank(ReelayConfig.Hub defaults) implements ReelayConfig.Hub {

        @Override
        public Optional<String> baseUrl() {
            return Optional.of(" ");
        }

        @Override
        public Optional<String> apiKey() {
            return Optional.of("  ");
        }

        @Override
        public Duration submitTimeout() {
            return defaults.submitTimeout();
        }

        @Override
        public Duration pollTimeout() {
            return defaults.pollTimeout();
        }
    }
}
