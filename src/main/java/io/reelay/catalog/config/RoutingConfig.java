package io.reelay.catalog.config;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Which upstream provider serves a model id that several providers serve: the catalog resolves a bare id with it,
 * and so routes the requests that name it.
 */
@ConfigMapping(prefix = "reelay.routing")
public interface RoutingConfig {

    /** Provider for a model id that several providers serve (e.g. seedance-2.0) and {@link #models()} does not name. */
    @WithDefault("tokenlab")
    String defaultProvider();

    /** Per-model provider for ids several providers serve, e.g. {@code reelay.routing.models."seedance-2.0"=hub}. */
    Map<String, String> models();
}
