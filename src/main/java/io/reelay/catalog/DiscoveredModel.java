package io.reelay.catalog;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What an upstream's discovery says about one model: the catalog facts it states, each null (or empty) when it
 * states none. Laid over the shipped entry of the same provider and id by {@link CatalogOverlay}, so that a fact
 * discovery leaves out keeps its shipped value. Field names are those of {@code catalog/models.yaml}; this is also
 * the JSON value of the catalog topic (see docs/contract.md, "Model catalog").
 *
 * @param provider the gateway that states it ({@code tokenlab}, {@code hub})
 * @param id the model id as that gateway spells it
 * @param listed whether the gateway lists it (true for anything its list names)
 * @param operations the operations it offers, when stated
 * @param limits reference-input maxima, when stated (each part may be null)
 * @param parameters parameter-table rows (the hub's {@code input_schema}), when stated
 * @param oneOf groups of which exactly one must be given, when stated
 * @param pricing the gateway's prices for the model, when its pricing discovery states them (source
 *     {@code discovery}, dated when first read at these amounts); laid over the shipped prices by {@link PricingOverlay}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DiscoveredModel(
        String provider,
        String id,
        String vendor,
        String name,
        String description,
        Boolean listed,
        Set<Operation> operations,
        InputLimits limits,
        List<ParameterSpec> parameters,
        @JsonProperty("one_of") List<List<String>> oneOf,
        ModelLifecycle lifecycle,
        @JsonProperty("service_limits") ServiceLimits serviceLimits,
        RequestFormat format,
        Pricing pricing) {

    @JsonCreator
    public DiscoveredModel {
        operations = operations == null ? Set.of() : Set.copyOf(operations);
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
        oneOf = oneOf == null ? List.of() : oneOf.stream().map(List::copyOf).toList();
    }

    /** An entry that states no prices. */
    public DiscoveredModel(String provider, String id, String vendor, String name, String description, Boolean listed,
            Set<Operation> operations, InputLimits limits, List<ParameterSpec> parameters, List<List<String>> oneOf,
            ModelLifecycle lifecycle, ServiceLimits serviceLimits, RequestFormat format) {
        this(provider, id, vendor, name, description, listed, operations, limits, parameters, oneOf, lifecycle,
                serviceLimits, format, null);
    }

    /** This entry with these prices (null: none stated). */
    public DiscoveredModel withPricing(Pricing prices) {
        return new DiscoveredModel(provider, id, vendor, name, description, listed, operations, limits, parameters,
                oneOf, lifecycle, serviceLimits, format, prices);
    }

    /** The catalog topic's key of an entry: provider and id. */
    public static String key(String provider, String id) {
        return provider + "/" + id;
    }

    @JsonIgnore
    public String key() {
        return key(provider, id);
    }
}
