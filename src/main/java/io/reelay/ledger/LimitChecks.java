package io.reelay.ledger;

import java.time.Instant;

import io.reelay.events.LedgerEntry;
import io.reelay.events.LedgerEntryKind;
import io.reelay.state.TenantBalance;

/**
 * One ledger entry applied to its tenant's balance with the spending limits in force. Pure: the keeper reads the
 * balance and whether the entry's reservation was refused, and writes back what comes out.
 * <ul>
 * <li>a reserve that waits for the check ({@code limit_check}) is applied if it fits, and confirmed; else it is not
 * counted, remembered as refused, and refused (so is one refused before, read again);</li>
 * <li>the release of a refused reservation counts nothing (it was never added) and forgets it;</li>
 * <li>any other entry is applied as {@link Balances#apply} says.</li>
 * </ul>
 */
public final class LimitChecks {

    private LimitChecks() {
    }

    /** The ledger's answer to a reservation that waited for the check. */
    public enum Answer { CONFIRMED, REFUSED }

    /**
     * @param balance the balance after the entry
     * @param refused whether the entry's reservation is (still) remembered as refused
     * @param answer the answer to write on video.tasks, or null for none
     * @param message why it was refused (bounded), or null
     */
    public record Step(TenantBalance balance, boolean refused, Answer answer, String message) {
    }

    /**
     * @param balance the tenant's balance, null when it has none yet
     * @param refusedBefore the entry's reservation is remembered as refused
     */
    public static Step apply(TenantBalance balance, boolean refusedBefore, LedgerEntry entry, SpendLimits limits) {
        if (entry.getKind() == LedgerEntryKind.reserve && Boolean.TRUE.equals(entry.getLimitCheck())) {
            Instant at = entry.getAt() == null ? Instant.EPOCH : entry.getAt();
            String refusal = refusedBefore
                    ? Balances.refusalText(null)
                    : Balances.refusal(balance, entry.getAmountUsd(), at, limits);
            if (refusal != null) {
                return new Step(balance, true, Answer.REFUSED, refusal);
            }
            return new Step(Balances.apply(balance, entry), false, Answer.CONFIRMED, null);
        }
        if (refusedBefore && entry.getKind() != LedgerEntryKind.reserve) {
            if (entry.getKind() == LedgerEntryKind.release) {
                return new Step(balance, false, null, null); // never counted: nothing to give back
            }
            // Ended with a task after all (never by design): what may have been paid is counted, in full.
            LedgerEntry reserve = LedgerEntry.newBuilder(entry).setKind(LedgerEntryKind.reserve)
                    .setAmountUsd(entry.getEstimatedCostUsd()).setActualCostUsd(null).build();
            return new Step(Balances.apply(Balances.apply(balance, reserve), entry), false, null, null);
        }
        return new Step(Balances.apply(balance, entry), refusedBefore, null, null);
    }
}
