package io.reelay.upstream.tokenlab;

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

/** Wires {@link TokenLabProvider} from {@link ReelayConfig#tokenlab()} on Quarkus's Vert.x instance. */
@ApplicationScoped
public class TokenLabProviderProducer {

    // Singleton, not a proxied scope: a client is a plain object with final methods and no no-args constructor.
    @Produces
    @Singleton
    TokenLabProvider tokenLab(Vertx vertx, ReelayConfig config, UpstreamTelemetry telemetry) {
        ReelayConfig.Upstream.Http http = config.upstream().http();
        WebClient client = WebClient.create(vertx, new WebClientOptions()
                .setMaxPoolSize(http.maxConnections())
                .setFollowRedirects(false)
                // The calls' spans are UpstreamTelemetry's, in the request's trace; Vert.x's would start new traces.
                .setTracingPolicy(TracingPolicy.IGNORE)
                .setUserAgent("reelay"));
        return new TokenLabProvider(client, config.tokenlab(), telemetry);
    }

    void close(@Disposes TokenLabProvider provider) {
        provider.close();
    }
}
