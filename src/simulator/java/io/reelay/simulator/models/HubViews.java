package io.reelay.simulator.models;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The hub's discovery shapes. The hub documents the endpoints and {@code input_schema} only; the list envelope,
 * the other fields and their names are the simulator's choice ({@code lifecycle} and the pricing fields in
 * TokenLab's names, so one reader serves both).
 */
public final class HubViews {

    private HubViews() {
    }

    /** An entry of {@code GET /hub/v1/models}. */
    public static JsonObject entry(HubModel m, Instant now) {
        return new JsonObject()
                .put("id", m.id())
                .put("name", m.name())
                .put("vendor", m.vendor())
                .put("capability", "video")
                .put("category", m.category())
                .put("description", m.description())
                .put("status", m.lifecycle().stage(now))
                .put("lifecycle", TokenLabViews.lifecycle(m.lifecycle(), now));
    }

    /** {@code GET /hub/v1/models/{model}}. */
    public static JsonObject detail(HubModel m, Instant now) {
        return entry(m, now)
                .put("input_schema", JsonObject.mapFrom(m.inputSchema()))
                .put("pricing", pricing(m));
    }

    private static JsonObject pricing(HubModel m) {
        Price p = m.price();
        JsonObject json = TokenLabViews.pricingSummary(p).put("charged_on", "completed");
        if (p.complex()) {
            JsonArray byResolution = new JsonArray();
            p.byResolution().forEach((r, usd) -> byResolution.add(new JsonObject().put("resolution", r)
                    .put(TokenLabViews.priceField(p), usd)));
            json.put("resolution_prices", byResolution);
        }
        return json.put("simulated", true);
    }
}
