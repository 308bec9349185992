package io.reelay.upstream.budget;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rate budget of each provider (a provider without a configured budget is not limited), and each model's own
 * limits from discovery ({@link ModelBudgets}) for the submits.
 */
public final class RateBudgets {

    private final Map<String, RateBudget> byProvider = new ConcurrentHashMap<>();
    private final ModelBudgets models;
    private final double pollReserve;
    private volatile TenantQuotas tenants = TenantQuotas.none();
    /** The clock calls are paced by; null: the caller's (the tracker's, which tests drive). */
    private volatile java.util.function.LongSupplier pacingClock;

    public RateBudgets(Map<String, Integer> perMinuteByProvider) {
        this(perMinuteByProvider, ModelBudgets.none());
    }

    public RateBudgets(Map<String, Integer> perMinuteByProvider, ModelBudgets models) {
        this(perMinuteByProvider, models, 0);
    }

    /**
     * @param pollReserve the part of each provider's budget a submit leaves for polls of paid tasks (0 to 1)
     */
    public RateBudgets(Map<String, Integer> perMinuteByProvider, ModelBudgets models, double pollReserve) {
        perMinuteByProvider.forEach((provider, perMinute) -> byProvider.put(provider, new RateBudget(perMinute)));
        this.models = models;
        this.pollReserve = pollReserve;
    }

    public static RateBudgets unlimited() {
        return new RateBudgets(Map.of());
    }

    public boolean tryTake(String provider, long nowMillis) {
        RateBudget budget = byProvider.get(provider);
        return budget == null || budget.tryTake(nowMillis);
    }

    /**
     * Takes what a submit of {@code requestId} needs: one call from the provider's budget, one from the model's rate
     * and a concurrency lease of the model; all or nothing. The provider's budget is taken only while the poll
     * reserve stays: polls of tasks already paid for come before new submits when the budget is short.
     */
    public boolean tryTake(String provider, String model, String requestId, long nowMillis) {
        if (!models.tryTake(provider, model, requestId, nowMillis)) {
            return false;
        }
        RateBudget budget = byProvider.get(provider);
        if (budget == null || budget.tryTake(nowMillis, pollReserve)) {
            return true;
        }
        models.giveBack(provider, model, requestId);
        return false;
    }

    /**
     * True if the provider's own budget could take a submit now (what a submit would leave for polls included): when
     * it cannot, no submit to it can go, whatever its model; when it can, a refused submit was its model's limit.
     */
    public boolean submitRoom(String provider, long nowMillis) {
        RateBudget budget = byProvider.get(provider);
        return budget == null || budget.hasRoom(nowMillis, pollReserve);
    }

    /**
     * How long a call to the provider, granted by its budget, waits before it leaves (ms, 0: at once): see {@link
     * RateBudget#pace}. Timed by the pacing clock when one is set: the tracker's {@code now} is read once per batch of
     * records, and batches a varying moment old would bunch the very calls pacing spreads.
     */
    public long callWait(String provider, long nowMillis) {
        RateBudget budget = byProvider.get(provider);
        if (budget == null) {
            return 0;
        }
        java.util.function.LongSupplier clock = pacingClock;
        long now = clock == null ? nowMillis : clock.getAsLong();
        return Math.max(0, budget.pace(now) - now);
    }

    /**
     * How many more calls to the provider could leave at once (its pacer's burst left; no limit without a budget),
     * by the pacing clock when one is set: submits granted beyond it would wait behind it in the order granted.
     */
    public long callsLeavingAtOnce(String provider, long nowMillis) {
        RateBudget budget = byProvider.get(provider);
        if (budget == null) {
            return Long.MAX_VALUE;
        }
        java.util.function.LongSupplier clock = pacingClock;
        return budget.callsLeavingAtOnce(clock == null ? nowMillis : clock.getAsLong());
    }

    /** The same budgets, pacing calls by {@code clock} (the wall clock in the service). */
    public RateBudgets pacedBy(java.util.function.LongSupplier clock) {
        this.pacingClock = clock;
        return this;
    }

    /**
     * A request found past its submit in state this process takes over (a restart, a partition moved): it holds its
     * model's concurrency lease and its place in its tenant's in-flight count, as if this process had granted them,
     * until it ends.
     */
    public void holdRestored(String provider, String model, String tenant, String requestId, long nowMillis) {
        models.hold(provider, model, requestId, nowMillis);
        tenants.hold(tenant, requestId);
    }

    /** The request ended: the model concurrency and the place in its tenant's in-flight count go back. */
    public void ended(String requestId) {
        models.release(requestId);
        tenants.release(requestId);
    }

    /** Each tenant's quotas, shared like the rest of the budget. */
    public TenantQuotas tenants() {
        return tenants;
    }

    /** The same budgets, holding each tenant to {@code quotas}. */
    public RateBudgets withTenants(TenantQuotas quotas) {
        this.tenants = quotas;
        return this;
    }

    /** Requests a minute this instance may make to {@code provider} now (its share), or null if not limited. */
    public Double perMinuteHere(String provider) {
        RateBudget budget = byProvider.get(provider);
        return budget == null ? null : budget.perMinuteHere();
    }

    public ModelBudgets models() {
        return models;
    }

    /** This instance's share of every key's rate. */
    public void share(double value) {
        byProvider.values().forEach(b -> b.share(value));
        models.share(value);
        tenants.share(value);
    }
}
