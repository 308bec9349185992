package io.reelay.api.query;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelay.api.RequestView;
import io.reelay.api.mapping.RequestViewMapper;
import io.reelay.api.security.Caller;
import io.reelay.api.security.Ownership;
import io.reelay.lifecycle.query.Instance;
import io.reelay.lifecycle.query.QueryResult;
import io.reelay.lifecycle.query.RequestStatusQuery;
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

    /** Longest request id there can be (the intake refuses longer ones): a longer one is never looked up. */
    public static final int MAX_ID_LENGTH = 200;

    private final RequestStatusQuery query;
    private final OwnerForwarder forwarder;
    private final ObjectMapper json;

    RequestStatusService(RequestStatusQuery query, OwnerForwarder forwarder, ObjectMapper json) {
        this.query = query;
        this.forwarder = forwarder;
        this.json = json;
    }

    /**
     * The request as {@code caller} may see it: {@link QueryResult.Found}, {@link QueryResult.NotFound} (also when
     * it belongs to somebody else) or {@link QueryResult.Unavailable}, never {@link QueryResult.Elsewhere}. A caller
     * another instance forwarded is answered from here, never forwarded again.
     */
    public Uni<QueryResult> status(String requestId, Caller caller) {
        if (requestId == null || requestId.isEmpty() || requestId.length() > MAX_ID_LENGTH) {
            return Uni.createFrom().item(new QueryResult.NotFound());
        }
        return Uni.createFrom().item(() -> query.find(requestId))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(result -> result instanceof QueryResult.Elsewhere elsewhere
                        ? ask(elsewhere.owner(), requestId, caller)
                        : Uni.createFrom().item(result))
                .map(result -> visibleTo(caller, result));
    }

    /** The ownership rule applied to an answer: somebody else's request looks exactly like an unknown one. */
    static QueryResult visibleTo(Caller caller, QueryResult result) {
        return result.shownOnlyIf(status -> Ownership.visible(caller, status.owner()));
    }

    private Uni<QueryResult> ask(Instance owner, String requestId, Caller caller) {
        return forwarder.<QueryResult>ask(owner, path(requestId), caller, query.self(), query::isMember, "request",
                answer -> fromOwner(owner, answer), QueryResult.Unavailable::new);
    }

    /** The owner's HTTP answer as a result: its 200 is the request as the owner read it, its 404 an unknown one. */
    QueryResult fromOwner(Instance owner, OwnerForwarder.Answer answer) {
        switch (answer.status()) {
            case 200:
                try {
                    RequestView view = json.readValue(answer.body(), RequestView.class);
                    return new QueryResult.Found(RequestViewMapper.status(view), owner);
                } catch (java.io.IOException | IllegalArgumentException e) {
                    return new QueryResult.Unavailable("the owner's answer was unreadable");
                }
            case 404:
                return new QueryResult.NotFound();
            default:
                return new QueryResult.Unavailable("the owner of this request, " + owner.address() + ", answered "
                        + answer.status());
        }
    }

    /** The request's path in the API, the id percent-encoded as one path segment (whatever it contains). */
    public static String path(String requestId) {
        return "/v1/requests/" + URLEncoder.encode(requestId, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
