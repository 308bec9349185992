package io.reelay.upstream.discovery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.reelay.catalog.DiscoveredModel;
import io.reelay.catalog.Pricing;
import io.reelay.catalog.discovery.DiscoveredPricing;
import io.reelay.catalog.discovery.Discovery;
import io.reelay.catalog.discovery.HubModels;
import io.reelay.catalog.discovery.TokenLabModels;
import io.reelay.observability.telemetry.UpstreamTelemetry;
import io.reelay.observability.telemetry.UpstreamTelemetry.Endpoint;
import io.reelay.upstream.SameHostUrls;
import io.reelay.upstream.UpstreamHttp;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Reads the discovery endpoints of both gateways through the upstream HTTP stack (one deadline per call, no
 * redirects, bounded bodies): TokenLab's {@code GET /v1/models?category=video&view=full} (and
 * {@code GET /v1/models/{model}} for an entry the list gives compact), the hub's {@code GET /hub/v1/models} and
 * {@code GET /hub/v1/models/{model}} for each model's {@code input_schema}. TokenLab's discovery needs no key, so
 * none is sent; the hub's key goes only to the hub's configured base URL, like its other calls. A failed list call
 * fails the round for that gateway (the catalog keeps what it had); a failed detail call keeps the list's entry.
 *
 * <p>Prices ({@link DiscoveredPricing}): TokenLab's {@code GET /v1/pricing} first; a model that list lacks takes the
 * {@code pricing_summary} of its discovery entry when that one is complete, else its own
 * {@code GET /v1/models/{model}/pricing}; a model none of them prices keeps the shipped price. A pricing call that
 * fails prices nothing and fails nothing. The hub documents no pricing: a {@code pricing} object in its discovery
 * entries (as the simulator's carry, in TokenLab's names) is read the same way, else hub prices stay shipped.
 */
public final class DiscoveryClient {

    static final String TOKENLAB_MODELS = "/v1/models";
    static final String HUB_MODELS = "/hub/v1/models";
    static final String TOKENLAB_PRICING = "/v1/pricing";
    /** Detail calls one round makes at most per gateway (and per-model pricing calls, as many again). */
    static final int MAX_DETAILS = 200;
    /** Calls one round makes at most per gateway: the list, the details, the price list, per-model prices. */
    public static final int MAX_CALLS = 2 * MAX_DETAILS + 2;

    private final UpstreamHttp tokenLab;
    private final String tokenLabBase;
    private final UpstreamHttp hub;
    private final Optional<String> hubBase;
    private final Duration timeout;
    private final Clock clock;

    /**
     * @param hubKey the hub's key (sent to {@code hubBase} only); TokenLab's discovery is called without a key
     * @param hubBase the hub's base URL; empty: the hub is not read
     */
    public DiscoveryClient(WebClient client, String tokenLabBase, Optional<String> hubBase, Optional<String> hubKey,
            Duration timeout, UpstreamTelemetry telemetry) {
        this(client, tokenLabBase, hubBase, hubKey, timeout, telemetry, Clock.systemUTC());
    }

    /** @param clock dates the prices a round reads */
    public DiscoveryClient(WebClient client, String tokenLabBase, Optional<String> hubBase, Optional<String> hubKey,
            Duration timeout, UpstreamTelemetry telemetry, Clock clock) {
        this.clock = clock;
        this.tokenLab = new UpstreamHttp(client, Optional.empty(), TokenLabModels.PROVIDER, telemetry);
        this.hub = new UpstreamHttp(client, hubKey, HubModels.PROVIDER, telemetry);
        this.tokenLabBase = tokenLabBase;
        this.hubBase = hubBase.filter(b -> !b.isBlank());
        this.timeout = timeout;
    }

    /** Whether the hub has a base URL to read. */
    public boolean readsHub() {
        return hubBase.isPresent();
    }

    /** One round of TokenLab's discovery, prices included. */
    public Uni<Discovery> tokenLab() {
        Instant at = clock.instant();
        return get(tokenLab, SameHostUrls.append(tokenLabBase, TOKENLAB_MODELS) + "?category=video&view=full")
                .chain(answer -> details(priced(TokenLabModels.list(answer), DiscoveredPricing.inEntries(answer, at)),
                        answer, TokenLabModels::compact, e -> e.path("id").asText(null), tokenLab, tokenLabBase,
                        TOKENLAB_MODELS, e -> priced(TokenLabModels.model(e), e, at)))
                .chain(found -> tokenLabPrices(found, at));
    }

    /** One round of the hub's discovery; fails when the hub has no base URL. */
    public Uni<Discovery> hub() {
        if (hubBase.isEmpty()) {
            return Uni.createFrom().failure(new IllegalStateException("reelay.hub.base-url is not set"));
        }
        String base = hubBase.get();
        Instant at = clock.instant();
        return get(hub, SameHostUrls.append(base, HUB_MODELS))
                .chain(answer -> details(priced(HubModels.list(answer), DiscoveredPricing.inEntries(answer, at)),
                        answer, HubModels::needsDetail, HubModels::idOf, hub, base, HUB_MODELS,
                        e -> priced(HubModels.model(e), e, at)));
    }

