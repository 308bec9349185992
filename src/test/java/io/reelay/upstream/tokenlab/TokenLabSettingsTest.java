package io.reelay.upstream.tokenlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenLabSettingsTest {

    private static TokenLabSettings settings(String baseUrl, String key) {
        return new TokenLabSettings(baseUrl, Optional.ofNullable(key), Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    @Test
    void toStringNeverShowsTheKey() {
        assertThat(settings("https://api.tokenlab.sh", "sk-secret-1").toString())
                .doesNotContain("sk-secret-1").contains("apiKey=***");
    }

    @Test
    void blankKeyMeansNoKey() {
        assertThat(settings("https://api.tokenlab.sh", "  ").apiKey()).isEmpty();
    }

    @Test
    void baseUrlMustBeAnHttpUrlWithAHost() {
        assertThatThrownBy(() -> settings("api.tokenlab.sh", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reelay.tokenlab.base-url");
        assertThatThrownBy(() -> settings("ftp://api.tokenlab.sh", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
