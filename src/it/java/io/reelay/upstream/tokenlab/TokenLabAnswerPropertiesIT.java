package io.reelay.upstream.tokenlab;

import io.reelay.config.TestConfig;
import io.reelay.upstream.ProviderAnswerProperties;
import io.reelay.upstream.ProviderClient;
import java.time.Duration;

/** {@link ProviderAnswerProperties} for TokenLab's answers. */
class TokenLabAnswerPropertiesIT extends ProviderAnswerProperties {

    private final TokenLabProvider provider = new TokenLabProvider(client,
            TestConfig.tokenlab(BASE, KEY, Duration.ofSeconds(1)));

    @Override
    protected ProviderClient provider() {
        return provider;
    }
}
