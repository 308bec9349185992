package io.reelay.upstream;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.reelay.upstream.config.RoutingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

/** The configured upstream providers, by name, and the route from a model to its provider. */
@ApplicationScoped
public class ProviderRegistry {

    private final Map<String, VideoProvider> byName;
    private final RoutingConfig routing;

    ProviderRegistry(@Any Instance<VideoProvider> providers, RoutingConfig routing) {
        this.byName = providers.stream().collect(Collectors.toUnmodifiableMap(VideoProvider::name, Function.identity()));
        this.routing = routing;
    }

    /** The provider with this name, or null when none is configured. */
    public VideoProvider provider(String name) {
        return byName.get(name);
    }

    /** The provider that serves a model, when one is configured. */
    public Optional<VideoProvider> providerFor(String model) {
        return Optional.ofNullable(byName.get(routing.models().getOrDefault(model, routing.defaultProvider())));
    }
}
