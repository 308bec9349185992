package io.reelay.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.reelay.config.ReelayConfig;
import io.reelay.kafka.TenantNames;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Matches a presented key against the configured clients ({@code reelay.api.auth.clients.<name>}). Keys are
 * held only as SHA-256 digests and compared in constant time; neither keys nor digests are ever logged.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyRequest> {

    private static final Logger LOG = Logger.getLogger(ApiKeyIdentityProvider.class);

    private final boolean enabled;
    private final List<Client> clients;

    ApiKeyIdentityProvider(ReelayConfig config) {
        this.enabled = config.api().auth().enabled();
        this.clients = config.api().auth().clients().entrySet().stream()
                .filter(e -> e.getValue().key() != null && !e.getValue().key().isBlank())
                .map(e -> new Client(e.getKey(), digest(e.getValue().key()), roles(e.getValue().access())))
                .toList();
    }

    void announce(@Observes StartupEvent start) {
        // A client's name is the tenant of every request it posts: it must be one (docs/operations.md#tenants).
        List<String> unfit = clients.stream().map(Client::name).filter(name -> !TenantNames.valid(name)).toList();
        if (!unfit.isEmpty()) {
            throw new IllegalStateException("API client names are tenant names (" + TenantNames.rule()
                    + "); rename reelay.api.auth.clients." + unfit.get(0));
        }
        if (!enabled) {
            LOG.warn("The HTTP API /v1 needs no API key (reelay.api.auth.enabled=false): for development only");
        } else if (clients.isEmpty()) {
            LOG.warn("No API clients are configured (reelay.api.auth.clients.<name>.key): every /v1 call is refused");
        } else {
            LOG.infof("The HTTP API /v1 accepts the keys of %d client(s): %s", clients.size(),
                    clients.stream().map(Client::name).toList());
        }
    }

    @Override
    public Class<ApiKeyRequest> getRequestType() {
        return ApiKeyRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyRequest request, AuthenticationRequestContext context) {
        byte[] presented = digest(request.key());
        Client match = null;
        for (Client client : clients) {
            if (MessageDigest.isEqual(presented, client.digest())) {
                match = client;
            }
        }
        if (match == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("unknown API key"));
        }
        return Uni.createFrom().item(identity(match.name(), match.roles()));
    }

    /** The identity of every caller while authentication is off: it sees everything, as dev and demo expect. */
    static SecurityIdentity open() {
        return identity("anonymous", Caller.roles(ReelayConfig.Api.Access.admin));
    }

    /** The identity of a call another instance forwarded for {@code caller}. */
    static SecurityIdentity forwarded(Caller caller) {
        Set<String> roles = new java.util.HashSet<>(Caller.roles(caller.access()));
        roles.add(ApiRoles.FORWARDED);
        return identity(caller.name(), roles);
    }

    private static SecurityIdentity identity(String name, Set<String> roles) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(name)).addRoles(roles).build();
    }

    private static Set<String> roles(ReelayConfig.Api.Access access) {
        return Caller.roles(access);
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Client(String name, byte[] digest, Set<String> roles) {
    }
}
