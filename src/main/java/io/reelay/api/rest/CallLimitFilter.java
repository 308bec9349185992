package io.reelay.api.rest;

import java.time.Duration;
import java.util.Optional;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.reelay.api.limit.ClientLimits;
import io.reelay.api.security.ApiRoles;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

/**
 * Each API key's calls a minute, counted before the call does anything: the call beyond the key's budget is
 * answered 429 with Retry-After. Calls without a key are left to the security check (401); calls another instance
 * forwarded were counted where the caller made them.
 */
public class CallLimitFilter {

    private final CurrentIdentityAssociation identities;
    private final ClientLimits limits;

    CallLimitFilter(CurrentIdentityAssociation identities, ClientLimits limits) {
        this.identities = identities;
        this.limits = limits;
    }

    @ServerRequestFilter
    public Uni<Response> limit(ContainerRequestContext request) {
        if (!RequestPaths.api("/" + request.getUriInfo().getPath().replaceFirst("^/", ""))) {
            return Uni.createFrom().nullItem();
        }
        // A key that matches no client fails here, and answers 401 as it would have without this filter.
        return identities.getDeferredIdentity().map(this::spend);
    }

    private Response spend(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || identity.hasRole(ApiRoles.FORWARDED)) {
            return null;
        }
        Optional<Duration> wait = limits.spendCall(identity.getPrincipal().getName());
        return wait.map(retryAfter -> ApiProblem.tooMany("this API key's calls a minute are spent; retry after "
                + ApiProblem.seconds(retryAfter) + " s", "rate_limited", retryAfter)).orElse(null);
    }
}
