package io.reelay.catalog;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A model as the catalog knows it.
 *
 * @param id model id as the provider spells it (ids differ between gateways: veo3.1 vs veo-3.1)
 * @param provider the provider that serves it by default (routing configuration may override)
 * @param vendor the model's maker, e.g. Google
 * @param name display name, when the provider gives one
 * @param description what it is, when the provider says
 * @param listed false for models the provider documents but does not list as generally available
 * @param operations the operations it offers
 * @param limits limits on reference inputs
 * @param parameters its parameter table, for providers that pass parameters through (empty otherwise)
 * @param oneOf groups of parameters of which exactly one must be given (e.g. prompt or multi_prompt)
 * @param passThrough for models without a parameter table: the extra request fields it may be given (as
 *     {@code parameters} or unknown top-level JSON fields), each with its rule; nothing else passes through
 * @param passThroughSets names of the catalog's {@code parameter_sets} whose parameters the model also allows
 *     (resolved into {@code passThrough} when the catalog is read, then empty)
 * @param pricing what a request costs upstream, from the shipped file or the gateway's pricing discovery
 *     (null: no price known, so no estimate)
 * @param lifecycle deprecation, retirement and replacement, as the upstream states them (none: available)
 * @param serviceLimits the upstream's per-model limits (rate, concurrency, prompt length), when stated
 * @param format the durations, resolutions and aspect ratios the upstream lists, when stated
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ModelSpec(
        String id,
        String provider,
        String vendor,
        String name,
        String description,
        Boolean listed,
        Set<Operation> operations,
        InputLimits limits,
        List<ParameterSpec> parameters,
        @JsonProperty("one_of") List<List<String>> oneOf,
        @JsonProperty("pass_through") List<ParameterSpec> passThrough,
        @JsonProperty("pass_through_sets") List<String> passThroughSets,
        Pricing pricing,
        ModelLifecycle lifecycle,
        @JsonProperty("service_limits") ServiceLimits serviceLimits,
        RequestFormat format) {

    public ModelSpec {
        listed = listed == null || listed;
        operations = operations == null ? Set.of() : Set.copyOf(operations);
        limits = limits == null ? InputLimits.NONE : limits;
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
        oneOf = oneOf == null ? List.of() : oneOf.stream().map(List::copyOf).toList();
        passThrough = passThrough == null ? List.of() : List.copyOf(passThrough);
        passThroughSets = passThroughSets == null ? List.of() : List.copyOf(passThroughSets);
        lifecycle = lifecycle == null ? ModelLifecycle.NONE : lifecycle;
        serviceLimits = serviceLimits == null ? ServiceLimits.NONE : serviceLimits;
        format = format == null ? RequestFormat.NONE : format;
    }

    /** This model allowing exactly {@code parameters} to pass through (its sets resolved). */
    ModelSpec withPassThrough(List<ParameterSpec> parameters) {
        return new ModelSpec(id, provider, vendor, name, description, listed, operations, limits, this.parameters,
                oneOf, parameters, List.of(), pricing, lifecycle, serviceLimits, format);
    }

    /** This model with these prices (catalog sync replaces the shipped ones with what discovery says). */
    public ModelSpec withPricing(Pricing pricing) {
        return new ModelSpec(id, provider, vendor, name, description, listed, operations, limits, parameters, oneOf,
                passThrough, passThroughSets, pricing, lifecycle, serviceLimits, format);
    }

    public Optional<Pricing> pricingIfKnown() {
        return Optional.ofNullable(pricing).filter(Pricing::isPriced);
    }

    public boolean offers(Operation operation) {
        return operations.contains(operation);
    }

    /** True for models whose inputs are a parameter table passed through to the upstream. */
    public boolean hasParameterTable() {
        return !parameters.isEmpty();
    }

    public Optional<ParameterSpec> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
