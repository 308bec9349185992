package io.reelay.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

import io.reelay.events.LedgerEntry;
import io.reelay.events.LedgerEntryKind;
import io.reelay.kafka.RecordLimits;
import io.reelay.kafka.TenantNames;
import io.reelay.state.TrackedTask;

/** Builds the ledger's entries from a request's stored record: every field bounded, every amount at scale 6, >= 0. */
public final class LedgerEntries {

    /** The scale of every amount (Avro decimal(18,6)). */
    public static final int SCALE = 6;
    private static final BigDecimal MAX = new BigDecimal("999999999999.999999");

    private LedgerEntries() {
    }

    /** {@code <request id>/<kind>}: the same entry gets the same id, whoever writes it and however often. */
    public static String entryId(String requestId, LedgerEntryKind kind) {
        return RecordLimits.cut(requestId, 256) + "/" + kind.name();
    }

    /** The reservation at admission: the estimate (0 when the catalog has no price). */
    public static LedgerEntry reserve(TrackedTask task, long now) {
        return reserve(task, false, now);
    }

    /**
     * The reservation at admission; with {@code limitCheck} the request waits for the ledger to check it against its
     * tenant's spending limits (and to confirm or refuse it on video.tasks).
     */
    public static LedgerEntry reserve(TrackedTask task, boolean limitCheck, long now) {
        BigDecimal estimate = usd(task.getEstimatedCostUsd());
        LedgerEntry entry = entry(task, LedgerEntryKind.reserve, estimate, null, "admitted", now);
        entry.setLimitCheck(limitCheck ? Boolean.TRUE : null);
        return entry;
    }

    /** A request's end: settled at the charge reported (else the estimate), released or flagged at the estimate. */
    public static LedgerEntry end(TrackedTask task, LedgerEntryKind kind, BigDecimal charged, String reason, long now) {
        BigDecimal estimate = usd(task.getEstimatedCostUsd());
        BigDecimal actual = charged == null ? null : usd(charged);
        BigDecimal amount = kind == LedgerEntryKind.settle && actual != null ? actual : estimate;
        return entry(task, kind, amount, actual, reason, now);
    }

    private static LedgerEntry entry(TrackedTask task, LedgerEntryKind kind, BigDecimal amount, BigDecimal actual,
            String reason, long now) {
        return LedgerEntry.newBuilder()
                .setEntryId(entryId(task.getRequestId(), kind))
                .setTenant(tenantOf(task.getTenant()))
                .setRequestId(RecordLimits.cut(task.getRequestId(), 256))
                .setKind(kind)
                .setAmountUsd(amount)
                .setEstimatedCostUsd(usd(task.getEstimatedCostUsd()))
                .setActualCostUsd(actual)
                .setProvider(task.getProvider() == null ? null : RecordLimits.cut(task.getProvider(), 64))
                .setModel(task.getModel() == null ? null : RecordLimits.cut(task.getModel(), 256))
                .setAt(Instant.ofEpochMilli(now))
                .setReason(reason == null ? null : RecordLimits.cut(reason, 300))
                .build();
    }

    /** A request stored before tenants existed is the default tenant's; a name is never longer than a tenant's. */
    public static String tenantOf(String tenant) {
        return tenant == null || tenant.isEmpty() ? TenantNames.DEFAULT : RecordLimits.cut(tenant, TenantNames.MAX_LENGTH);
    }

    /** An amount as the ledger keeps it: scale 6, never negative, never past decimal(18,6); null as 0. */
    public static BigDecimal usd(BigDecimal value) {
        if (value == null || value.signum() <= 0) {
            return BigDecimal.ZERO.setScale(SCALE);
        }
        BigDecimal scaled = value.setScale(SCALE, RoundingMode.HALF_UP);
        return scaled.compareTo(MAX) > 0 ? MAX : scaled;
    }
}
