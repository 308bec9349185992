package io.reelay.upstream.config;

import java.util.Map;

import io.smallrye.config.ConfigMapping;

/** Requests a minute each provider's key may make, submits and polls together, shared by all instances. */
@ConfigMapping(prefix = "reelay.rate-budget")
public interface RateBudgetConfig {

    /** Per provider, e.g. {@code reelay.rate-budget.per-minute.tokenlab=1000}; unlisted providers are not limited. */
    Map<String, Integer> perMinute();
}
