package io.reelay.upstream.tokenlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.reelay.config.TestConfig;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/** What the TokenLab client makes of {@code reelay.tokenlab.*}: the key never shown, a blank key none, URLs checked. */
class TokenLabProviderConfigTest {

    private static final Vertx VERTX = Vertx.vertx();
    private static final WebClient CLIENT = WebClient.create(VERTX);

    @AfterAll
    static void close() {
        CLIENT.close();
        VERTX.closeAndAwait();
    }

    private static TokenLabProvider provider(String baseUrl, String key) {
        return new TokenLabProvider(CLIENT, TestConfig.tokenlab(baseUrl, key, Duration.ofSeconds(10)));
    }

    @Test
    void toStringNeverShowsTheKey() {
        assertThat(provider("https://api.tokenlab.sh", "sk-secret-1").toString())
                .doesNotContain("sk-secret-1").contains("apiKey=***");
        // The clients hold the group itself now: logging it must not show the key either.
        assertThat(TestConfig.tokenlab("https://api.tokenlab.sh", "sk-secret-1", Duration.ofSeconds(10)).toString())
                .doesNotContain("sk-secret-1");
    }

    @Test
    void blankKeyMeansNoKey() {
        assertThat(provider("https://api.tokenlab.sh", "  ").toString()).contains("apiKey=<none>");
    }

    @Test
    void baseUrlMustBeAnHttpUrlWithAHost() {
        assertThatThrownBy(() -> provider("api.tokenlab.sh", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reelay.tokenlab.base-url");
        assertThatThrownBy(() -> provider("ftp://api.tokenlab.sh", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
