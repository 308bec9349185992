package io.reelay.upstream.hub;

import io.reelay.config.ReelayConfig;
import io.reelay.observability.telemetry.UpstreamTelemetry;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Wires {@link HubProvider} from {@link ReelayConfig#hub()} on Quarkus's Vert.x instance. */
@ApplicationScoped
public class HubProviderProducer {

    private static final Logger LOG = Logger.getLogger(HubProviderProducer.class);

    // Produced even without a base URL, so routing a model to "hub" fails per request with a clear
    // reason instead of the service refusing to start for a provider nobody uses.
    // Singleton, not a proxied scope: a client is a plain object with final methods and no no-args constructor.
    @Produces
    @Singleton
    HubProvider hub(Vertx vertx, ReelayConfig config, UpstreamTelemetry telemetry) {
        ReelayConfig.Upstream.Http http = config.upstream().http();
        WebClient client = WebClient.create(vertx, new WebClientOptions()
                .setMaxPoolSize(http.maxConnections())
                .setFollowRedirects(false)
                // The calls' spans are UpstreamTelemetry's, in the request's trace; Vert.x's would start new traces.
                .setTracingPolicy(TracingPolicy.IGNORE)
                .setUserAgent("reelay"));
        HubProvider hub = new HubProvider(client, config.hub(), telemetry);
        if (!hub.configured()) {
            LOG.info("reelay.hub.base-url is not set: requests routed to the hub fail with "
                    + HubProvider.NOT_CONFIGURED);
        }
        return hub;
    }

    void close(@Disposes HubProvider provider) {
        provider.close();
    }
}
