package io.reelay.api.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.reelay.catalog.InputLimits;
import io.reelay.catalog.ModelLifecycle;
import io.reelay.catalog.ModelSpec;
import io.reelay.catalog.Operation;
import io.reelay.catalog.ParameterSpec;
import io.reelay.catalog.RequestFormat;
import io.reelay.catalog.ServiceLimits;

/**
 * One model as {@code /v1/models} shows it. Every key is always present, in this order, so clients
 * need no presence checks: {@code name} and {@code description} are null when the provider gives
 * none, {@code limits} is {} without limits, {@code parameters} and {@code one_of} are [] for
 * providers without a parameter table. Operations come in a fixed order (the catalog keeps a set).
 * Within a parameter, rules that do not apply ({@code default}, {@code values}, {@code min},
 * {@code max}, {@code max_length}, {@code description}) are left out.
 *
 * @param otherProviders the other providers that serve a model under the same id ([] usually)
 * @param lifecycle deprecation, retirement and replacement as the upstream states them ({} when none)
 * @param serviceLimits the upstream's rate, concurrency and prompt-length limits for the model ({} when none)
 * @param format the durations, resolutions and aspect ratios the upstream lists ({} when none)
 * @param pricing what a request costs upstream, as its cost estimate computes it (null when the model has no price:
 *     its requests carry no estimate); see {@link PriceView}
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"id", "object", "provider", "vendor", "name", "description", "listed", "operations", "limits",
    "parameters", "one_of", "other_providers", "lifecycle", "service_limits", "format", "pricing"})
public record ModelView(
        String id,
        String object,
        String provider,
        String vendor,
        String name,
        String description,
        boolean listed,
        List<Operation> operations,
        InputLimits limits,
        List<ParameterSpec> parameters,
        @JsonProperty("one_of") List<List<String>> oneOf,
        @JsonProperty("other_providers") List<String> otherProviders,
        ModelLifecycle lifecycle,
        @JsonProperty("service_limits") ServiceLimits serviceLimits,
        RequestFormat format,
        PriceView pricing) {

    static ModelView of(ModelSpec model, List<String> otherProviders) {
        return new ModelView(model.id(), "model", model.provider(), model.vendor(), model.name(), model.description(),
                model.listed(), model.operations().stream().sorted().toList(), model.limits(), model.parameters(),
                model.oneOf(), otherProviders, model.lifecycle(), model.serviceLimits(), model.format(),
                PriceView.of(model.pricing()));
    }
}
