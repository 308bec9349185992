package io.reelay.api.security;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.reelay.config.ReelayConfig;
import io.reelay.kafka.InternalKey;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * API keys on /v1/*: {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}. No key gives an
 * anonymous caller (401 where a role is needed); an unknown key fails (401); a key without the role the
 * endpoint needs gets 403. Quarkus has no API-key mechanism of its own, hence this one.
 * <p>
 * A call another instance forwards carries a {@link ForwardCredential} instead of a key: it is accepted only when
 * signed with the instances' shared key for this method and path, within reelay.api.query.forward-max-age.
 */
@ApplicationScoped
public class ApiKeyAuthMechanism implements HttpAuthenticationMechanism {

    public static final String API_KEY_HEADER = "X-API-Key";
    private static final String BEARER = "bearer ";

    private final boolean enabled;
    private final ForwardCredential forwards;
    private final Clock clock = Clock.systemUTC();

    ApiKeyAuthMechanism(ReelayConfig config, InternalKey internalKey) {
        this.enabled = config.api().auth().enabled();
        this.forwards = new ForwardCredential(internalKey, config.api().query().forwardMaxAge());
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        if (!context.normalizedPath().startsWith("/v1/")) {
            return Uni.createFrom().nullItem();
        }
        if (!enabled) {
            return Uni.createFrom().item(ApiKeyIdentityProvider.open());
        }
        if (ForwardCredential.claimed(context.request()::getHeader)) {
            Optional<Caller> caller = forwards.verify(context.request()::getHeader, context.request().method().name(),
                    context.request().path(), clock.instant());
            return caller.map(c -> Uni.createFrom().item(ApiKeyIdentityProvider.forwarded(c)))
                    .orElseGet(() -> Uni.createFrom().failure(
                            new AuthenticationFailedException("forwarded call without a valid credential")));
        }
        String key = presentedKey(context);
        if (key == null) {
            return Uni.createFrom().nullItem();
        }
        return identities.authenticate(new ApiKeyRequest(key));
    }

    static String presentedKey(RoutingContext context) {
        String header = context.request().getHeader(API_KEY_HEADER);
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        String authorization = context.request().getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String key = authorization.substring(BEARER.length()).trim();
            return key.isEmpty() ? null : key;
        }
        return null;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"reelay\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyRequest.class);
    }
}
