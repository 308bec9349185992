package io.reelay.upstream.tokenlab;

import io.reelay.upstream.ProviderAnswerProperties;
import io.reelay.upstream.ProviderClient;
import java.time.Duration;
import java.util.Optional;

/** {@link ProviderAnswerProperties} for TokenLab's answers. */
class TokenLabAnswerPropertiesIT extends ProviderAnswerProperties {

    private final TokenLabProvider provider = new TokenLabProvider(client,
            new TokenLabSettings(BASE, Optional.of(KEY), Duration.ofSeconds(1), Duration.ofSeconds(1)));

    @Override
    protected ProviderClient provider() {
        return provider;
    }
}
