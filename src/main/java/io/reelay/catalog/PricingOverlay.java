package io.reelay.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays the prices discovery states over a catalog (the shipped one, already overlaid by {@link CatalogOverlay}), model
 * by model (provider and id):
 * <ul>
 * <li>a discovered price replaces the entry's amounts whole (per request, per second, by resolution; the shipped
 *     audio surcharge too: a gateway's price is the whole price), so units are never mixed; it says
 *     {@code source: discovery} and when it was read;
 * <li>the shipped {@code default_seconds} and {@code default_audio} stay: they are Reelay's assumptions about a
 *     request that names no length or audio, which no price list states;
 * <li>a model discovery prices nothing for keeps its shipped price (or none); a discovered price that breaks a catalog
 *     rule (negative, too fine, too large) is not used, and the entry keeps what it had.
 * </ul>
 * Pure: the same inputs give the same catalog on every instance.
 */
public final class PricingOverlay {

    private PricingOverlay() {
    }

    public static ModelCatalog overlay(ModelCatalog catalog, Collection<DiscoveredModel> discovered) {
        Map<String, Pricing> prices = new HashMap<>();
        for (DiscoveredModel d : discovered) {
            if (d != null && d.pricing() != null && d.provider() != null && d.id() != null) {
                prices.put(d.key(), d.pricing());
            }
        }
        if (prices.isEmpty()) {
            return catalog;
        }
        List<ModelSpec> models = new ArrayList<>();
        boolean changed = false;
        for (ModelSpec model : catalog.all()) {
            Pricing found = prices.get(DiscoveredModel.key(model.provider(), model.id()));
            ModelSpec priced = found == null ? model : usable(model.withPricing(merge(model.pricing(), found)));
            changed |= priced != null && priced != model;
            models.add(priced == null ? model : priced);
        }
        return changed ? catalog.withModels(models) : catalog;
    }

    /** The discovered amounts, with the shipped assumptions about length and audio. */
    static Pricing merge(Pricing shipped, Pricing discovered) {
        return new Pricing(discovered.perRequestUsd(), discovered.perRequestUsdByResolution(),
                discovered.perSecondUsd(), discovered.perSecondUsdByResolution(), discovered.audioPerSecondUsd(),
                shipped == null ? null : shipped.defaultSeconds(), shipped == null ? null : shipped.defaultAudio(),
                Pricing.Source.DISCOVERY, discovered.asOf());
    }

    private static ModelSpec usable(ModelSpec model) {
        try {
            CatalogValidator.check(List.of(model));
            return model;
        } catch (RuntimeException e) { // NOPMD: a price that breaks a rule is not used, whatever the rule
            return null;
        }
    }
}
