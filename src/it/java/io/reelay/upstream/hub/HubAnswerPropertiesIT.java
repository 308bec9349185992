package io.reelay.upstream.hub;

import io.reelay.config.TestConfig;
import io.reelay.upstream.ProviderAnswerProperties;
import io.reelay.upstream.ProviderClient;
import java.time.Duration;

/** {@link ProviderAnswerProperties} for the hub's answers. */
class HubAnswerPropertiesIT extends ProviderAnswerProperties {

    private final HubProvider provider = new HubProvider(client, TestConfig.hub(BASE, KEY, Duration.ofSeconds(1)));

    @Override
    protected ProviderClient provider() {
        return provider;
    }
}
