package io.reelay.upstream;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

/** The configured upstream providers, by name. Which provider serves a model is the catalog's (and routing's) answer. */
@ApplicationScoped
public class ProviderRegistry {

    private final Map<String, VideoProvider> byName;

    ProviderRegistry(@Any Instance<VideoProvider> providers) {
        this.byName = providers.stream().collect(Collectors.toUnmodifiableMap(VideoProvider::name, Function.identity()));
    }

    /** The provider with this name, or null when none is configured. */
    public VideoProvider provider(String name) {
        return byName.get(name);
    }
}
