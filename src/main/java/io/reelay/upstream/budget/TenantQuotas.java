package io.reelay.upstream.budget;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;

/**
 * Each tenant's quotas on this instance: paid tasks in flight (a lease per request, held from its submit until it
 * ends) and submits a minute (a {@link RateBudget} per tenant). Both are this instance's share of the tenant's limit,
 * as the providers' rate budgets are: the rate in proportion, the in-flight limit rounded down but never below one.
 * A tenant without limits is not held back; a submit over its tenant's limit waits in the queue.
 *
 * <p>Leases live in memory; a process that takes over a partition (a restart, a move) counts the requests it finds
 * past their submit ({@link #hold}), so a tenant's tasks still running keep their places.
 */
public final class TenantQuotas {

    /** A tenant's limits; null: unlimited. */
    public record Limits(Integer maxInFlight, Integer submitsPerMinute, boolean failOnLimit) {
        public static final Limits NONE = new Limits(null, null, false);

        public Limits(Integer maxInFlight, Integer submitsPerMinute) {
            this(maxInFlight, submitsPerMinute, false);
        }
    }

    private final Function<String, Limits> limitsOf;
    private final Map<String, RateBudget> rates = new HashMap<>();
    /** By tenant: the requests whose paid task is in flight. */
    private final Map<String, java.util.Set<String>> inFlight = new HashMap<>();
    private double share = 1.0;

    public TenantQuotas(Function<String, Limits> limitsOf) {
        this.limitsOf = limitsOf;
    }

    public static TenantQuotas none() {
        return new TenantQuotas(tenant -> Limits.NONE);
    }

    /** Takes one submit of {@code requestId} from its tenant's quotas; false, taking nothing, when either is spent. */
    public synchronized boolean tryTake(String tenant, String requestId, long now) {
        Limits limits = tenant == null ? Limits.NONE : limitsOf.apply(tenant);
        if (limits == null || limits.maxInFlight() == null && limits.submitsPerMinute() == null) {
            return true;
        }
        java.util.Set<String> held = inFlight.computeIfAbsent(tenant, k -> new java.util.HashSet<>());
        if (limits.maxInFlight() != null && !held.contains(requestId)
                && held.size() >= Math.max(1, (int) Math.floor(limits.maxInFlight() * share))) {
            return false;
        }
        if (limits.submitsPerMinute() != null && !rate(tenant, limits.submitsPerMinute()).tryTake(now)) {
            return false;
        }
        if (limits.maxInFlight() != null) {
            held.add(requestId);
        }
        return true;
    }

    /** Counts a request already past its submit (found in restored state) in its tenant's in-flight count. */
    public synchronized void hold(String tenant, String requestId) {
        Limits limits = tenant == null ? null : limitsOf.apply(tenant);
        if (limits != null && limits.maxInFlight() != null) {
            inFlight.computeIfAbsent(tenant, k -> new java.util.HashSet<>()).add(requestId);
        }
    }

    /** A tenant's limits (null tenant: none). */
    public Limits limits(String tenant) {
        Limits limits = tenant == null ? null : limitsOf.apply(tenant);
        return limits == null ? Limits.NONE : limits;
    }

    /** Gives back what {@link #tryTake} took for a submit that does not go out after all. */
    public synchronized void giveBack(String tenant, String requestId) {
        RateBudget rate = rates.get(tenant);
        if (rate != null) {
            rate.giveBack();
        }
        release(requestId);
    }

    /** The request ended: its place in its tenant's in-flight count goes back. */
    public synchronized void release(String requestId) {
        for (Iterator<java.util.Set<String>> it = inFlight.values().iterator(); it.hasNext();) {
            java.util.Set<String> held = it.next();
            held.remove(requestId);
            if (held.isEmpty()) {
                it.remove();
            }
        }
    }

    /** Paid tasks in flight of a tenant, as this instance counts them. */
    public synchronized int inFlight(String tenant) {
        java.util.Set<String> held = inFlight.get(tenant);
        return held == null ? 0 : held.size();
    }

    /** This instance's share of every tenant's limits, 0 to 1. */
    public synchronized void share(double value) {
        share = Math.max(0.0, Math.min(1.0, value));
        rates.values().forEach(r -> r.share(share));
    }

    private RateBudget rate(String tenant, int perMinute) {
        RateBudget rate = rates.get(tenant);
        if (rate == null || Math.round(rate.perMinuteHere() / Math.max(share, 1e-9)) != perMinute) {
            rate = new RateBudget(perMinute);
            rate.share(share);
            rates.put(tenant, rate);
        }
        return rate;
    }
}
