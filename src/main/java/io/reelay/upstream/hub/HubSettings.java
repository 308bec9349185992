package io.reelay.upstream.hub;

import io.reelay.config.ReelayConfig;
import io.reelay.upstream.ProviderSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The values {@link HubProvider} needs, so it can be built without CDI. {@link #toString()} never
 * shows the key.
 *
 * @param baseUrl empty when the hub is not configured
 */
public record HubSettings(Optional<String> baseUrl, Optional<String> apiKey, Duration submitTimeout,
        Duration pollTimeout) {

    public HubSettings {
        // An empty environment variable means "not configured", like a blank key means "no key".
        baseUrl = baseUrl == null ? Optional.empty() : baseUrl.filter(u -> !u.isBlank())
                .map(u -> ProviderSettings.baseUrl(u, "reelay.hub.base-url"));
        apiKey = ProviderSettings.apiKey(apiKey);
        Objects.requireNonNull(submitTimeout, "submitTimeout");
        Objects.requireNonNull(pollTimeout, "pollTimeout");
    }

    public static HubSettings of(String baseUrl, String apiKey, Duration timeout) {
        return new HubSettings(Optional.ofNullable(baseUrl), Optional.ofNullable(apiKey), timeout, timeout);
    }

    public static HubSettings from(ReelayConfig.Hub config) {
        return new HubSettings(config.baseUrl(), config.apiKey(), config.submitTimeout(), config.pollTimeout());
    }

    @Override
    public String toString() {
        return "HubSettings[baseUrl=" + baseUrl.orElse("<not configured>") + ", apiKey="
                + ProviderSettings.describe(apiKey) + ", submitTimeout=" + submitTimeout
                + ", pollTimeout=" + pollTimeout + "]";
    }
}
