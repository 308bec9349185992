package io.reelay.upstream.budget;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The rate budget of each provider; a provider without a configured budget is not limited. */
public final class RateBudgets {

    private final Map<String, RateBudget> byProvider = new ConcurrentHashMap<>();

    public RateBudgets(Map<String, Integer> perMinuteByProvider) {
        perMinuteByProvider.forEach((provider, perMinute) -> byProvider.put(provider, new RateBudget(perMinute)));
    }

    public static RateBudgets unlimited() {
        return new RateBudgets(Map.of());
    }

    public boolean tryTake(String provider, long nowMillis) {
        RateBudget budget = byProvider.get(provider);
        return budget == null || budget.tryTake(nowMillis);
    }

    /** This instance's share of every key's rate. */
    public void share(double value) {
        byProvider.values().forEach(b -> b.share(value));
    }
}
