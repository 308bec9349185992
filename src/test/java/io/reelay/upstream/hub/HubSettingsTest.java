package io.reelay.upstream.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HubSettingsTest {

    private static HubSettings settings(String baseUrl, String key) {
        return HubSettings.of(baseUrl, key, Duration.ofSeconds(10));
    }

    @Test
    void toStringNeverShowsTheKey() {
        assertThat(settings("https://hub.example", "hk-secret-1").toString())
                .doesNotContain("hk-secret-1").contains("apiKey=***").contains("https://hub.example");
        assertThat(settings(null, null).toString()).contains("apiKey=<none>").contains("<not configured>");
    }

    @Test
    void blankKeyAndBlankBaseUrlMeanNone() {
        assertThat(settings(" ", "  ").apiKey()).isEmpty();
        assertThat(settings(" ", null).baseUrl()).isEmpty();
    }

    @Test
    void baseUrlMustBeAnHttpUrlWithAHost() {
        assertThatThrownBy(() -> settings("hub.example", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reelay.hub.base-url");
        assertThatThrownBy(() -> settings("ftp://hub.example", null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(settings(" https://hub.example/ ", null).baseUrl()).contains("https://hub.example/");
    }
}
