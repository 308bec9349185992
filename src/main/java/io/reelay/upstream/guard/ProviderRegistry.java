package io.reelay.upstream.guard;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.reelay.config.ReelayConfig;
import io.reelay.upstream.VideoProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

/**
 * The configured upstream providers, by name, each behind its circuit breaker (so it lives beside the guard, and the
 * provider contract in io.reelay.upstream knows nothing of it). Which provider serves a model is the catalog's (and
 * routing's) answer.
 */
@ApplicationScoped
public class ProviderRegistry {

    private final Map<String, VideoProvider> byName;

    ProviderRegistry(@Any Instance<VideoProvider> providers, ReelayConfig config) {
        ReelayConfig.Upstream.CircuitBreaker circuit = config.upstream().circuitBreaker();
        this.byName = providers.stream()
                .map(p -> (VideoProvider) new GuardedProvider(p, circuit))
                .collect(Collectors.toUnmodifiableMap(VideoProvider::name, Function.identity()));
    }

    /** The provider with this name, or null when none is configured. */
    public VideoProvider provider(String name) {
        return byName.get(name);
    }
}
