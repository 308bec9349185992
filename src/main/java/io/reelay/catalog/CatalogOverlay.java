package io.reelay.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays what discovery says over the shipped catalog. Per model (provider and id):
 * <ul>
 * <li>a fact discovery states replaces the shipped one: operations, name, description, listed, each reference limit,
 *     each parameter-table row (by name), one_of, and each part of the lifecycle, the service limits and the format
 *     (so discovery narrows or sets a TokenLab model's durations, resolutions and aspect ratios, which intake
 *     enforces; a list it gives empty, or with nothing readable, keeps the shipped one);
 * <li>a fact it does not state keeps its shipped value: discovery never erases a rule it does not state (the
 *     shipped vendor, pass-through parameters and table rows discovery leaves out stay);
 * <li>a model the shipped file lacks joins with the rules discovery states, if they make a usable entry (an
 *     operation at least); a model without a parameter table takes the provider's request-level pass-through set
 *     ({@code <provider>-request} in the file's {@code parameter_sets}), as every shipped model of that provider does;
 * <li>an entry whose overlay breaks a catalog rule keeps its shipped form (and is counted): the result is always a
 *     valid catalog.
 * </ul>
 * Pure: the same inputs give the same catalog on every instance.
 */
public final class CatalogOverlay {

    /** The merged catalog, and how many discovered entries could not be used. */
    public record Result(ModelCatalog catalog, int rejected) {
    }

    private CatalogOverlay() {
    }

    public static Result overlay(ModelCatalog shipped, Collection<DiscoveredModel> discovered) {
        Map<String, DiscoveredModel> byKey = new LinkedHashMap<>();
        int rejected = 0;
        for (DiscoveredModel d : discovered) {
            if (d == null || isBlank(d.provider()) || isBlank(d.id())) {
                rejected++;
            } else {
                byKey.put(d.key(), d);
            }
        }
        List<ModelSpec> models = new ArrayList<>();
        for (ModelSpec base : shipped.all()) {
            DiscoveredModel d = byKey.remove(DiscoveredModel.key(base.provider(), base.id()));
            ModelSpec merged = d == null ? base : usable(merge(base, d));
            if (merged == null) {
                rejected++;
                merged = base;
            }
            models.add(merged);
        }
        List<DiscoveredModel> added = new ArrayList<>(byKey.values());
        added.sort(Comparator.comparing(DiscoveredModel::provider).thenComparing(DiscoveredModel::id));
        for (DiscoveredModel d : added) {
            ModelSpec fresh = usable(fresh(d, shipped.parameterSet(d.provider() + "-request")));
            if (fresh == null) {
                rejected++;
            } else {
                models.add(fresh);
            }
        }
        return new Result(shipped.withModels(models), rejected);
    }

    static ModelSpec merge(ModelSpec base, DiscoveredModel d) {
        return new ModelSpec(base.id(), base.provider(), base.vendor(),
                d.name() != null ? d.name() : base.name(),
                d.description() != null ? d.description() : base.description(),
                d.listed() != null ? d.listed() : base.listed(),
                d.operations().isEmpty() ? base.operations() : d.operations(),
                limits(base.limits(), d.limits()),
                rows(base.parameters(), d.parameters()),
                d.oneOf().isEmpty() ? base.oneOf() : d.oneOf(),
                base.passThrough(), List.of(), base.pricing(),
                base.lifecycle().overlaidBy(d.lifecycle()),
                base.serviceLimits().overlaidBy(d.serviceLimits()),
                base.format().overlaidBy(d.format()));
    }

    static ModelSpec fresh(DiscoveredModel d, List<ParameterSpec> requestSet) {
        if (d.operations().isEmpty()) {
            return null;
        }
        return new ModelSpec(d.id(), d.provider(), isBlank(d.vendor()) ? d.provider() : d.vendor(), d.name(),
                d.description(), d.listed() == null || d.listed(), d.operations(),
                limits(InputLimits.NONE, d.limits()), d.parameters(), d.oneOf(),
                d.parameters().isEmpty() ? requestSet : List.of(), List.of(), null,
                d.lifecycle(), d.serviceLimits(), d.format());
    }

    private static InputLimits limits(InputLimits base, InputLimits d) {
        if (d == null) {
            return base;
        }
        return new InputLimits(d.referenceImages() != null ? d.referenceImages() : base.referenceImages(),
                d.referenceVideos() != null ? d.referenceVideos() : base.referenceVideos(),
                d.referenceAudios() != null ? d.referenceAudios() : base.referenceAudios());
    }

    /** The shipped rows with every discovered row replacing its namesake, new rows after them. */
    private static List<ParameterSpec> rows(List<ParameterSpec> base, List<ParameterSpec> discovered) {
        if (discovered.isEmpty()) {
            return base;
        }
        Map<String, ParameterSpec> byName = new LinkedHashMap<>();
        base.forEach(p -> byName.put(p.name(), p));
        discovered.forEach(p -> byName.put(p.name(), p));
        return List.copyOf(byName.values());
    }

    /** The entry if it keeps every catalog rule, else null. */
    private static ModelSpec usable(ModelSpec model) {
        if (model == null) {
            return null;
        }
        try {
            CatalogValidator.check(List.of(model));
            return model;
        } catch (RuntimeException e) { // NOPMD: an entry that breaks a rule is left out, whatever the rule
            return null;
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
