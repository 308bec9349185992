package io.reelay.api.query;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelay.api.UsageView;
import io.reelay.api.mapping.UsageViewMapper;
import io.reelay.api.security.Caller;
import io.reelay.config.ReelayConfig;
import io.reelay.ledger.SpendLimits;
import io.reelay.lifecycle.query.Instance;
import io.reelay.lifecycle.query.UsageQuery;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A tenant's usage, asked of any instance: read from this instance's balances store when it owns the tenant's
 * partition of video.ledger, else forwarded once to the owner through {@link OwnerForwarder} (only to a member of
 * the group), as {@link RequestStatusService} does for requests. The caller's right to read the tenant is checked
 * before (by the resource) and again by the owner. Store reads run on a worker thread.
 */
@ApplicationScoped
public class UsageService {

    private final UsageQuery query;
    private final OwnerForwarder forwarder;
    private final ObjectMapper json;
    private final ReelayConfig config;
    private final Clock clock = Clock.systemUTC();

    UsageService(UsageQuery query, OwnerForwarder forwarder, ObjectMapper json, ReelayConfig config) {
        this.query = query;
        this.forwarder = forwarder;
        this.json = json;
        this.config = config;
    }

    /** What an instance answers about a tenant's usage. */
    public sealed interface Answer {
        record Usage(UsageView view, Instance servedBy) implements Answer {
        }

        record Unavailable(String reason) implements Answer {
        }
    }

    /** {@code tenant}'s usage (a tenant name, checked by the caller), asked on {@code caller}'s behalf. */
    public Uni<Answer> usage(String tenant, Caller caller) {
        return Uni.createFrom().item(() -> query.find(tenant, clock.instant()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(result -> {
                    if (result instanceof UsageQuery.Result.Found found) {
                        return Uni.createFrom().item((Answer) new Answer.Usage(
                                UsageViewMapper.view(found.usage(), SpendLimits.of(config, tenant)), found.servedBy()));
                    }
                    if (result instanceof UsageQuery.Result.Elsewhere elsewhere) {
                        return ask(elsewhere.owner(), tenant, caller);
                    }
                    return Uni.createFrom().item(new Answer.Unavailable(((UsageQuery.Result.Unavailable) result).reason()));
                });
    }

    private Uni<Answer> ask(Instance owner, String tenant, Caller caller) {
        return forwarder.<Answer>ask(owner, path(tenant), caller, query.self(), query::isMember, "tenant's balance",
                answer -> fromOwner(owner, answer), Answer.Unavailable::new);
    }

    Answer fromOwner(Instance owner, OwnerForwarder.Answer answer) {
        if (answer.status() != 200) {
            return new Answer.Unavailable("the owner of this tenant's balance, " + owner.address() + ", answered "
                    + answer.status());
        }
        try {
            return new Answer.Usage(json.readValue(answer.body(), UsageView.class), owner);
        } catch (java.io.IOException | IllegalArgumentException e) {
            return new Answer.Unavailable("the owner's answer was unreadable");
        }
    }

    /** The tenant's usage path in the API (a tenant name needs no encoding; encoded all the same). */
    public static String path(String tenant) {
        return "/v1/tenants/" + URLEncoder.encode(tenant, StandardCharsets.UTF_8).replace("+", "%20") + "/usage";
    }
}
