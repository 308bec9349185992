package io.reelay.simulator.models;

import java.time.Instant;

/**
 * Where a model is in its life, in TokenLab's field names. Its stage follows from the clock, so a model whose
 * {@code retiredAt} passes while tasks run is retired from that instant on.
 *
 * @param replacementModel the id the gateway suggests instead, if any
 */
public record Lifecycle(Instant deprecatedAt, Instant retiredAt, Instant sunsetAt, String replacementModel) {

    public static final Lifecycle ACTIVE = new Lifecycle(null, null, null, null);

    /** {@code active}, {@code deprecated} or {@code retired} at {@code now}. */
    public String stage(Instant now) {
        if (retired(now)) {
            return "retired";
        }
        return deprecatedAt != null && !now.isBefore(deprecatedAt) ? "deprecated" : "active";
    }

    public boolean retired(Instant now) {
        return retiredAt != null && !now.isBefore(retiredAt);
    }

    /** This lifecycle with every date or replacement {@code changes} names replaced. */
    public Lifecycle merge(Lifecycle changes) {
        return new Lifecycle(
                changes.deprecatedAt() != null ? changes.deprecatedAt() : deprecatedAt,
                changes.retiredAt() != null ? changes.retiredAt() : retiredAt,
                changes.sunsetAt() != null ? changes.sunsetAt() : sunsetAt,
                changes.replacementModel() != null ? changes.replacementModel() : replacementModel);
    }
}
