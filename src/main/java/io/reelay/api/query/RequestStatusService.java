package io.reelay.api.query;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

import org.apache.kafka.streams.state.HostInfo;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelay.api.RequestView;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where a request is, asked of any instance: read from this instance's stores when it owns the id,
 * else forwarded once to the owner. Store reads run on a worker thread (RocksDB is blocking I/O).
 */
@ApplicationScoped
public class RequestStatusService {

    private static final Logger LOG = Logger.getLogger(RequestStatusService.class);

    private final RequestStateQuery query;
    private final OwnerForwarder forwarder;
    private final ObjectMapper json;

    RequestStatusService(RequestStateQuery query, OwnerForwarder forwarder, ObjectMapper json) {
        this.query = query;
        this.forwarder = forwarder;
        this.json = json;
    }

    /**
     * @param credentials the caller's credential headers, passed on when forwarding
     * @param forwarded true when another instance is already asking on its caller's behalf (never forward again)
     */
    public Uni<StatusAnswer> status(String requestId, Map<String, String> credentials, boolean forwarded) {
        return Uni.createFrom().item(() -> query.find(requestId))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(lookup -> answer(requestId, lookup, credentials, forwarded));
    }

    private Uni<StatusAnswer> answer(String requestId, Lookup lookup, Map<String, String> credentials,
            boolean forwarded) {
        if (lookup instanceof Lookup.Found found) {
            return Uni.createFrom().item(new StatusAnswer.Known(found.view(), address(query.self())));
        }
        if (lookup instanceof Lookup.NotFound) {
            return Uni.createFrom().item(new StatusAnswer.Unknown());
        }
        if (lookup instanceof Lookup.Unavailable unavailable) {
            return Uni.createFrom().item(new StatusAnswer.Unavailable(unavailable.reason()));
        }
        HostInfo owner = ((Lookup.Elsewhere) lookup).owner();
        if (forwarded) {
            // The asker thought this instance owned the id: ownership is moving. Its next try will find the owner.
            return Uni.createFrom().item(new StatusAnswer.Unavailable("the request's partition is moving to " + address(owner)));
        }
        return forwarder.get(owner, path(requestId), credentials, query.self())
                .map(answer -> fromOwner(owner, answer))
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("Owner %s of request %s did not answer: %s", address(owner), requestId, e.getMessage());
                    return new StatusAnswer.Unavailable("the owner of this request, " + address(owner)
                            + ", did not answer: " + e.getMessage());
                });
    }

    private StatusAnswer fromOwner(HostInfo owner, OwnerForwarder.Answer answer) {
        switch (answer.status()) {
            case 200:
                try {
                    return new StatusAnswer.Known(json.readValue(answer.body(), RequestView.class), address(owner));
                } catch (java.io.IOException e) {
                    return new StatusAnswer.Unavailable("the owner's answer was unreadable: " + e.getMessage());
                }
            case 404:
                return new StatusAnswer.Unknown();
            default:
                return new StatusAnswer.Unavailable("the owner of this request, " + address(owner) + ", answered "
                        + answer.status());
        }
    }

    /** The request's path in the API, the id encoded as a path segment. */
    public static String path(String requestId) {
        try {
            return new URI(null, null, "/v1/requests/" + requestId, null).getRawPath();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("request id cannot be part of a path: " + requestId, e);
        }
    }

    static String address(HostInfo host) {
        return host.host() + ":" + host.port();
    }
}