    /** TokenLab's price list laid over what the entries said; a model it lacks and nothing priced asks for its own. */
    private Uni<Discovery> tokenLabPrices(Discovery found, Instant at) {
        return get(tokenLab, SameHostUrls.append(tokenLabBase, TOKENLAB_PRICING))
                .map(answer -> DiscoveredPricing.list(answer, at))
                .onFailure().recoverWithItem(Map.of())
                .chain(listed -> {
                    Discovery withList = priced(found, listed);
                    List<String> unpriced = withList.models().stream().filter(m -> m.pricing() == null)
                            .map(DiscoveredModel::id).limit(MAX_DETAILS).toList();
                    if (unpriced.isEmpty()) {
                        return Uni.createFrom().item(withList);
                    }
                    return Multi.createFrom().iterable(unpriced)
                            .onItem().transformToUniAndConcatenate(id -> get(tokenLab,
                                    SameHostUrls.append(tokenLabBase, TOKENLAB_MODELS) + "/"
                                            + UpstreamHttp.pathSegment(id) + "/pricing")
                                    .map(answer -> Optional.ofNullable(DiscoveredPricing.forModel(answer, id, at))
                                            .map(p -> Map.entry(id, p)))
                                    .onFailure().recoverWithItem(Optional.empty()))
                            .collect().asList()
                            .map(prices -> {
                                Map<String, Pricing> byId = new HashMap<>();
                                prices.forEach(p -> p.ifPresent(e -> byId.put(e.getKey(), e.getValue())));
                                return priced(withList, byId);
                            });
                });
    }

    /** The discovery with these prices on the models they name (others unchanged). */
    private static Discovery priced(Discovery d, Map<String, Pricing> prices) {
        if (prices.isEmpty()) {
            return d;
        }
        List<DiscoveredModel> models = d.models().stream()
                .map(m -> prices.containsKey(m.id()) ? m.withPricing(prices.get(m.id())) : m).toList();
        return new Discovery(d.provider(), models, d.seen(), d.skipped());
    }

    private static DiscoveredModel priced(DiscoveredModel model, JsonNode entry, Instant at) {
        return model == null ? null : model.withPricing(DiscoveredPricing.inEntry(entry, at));
    }

    /** The list's discovery with each entry that needs it replaced by its detail answer (when that one reads). */
    private Uni<Discovery> details(Discovery listed, JsonNode answer, java.util.function.Predicate<JsonNode> needsDetail,
            Function<JsonNode, String> idOf, UpstreamHttp http, String base, String path,
            Function<JsonNode, DiscoveredModel> read) {
        Set<String> wanted = new LinkedHashSet<>();
        JsonNode entries = answer.has("data") ? answer.get("data") : answer.get("models");
        if (entries != null && entries.isArray()) {
            for (JsonNode entry : entries) {
                String id = idOf.apply(entry);
                if (needsDetail.test(entry) && id != null && listed.seen().contains(id) && wanted.size() < MAX_DETAILS) {
                    wanted.add(id);
                }
            }
        }
        if (wanted.isEmpty()) {
            return Uni.createFrom().item(listed);
        }
        return Multi.createFrom().iterable(wanted)
                .onItem().transformToUniAndConcatenate(id -> get(http, SameHostUrls.append(base, path) + "/"
                        + UpstreamHttp.pathSegment(id))
                        .map(read)
                        .map(model -> model != null && model.id().equals(id) ? model : null)
                        .onFailure().recoverWithNull())
                .collect().asList()
                .map(found -> {
                    List<DiscoveredModel> models = new ArrayList<>(listed.models());
                    for (DiscoveredModel detail : found) {
                        if (detail != null) {
                            // A detail that names no price keeps the one its list entry named.
                            models.replaceAll(m -> !m.id().equals(detail.id()) ? m
                                    : detail.pricing() == null ? detail.withPricing(m.pricing()) : detail);
                        }
                    }
                    return new Discovery(listed.provider(), models, listed.seen(), listed.skipped());
                });
    }

    /** A GET whose 2xx answer is a JSON object; anything else fails the Uni. */
    private Uni<JsonNode> get(UpstreamHttp http, String url) {
        return http.call(Endpoint.DISCOVERY, timeout, false,
                        () -> new UpstreamHttp.Outgoing(http.client().getAbs(url), null))
                .map(response -> http.read(response, false, answer -> {
                    if (!answer.isSuccess()) {
                        throw http.noAnswer(answer.status(), "discovery answered HTTP " + answer.status(), false);
                    }
                    return http.jsonObject(answer, false);
                }));
    }

    public void close() {
        // The web client is shared with nothing else: closing either closes it.
        tokenLab.close();
    }
}
