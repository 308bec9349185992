package io.reelay.lifecycle.submit;

import java.util.Arrays;

/**
 * When a waiting submit is expected to start and finish: pure arithmetic a user can check by hand.
 *
 * <p>A provider's submits leave this instance at {@link #submitsPerSecond}: its share of the provider's rate budget
 * less the part kept for polls, and no faster than the submit permits turn over. The partitions (stream tasks) of one
 * instance each keep their own queue and take the budget in turn, so while several of them have submits waiting for
 * the same provider they share that rate equally; {@link #secondsToStart} works the wait out that way.
 */
public final class QueueEstimates {

    private QueueEstimates() {
    }

    /**
     * Submits a second this instance can make to one provider.
     *
     * @param perMinuteHere the provider's rate budget times this instance's share ({@code RateBudgets.perMinuteHere});
     *        null when the provider has no budget
     * @param pollReserve the part of the budget left for polls ({@code reelay.scheduling.poll-reserve}), 0 to 1
     * @param concurrency submit calls under way at once ({@code reelay.submitter.concurrency})
     * @param callSeconds how long a submit call typically takes
     * @return the rate, or {@link Double#POSITIVE_INFINITY} when nothing bounds it
     */
    public static double submitsPerSecond(Double perMinuteHere, double pollReserve, int concurrency,
            double callSeconds) {
        double byBudget = perMinuteHere == null ? Double.POSITIVE_INFINITY
                : perMinuteHere * (1 - Math.max(0, Math.min(1, pollReserve))) / 60;
        double byPermits = callSeconds <= 0 ? Double.POSITIVE_INFINITY : Math.max(1, concurrency) / callSeconds;
        return Math.min(byBudget, byPermits);
    }

    /**
     * Seconds until a submit with {@code ahead} submits before it in its own queue starts, when the other queues of
     * this instance hold {@code others} submits each for the same provider and every queue with submits waiting gets
     * an equal part of {@code perSecond}: while a shorter queue still waits it takes its part, once it is empty the
     * rest share its part.
     *
     * <p>Example: 10 a second, this queue has 50 before the submit, one other queue has 10. Both are served at 5 a
     * second until the other is empty (2 s, 10 of the 50 served), then this one alone at 10 a second (40 in 4 s):
     * 6 s.
     *
     * @return seconds, 0 for the next submit (or an unbounded rate); infinite for a rate of 0
     */
    public static double secondsToStart(int ahead, int[] others, double perSecond) {
        return secondsToStartSorted(ahead, sharing(others), perSecond);
    }

    /** The other queues' waiting counts as {@link #secondsToStartSorted} takes them: those waiting, ascending. */
    public static int[] sharing(int[] others) {
        return others == null ? new int[0] : Arrays.stream(others).filter(n -> n > 0).sorted().toArray();
    }

    /** {@link #secondsToStart} with {@code sorted} from {@link #sharing}: one sort for a whole queue's places. */
    public static double secondsToStartSorted(int ahead, int[] sorted, double perSecond) {
        if (ahead <= 0 || perSecond == Double.POSITIVE_INFINITY) {
            return 0;
        }
        if (perSecond <= 0 || Double.isNaN(perSecond)) {
            return Double.POSITIVE_INFINITY;
        }
        int sharing = 1 + sorted.length;
        double seconds = 0;
        double served = 0; // each queue still waiting has had this many served since now
        for (int other : sorted) {
            if (other >= ahead) {
                break; // it still waits when this submit's turn comes
            }
            seconds += (other - served) * sharing / perSecond;
            served = other;
            sharing--;
        }
        return seconds + (ahead - served) * sharing / perSecond;
    }
}
