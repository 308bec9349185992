package io.reelay.api.query;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.streams.state.HostInfo;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelay.api.RequestView;
import io.reelay.api.security.Caller;
import io.reelay.api.security.Ownership;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where a request is, asked of any instance: read from this instance's stores when it owns the id, else forwarded
 * once to the owner (only to a member of the group). A request the caller may not see is answered exactly as an
 * unknown one. Store reads run on a worker thread (RocksDB is blocking I/O).
 */
@ApplicationScoped
public class RequestStatusService {

    private static final Logger LOG = Logger.getLogger(RequestStatusService.class);
    /** Longest request id there can be (the intake refuses longer ones): a longer one is never looked up. */
    public static final int MAX_ID_LENGTH = 200;

    private final RequestStateQuery query;
    private final OwnerForwarder forwarder;
    private final ObjectMapper json;

    RequestStatusService(RequestStateQuery query, OwnerForwarder forwarder, ObjectMapper json) {
        this.query = query;
        this.forwarder = forwarder;
        this.json = json;
    }

    /**
     * The request as {@code caller} may see it: {@link StatusAnswer.Unknown} when it does not exist or belongs to
     * somebody else. A caller another instance forwarded is answered from here, never forwarded again.
     */
    public Uni<StatusAnswer> status(String requestId, Caller caller) {
        if (requestId == null || requestId.isEmpty() || requestId.length() > MAX_ID_LENGTH) {
            return Uni.createFrom().item(new StatusAnswer.Unknown());
        }
        return Uni.createFrom().item(() -> query.find(requestId))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(lookup -> answer(requestId, lookup, caller))
                .map(answer -> visibleTo(caller, answer));
    }

    /** The ownership rule applied to an answer: somebody else's request looks exactly like an unknown one. */
    static StatusAnswer visibleTo(Caller caller, StatusAnswer answer) {
        if (answer instanceof StatusAnswer.Known known && !Ownership.visible(caller, known.view().owner())) {
            return new StatusAnswer.Unknown();
        }
        return answer;
    }

    private Uni<StatusAnswer> answer(String requestId, Lookup lookup, Caller caller) {
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
        if (caller.forwarded()) {
            // The asker thought this instance owned the id: ownership is moving. Its next try will find the owner.
            return Uni.createFrom().item(new StatusAnswer.Unavailable("the request's partition is moving to " + address(owner)));
        }
        return Uni.createFrom().item(() -> query.isGroupMember(owner))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(member -> {
                    if (!member) {
                        LOG.warnf("Not forwarding to %s: not an application server of this group", address(owner));
                        return Uni.createFrom().item(new StatusAnswer.Unavailable("the owner of this request is not "
                                + "a known member of the group (rebalancing)"));
                    }
                    return forwarder.get(owner, path(requestId), caller, query.self())
                            .map(answer -> fromOwner(owner, answer))
                            .onFailure().recoverWithItem(e -> {
                                LOG.debugf("Owner %s of a request did not answer: %s", address(owner), e.getMessage());
                                return new StatusAnswer.Unavailable("the owner of this request, " + address(owner)
                                        + ", did not answer");
                            });
                });
    }

    private StatusAnswer fromOwner(HostInfo owner, OwnerForwarder.Answer answer) {
        switch (answer.status()) {
            case 200:
                try {
                    return new StatusAnswer.Known(json.readValue(answer.body(), RequestView.class), address(owner));
                } catch (java.io.IOException e) {
                    return new StatusAnswer.Unavailable("the owner's answer was unreadable");
                }
            case 404:
                return new StatusAnswer.Unknown();
            default:
                return new StatusAnswer.Unavailable("the owner of this request, " + address(owner) + ", answered "
                        + answer.status());
        }
    }

    /** The request's path in the API, the id percent-encoded as one path segment (whatever it contains). */
    public static String path(String requestId) {
        return "/v1/requests/" + URLEncoder.encode(requestId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String address(HostInfo host) {
        return host.host() + ":" + host.port();
    }
}
