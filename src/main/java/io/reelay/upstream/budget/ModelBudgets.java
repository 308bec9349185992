package io.reelay.upstream.budget;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.BiFunction;

import io.reelay.catalog.ServiceLimits;

/**
 * Each model's own service limits, as the upstream's discovery states them: submits a minute ({@code online_rpm}, a
 * {@link RateBudget} per model) and tasks running at once ({@code concurrency}: a lease per request, held from its
 * submit until it ends). Both are this instance's share of the key's limit, like {@link RateBudgets}: the rate in
 * proportion, the concurrency rounded down but never below one task. A model without stated limits is not held back.
 *
 * <p>Leases live in this instance's memory: after a restart the tasks still running upstream are not counted until
 * they end (the upstream's own limit then answers 429, which the submit retries like any rate refusal). A lease whose
 * request's end was never seen is dropped after {@code leaseMillis}.
 */
public final class ModelBudgets {

    private final BiFunction<String, String, ServiceLimits> limitsOf;
    private final long leaseMillis;
    private final Map<String, Rate> rates = new HashMap<>();
    /** By provider/model: request id to the time its lease runs out. */
    private final Map<String, Map<String, Long>> leases = new HashMap<>();
    private double share = 1.0;

    private record Rate(int perMinute, RateBudget budget) {
    }

    /**
     * @param limitsOf the current limits of a provider's model (the live catalog's)
     * @param leaseMillis longest a concurrency lease is kept without its request's end being seen
     */
    public ModelBudgets(BiFunction<String, String, ServiceLimits> limitsOf, long leaseMillis) {
        this.limitsOf = limitsOf;
        this.leaseMillis = leaseMillis;
    }

    /** No model limits. */
    public static ModelBudgets none() {
        return new ModelBudgets((provider, model) -> ServiceLimits.NONE, Long.MAX_VALUE);
    }

    /**
     * Takes one submit of {@code requestId} from the model's rate and a concurrency lease (kept if the request holds
     * one already, as a retried submit does). False, taking nothing, when either is spent.
     */
    public synchronized boolean tryTake(String provider, String model, String requestId, long now) {
        ServiceLimits limits = limitsOf.apply(provider, model);
        if (limits == null || limits.onlineRpm() == null && limits.concurrency() == null) {
            return true;
        }
        String key = provider + "/" + model;
        Map<String, Long> held = leases.computeIfAbsent(key, k -> new HashMap<>());
        held.values().removeIf(until -> until <= now);
        boolean leased = held.containsKey(requestId);
        if (limits.concurrency() != null && !leased
                && held.size() >= Math.max(1, (int) Math.floor(limits.concurrency() * share))) {
            return false;
        }
        if (limits.onlineRpm() != null && !rate(key, limits.onlineRpm()).tryTake(now)) {
            return false;
        }
        if (limits.concurrency() != null) {
            held.put(requestId, now + Math.min(leaseMillis, Long.MAX_VALUE - now));
        }
        return true;
    }

    /**
     * Counts a request whose submit may have gone out before this process held it (its state restored after a restart
     * or a move): it holds a concurrency lease like one this process granted, whatever the limit now.
     */
    public synchronized void hold(String provider, String model, String requestId, long now) {
        ServiceLimits limits = limitsOf.apply(provider, model);
        if (limits != null && limits.concurrency() != null) {
            leases.computeIfAbsent(provider + "/" + model, k -> new HashMap<>())
                    .putIfAbsent(requestId, now + Math.min(leaseMillis, Long.MAX_VALUE - now));
        }
    }

    /** Gives back what {@link #tryTake} took for a submit that does not go out after all. */
    public synchronized void giveBack(String provider, String model, String requestId) {
        Rate rate = rates.get(provider + "/" + model);
        if (rate != null) {
            rate.budget().giveBack();
        }
        release(requestId);
    }

    /** The request ended: its concurrency lease, if any, goes back. */
    public synchronized void release(String requestId) {
        for (Iterator<Map<String, Long>> it = leases.values().iterator(); it.hasNext();) {
            Map<String, Long> held = it.next();
            held.remove(requestId);
            if (held.isEmpty()) {
                it.remove();
            }
        }
    }

    /** Leases held now for a model (tests and metrics). */
    public synchronized int leased(String provider, String model) {
        Map<String, Long> held = leases.get(provider + "/" + model);
        return held == null ? 0 : held.size();
    }

    /** This instance's share of every key's limits, 0 to 1. */
    public synchronized void share(double value) {
        share = Math.max(0.0, Math.min(1.0, value));
        rates.values().forEach(r -> r.budget().share(share));
    }

    private RateBudget rate(String key, int perMinute) {
        Rate rate = rates.get(key);
        if (rate == null || rate.perMinute() != perMinute) { // a new limit from discovery starts a new bucket
            rate = new Rate(perMinute, new RateBudget(perMinute));
            rate.budget().share(share);
            rates.put(key, rate);
        }
        return rate.budget();
    }
}
