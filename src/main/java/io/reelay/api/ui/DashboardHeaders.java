package io.reelay.api.ui;

import java.net.URI;
import java.util.Optional;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.reelay.config.ReelayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The dashboard's pages (static files under {@code /ui}) go out with a Content-Security-Policy that allows only its
 * own script and style (no inline script, no other origin), calls to this service alone, and videos from this
 * service, https URLs and the object storage endpoint (the stored copies' read URLs). What a request carries is shown
 * as text by the page itself; the policy is the second line should that ever fail.
 */
@ApplicationScoped
public class DashboardHeaders {

    static final String PATH = "/ui";

    private final String policy;

    DashboardHeaders(ReelayConfig config) {
        this.policy = policy(config.storage().enabled() ? config.storage().endpoint() : Optional.empty());
    }

    /** The policy, with the storage endpoint's origin as a media source when it is plain http (https is allowed). */
    static String policy(Optional<URI> storage) {
        String media = "'self' https:";
        if (storage.isPresent() && "http".equalsIgnoreCase(storage.get().getScheme())
                && storage.get().getHost() != null) {
            URI s = storage.get();
            media += " http://" + s.getHost() + (s.getPort() > 0 ? ":" + s.getPort() : "");
        }
        return "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
                + "media-src " + media + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            String path = context.normalizedPath();
            if (path.equals(PATH)) {
                context.response().setStatusCode(302).putHeader("Location", PATH + "/").end();
                return;
            }
            if (path.startsWith(PATH + "/")) {
                context.response()
                        .putHeader("Content-Security-Policy", policy)
                        .putHeader("X-Content-Type-Options", "nosniff")
                        .putHeader("Referrer-Policy", "no-referrer")
                        .putHeader("X-Frame-Options", "DENY")
                        .putHeader("Cache-Control", "no-cache");
            }
            context.next();
        }, 100);
    }
}
