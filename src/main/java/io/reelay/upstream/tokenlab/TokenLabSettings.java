package io.reelay.upstream.tokenlab;

import io.reelay.config.ReelayConfig;
import io.reelay.upstream.ProviderSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The values {@link TokenLabProvider} needs, so it can be built without CDI. {@link #toString()}
 * never shows the key.
 */
public record TokenLabSettings(String baseUrl, Optional<String> apiKey, Duration submitTimeout, Duration pollTimeout) {

    public TokenLabSettings {
        baseUrl = ProviderSettings.baseUrl(baseUrl, "reelay.tokenlab.base-url");
        apiKey = ProviderSettings.apiKey(apiKey);
        Objects.requireNonNull(submitTimeout, "submitTimeout");
        Objects.requireNonNull(pollTimeout, "pollTimeout");
    }

    public static TokenLabSettings from(ReelayConfig.TokenLab config) {
        return new TokenLabSettings(config.baseUrl(), config.apiKey(), config.submitTimeout(), config.pollTimeout());
    }

    @Override
    public String toString() {
        return "TokenLabSettings[baseUrl=" + baseUrl + ", apiKey=" + ProviderSettings.describe(apiKey)
                + ", submitTimeout=" + submitTimeout + ", pollTimeout=" + pollTimeout + "]";
    }
}
