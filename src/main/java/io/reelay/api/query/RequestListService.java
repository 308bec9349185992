package io.reelay.api.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelay.api.RequestSummaryView;
import io.reelay.api.mapping.SummaryMapper;
import io.reelay.api.security.Caller;
import io.reelay.api.security.Ownership;
import io.reelay.lifecycle.query.Instance;
import io.reelay.lifecycle.query.ListCursor;
import io.reelay.lifecycle.query.ListFilter;
import io.reelay.lifecycle.query.LocalPage;
import io.reelay.lifecycle.query.Newest;
import io.reelay.lifecycle.query.RequestListQuery;
import io.reelay.lifecycle.query.RequestSummary;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The newest requests of every instance's partitions: this instance's stores read here, the other members' asked
 * once each over the same API (the {@link OwnerForwarder}, on the caller's behalf), the pages merged newest first.
 * Each instance applies the filter and the ownership rule to its own stores, so a caller sees only what it could read
 * one by one. An instance that does not answer, or a store that is moving, makes the answer partial, never an error.
 */
@ApplicationScoped
public class RequestListService {

    private static final Logger LOG = Logger.getLogger(RequestListService.class);
    public static final String PATH = "/v1/requests";

    private final RequestListQuery query;
    private final OwnerForwarder forwarder;
    private final ObjectMapper json;

    RequestListService(RequestListQuery query, OwnerForwarder forwarder, ObjectMapper json) {
        this.query = query;
        this.forwarder = forwarder;
        this.json = json;
    }

    /** A page of the list as JSON shows it. */
    @JsonPropertyOrder({ "object", "data", "partial", "next_after" })
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Page(String object, List<RequestSummaryView> data, boolean partial,
            @JsonProperty("next_after") String nextAfter) {
    }

    /** The page {@code caller} may see (parameters already checked). A forwarded caller gets this instance's alone. */
    public Uni<Page> list(ListParameters parameters, Caller caller) {
        ListFilter filter = new ListFilter(parameters.states(), parameters.tenant(), parameters.model(),
                owner -> Ownership.visible(caller, owner), parameters.after(), parameters.limit());
        Uni<LocalPage> local = Uni.createFrom().item(() -> query.local(filter))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        if (caller.forwarded()) {
            return local.map(page -> page(List.of(page), parameters.limit()));
        }
        List<Uni<LocalPage>> pages = new ArrayList<>();
        pages.add(local);
        Uni<List<Instance>> others = Uni.createFrom().item(query::others)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return others.flatMap(instances -> {
            for (Instance other : instances) {
                pages.add(ask(other, parameters, caller));
            }
            return Uni.join().all(pages).andFailFast();
        }).map(all -> page(all, parameters.limit()));
    }

    private Uni<LocalPage> ask(Instance other, ListParameters parameters, Caller caller) {
        if (!other.reachable()) {
            return Uni.createFrom().item(new LocalPage(List.of(), true));
        }
        return forwarder.get(other, PATH, parameters.queryString(), caller, query.self())
                .map(answer -> fromOther(other, answer))
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("Instance %s did not list its requests: %s", other.address(), e.getMessage());
                    return new LocalPage(List.of(), true);
                });
    }

    /** Another instance's page: its 200 read back; anything else, or an unreadable body, a gap in the list. */
    LocalPage fromOther(Instance other, OwnerForwarder.Answer answer) {
        if (answer.status() != 200) {
            LOG.debugf("Instance %s answered %d to a list", other.address(), answer.status());
            return new LocalPage(List.of(), true);
        }
        try {
            Page page = json.readValue(answer.body(), Page.class);
            List<RequestSummary> rows = new ArrayList<>();
            for (RequestSummaryView view : page.data() == null ? List.<RequestSummaryView>of() : page.data()) {
                rows.add(SummaryMapper.summary(view));
            }
            return new LocalPage(rows, page.partial());
        } catch (java.io.IOException | RuntimeException e) {
            return new LocalPage(List.of(), true);
        }
    }

    /** The pages merged: one row a request (a request seen twice while it moves keeps its later state), newest first. */
    static Page page(List<LocalPage> pages, int limit) {
        Map<String, RequestSummary> byId = new HashMap<>();
        boolean partial = false;
        for (LocalPage page : pages) {
            partial |= page.partial();
            for (RequestSummary row : page.rows()) {
                byId.merge(row.requestId(), row, (a, b) -> b.state() != null && b.state().terminal() ? b : a);
            }
        }
        Newest newest = new Newest(limit);
        byId.values().forEach(newest::offer);
        List<RequestSummary> rows = newest.newestFirst();
        String next = rows.size() == limit ? ListCursor.after(rows.get(rows.size() - 1)).format() : null;
        return new Page("list", rows.stream().map(SummaryMapper::view).toList(), partial, next);
    }
}
