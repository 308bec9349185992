package io.reelay.upstream.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The HTTP client each provider uses. */
@ConfigMapping(prefix = "reelay.upstream.http")
public interface UpstreamHttpConfig {

    /**
     * Connections kept open to each upstream. Vert.x's default (5) queues calls behind a few slow or
     * hung ones until they time out: it must cover the submits and polls in flight at once.
     */
    @WithDefault("128")
    int maxConnections();
}
