package io.reelay.upstream.budget;

/**
 * A token bucket for one provider's published request rate (TokenLab: 1,000 requests a minute per
 * key), refilled continuously, holding at most four seconds' worth: the upstream's own bucket is taken to hold five
 * (as the simulator's does), and the second kept back absorbs the calls' different times on the way. Its {@link #share(double)} is
 * this instance's part of the key's rate when several instances use the same key.
 *
 * <p>Written by hand: SmallRye Fault Tolerance's rate limit has a fixed limit, and this one must
 * follow the instance's share of the partitions as they move.
 */
public final class RateBudget {

    private static final double BURST_SECONDS = 4;

    private final int perMinute;
    private double share = 1.0;
    private double tokens;
    private long lastRefill = Long.MIN_VALUE;
    /** When the next call would go if calls went at exactly the rate (ms; GCRA's theoretical arrival time). */
    private long paced;
    /** The latest time {@link #pace} was asked at: the booked calls are ahead of it. */
    private long pacedAt = Long.MIN_VALUE;

    public RateBudget(int perMinute) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("a rate budget needs at least 1 request a minute");
        }
        this.perMinute = perMinute;
    }

    /** Takes one request from the budget if there is one. */
    public synchronized boolean tryTake(long nowMillis) {
        return tryTake(nowMillis, 0);
    }

    /**
     * Takes one request only if {@code reserve} (a part of the budget's capacity, 0 to 1) is left after it: what
     * polls of paid tasks may still take. At least one request's room is never reserved, so a small budget is not
     * closed to submits altogether. The rate is unchanged: the bucket only keeps fewer in hand for a burst.
     */
    public synchronized boolean tryTake(long nowMillis, double reserve) {
        if (!hasRoom(nowMillis, reserve)) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** True if {@link #tryTake(long, double)} would take one now: a look that takes nothing. */
    public synchronized boolean hasRoom(long nowMillis, double reserve) {
        refill(nowMillis);
        double kept = Math.min(Math.max(0, reserve) * capacity(), capacity() - 1);
        return tokens >= 1 + Math.max(0, kept);
    }

    /** Puts back one request taken by {@link #tryTake} that was not made after all. */
    public synchronized void giveBack() {
        tokens = Math.min(capacity(), tokens + 1);
    }

    /**
     * When a call granted by this budget may leave (epoch ms, at least {@code nowMillis}), booking that moment. Grants
     * keep the average, but calls granted at an even pace can leave bunched (the tracker reads their marks in batches);
     * the upstream counts calls as they arrive, so they leave no faster than the rate with the burst the budget holds:
     * the same token bucket, counted when the calls go (the generic cell rate algorithm).
     */
    public synchronized long pace(long nowMillis) {
        long interval = callIntervalMs();
        long next = Math.max(paced, nowMillis);
        paced = next + interval;
        pacedAt = Math.max(pacedAt, nowMillis);
        return Math.max(nowMillis, next - burstToleranceMs(interval));
    }

    /**
     * How many calls {@link #pace} would let leave at {@code nowMillis} without waiting: the burst the pacer has left.
     * Granting more submits than that only queues them behind it, in the order they were granted.
     */
    public synchronized long callsLeavingAtOnce(long nowMillis) {
        long interval = callIntervalMs();
        long backlog = Math.max(0, paced - nowMillis);
        return Math.max(0, Math.floorDiv(burstToleranceMs(interval) - backlog, interval) + 1);
    }

    /** The pacer's interval between calls: whole milliseconds, rounded up, so a call never leaves a fraction early. */
    private long callIntervalMs() {
        return (long) Math.ceil(60_000.0 / Math.max(1e-6, perMinute * share));
    }

    /**
     * How far ahead of the rate the pacer lets calls go: the same burst as the grants, so calls granted at the budget's
     * pace leave at once and only those read back bunched wait. The upstream's bucket holds a second more, room for
     * the calls' different times on the way.
     */
    private long burstToleranceMs(long interval) {
        return (long) Math.floor(Math.max(0, capacity() - 1) * interval);
    }

    /** This instance's share of the key's rate, 0 to 1. */
    public synchronized void share(double value) {
        long before = callIntervalMs();
        share = Math.max(0.0, Math.min(1.0, value));
        tokens = Math.min(tokens, capacity());
        // The calls booked ahead stay booked, each an interval of the new rate: kept in milliseconds of the old one, a
        // call booked at a share of nothing (an interval of about two years) kept every later call waiting on it.
        if (pacedAt != Long.MIN_VALUE && paced > pacedAt) {
            double calls = (double) (paced - pacedAt) / before;
            paced = pacedAt + (long) Math.ceil(calls * callIntervalMs());
        }
    }

    public synchronized double perMinuteHere() {
        return perMinute * share;
    }

    private void refill(long now) {
        if (lastRefill == Long.MIN_VALUE) {
            lastRefill = now;
            tokens = capacity();
            return;
        }
        if (now <= lastRefill) {
            // An earlier time than one already counted (callers' clocks are read at different moments: a tick's, a
            // batch's): moving back would count the time between again and grant more than the rate.
            return;
        }
        long elapsed = now - lastRefill;
        lastRefill = now;
        tokens = Math.min(capacity(), tokens + elapsed * perMinute * share / 60_000.0);
    }

    private double capacity() {
        return Math.max(1, perMinute * share * BURST_SECONDS / 60);
    }
}
