package io.reelay.upstream.config;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which upstream provider serves which model. */
@ConfigMapping(prefix = "reelay.routing")
public interface RoutingConfig {

    /** Provider for models without an entry in {@link #models()}. */
    @WithDefault("tokenlab")
    String defaultProvider();

    /** Per-model provider, e.g. {@code reelay.routing.models."veo-3.1"=hub}. */
    Map<String, String> models();
}
