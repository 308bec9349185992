package io.reelay.api.rest;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.reelay.catalog.ModelSpec;
import io.reelay.intake.VideoRequest;
import io.reelay.intake.tenancy.Priority;

/**
 * The answer of a dry run ({@code POST /v1/requests/estimate}) for a valid request: where it would go and what it is
 * estimated to cost.
 *
 * @param object always {@code estimate}
 * @param operation the operation, made explicit as validation does
 * @param provider the gateway it would be submitted to
 * @param tenant whose it would be (the API client's)
 * @param priority 1 to 5 (3 when the request names none)
 * @param estimatedCostUsd the estimate admission would reserve, in USD with 6 decimal places; absent when the model has
 *        no price (or none for the request's length)
 * @param pricing the model's prices it was computed from, with their {@code source} and {@code as_of}; absent likewise
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EstimateView(String object, String model, String operation, String provider, String tenant,
        Integer priority, BigDecimal estimatedCostUsd, PriceView pricing) {

    static EstimateView of(SubmitChecks.Passed passed) {
        VideoRequest request = passed.validation().request();
        ModelSpec model = passed.validation().model();
        BigDecimal estimate = passed.validation().estimatedCost().orElse(null);
        return new EstimateView("estimate", request.model(), request.operation(), model.provider(), passed.tenant(),
                Priority.effective(request.priority()), estimate,
                estimate == null ? null : PriceView.of(model.pricingIfKnown().orElse(null)));
    }
}
