package io.reelay.lifecycle.poll;

import io.reelay.config.ReelayConfig;
import io.reelay.lifecycle.Backoff;

/**
 * When to poll a running task next. The rule: poll at the latest time that still notices the task
 * within the lag tolerance if it finishes at the earliest time it can. Before any progress is known
 * "earliest" is an early quantile of the learned duration; once the upstream reports progress p at
 * elapsed time e, and progress grows with time, the task cannot finish before e * 100 / (p + 1), nor after e * 100 / p:
 * the next poll is then no later than that latest end plus the absolute tolerance.
 * Without progress, polls back off in proportion to the time the task has run, jittered by the one rule of
 * {@link Backoff} ({@code reelay.polling.jitter} is its spread). Every interval stays
 * within the configured minimum and maximum, except that progress may put the next poll past the maximum: to the end
 * it points to once it is at least 10 %, else up to twice the time run. Pure, so each case is tested in isolation.
 */
public final class PollPlanner {

    /** A planned poll, and when the task is expected to finish (to rank polls when the budget is short). */
    public record Plan(long pollAt, long expectedEndAt) {
    }

    /**
     * The share of its duration (percent) a queue is taken to have held a task, until one of its provider's tasks is
     * seen leaving it: a task still queued after e then cannot end before 2e, the doubling back-off of pollers. On the
     * time back-off instead (a quarter more each poll), a burst of a new provider's long tasks, all queued, was polled
     * up to four times each before the first of them was seen running.
     */
    static final long UNSEEN_QUEUE_SHARE = 50;

    private final ReelayConfig.Polling polling;

    public PollPlanner(ReelayConfig.Polling polling) {
        this.polling = polling;
    }

    /** The first poll of a task the upstream accepted at {@code submittedAt}. */
    public Plan first(long submittedAt, DurationFit fit) {
        long earliest = fit.quantileMs(polling.earlyQuantile());
        long at = bounded(0, earliest + toleranceMs(earliest));
        return new Plan(submittedAt + at, submittedAt + Math.max(fit.medianMs(), at));
    }

    /**
     * When a task due for a poll is worth polling by what its class has shown since the poll was planned, or null
     * when nothing says later than {@code now}. A burst of a class's tasks is planned from the configured prior
     * before any of them is seen running; once one is (its progress tells its duration, see DurationLearner), the
     * others' polls that could only find them still running or queued wait for the class's earliest end. Only for a
     * task with no progress to plan from: a plan from its own progress knows better than its class.
     *
     * @param progress the last progress it reported, or null
     */
    public Long replanned(long submittedAt, Integer progress, DurationFit fit, long now) {
        if (progress != null && progress > 0) {
            return null;
        }
        long at = first(submittedAt, fit).pollAt();
        return at > now + polling.minInterval().toMillis() ? at : null;
    }

    /**
     * The next poll of a task that a poll sent at {@code polledAt} found still running.
     *
     * @param progress the upstream's progress (0-100) if it reported one
     * @param random a uniform draw in [0, 1), for the jitter of back-offs
     */
    public Plan next(long submittedAt, long polledAt, Integer progress, DurationFit fit, double random) {
        return next(submittedAt, polledAt, progress, fit, null, random);
    }

    /**
     * What tasks of a class show of their queue, learned from those seen queued by one poll and running by the next.
     *
     * @param waited how long they waited queued, or null
     * @param firstProgress the progress they first reported once running, or null: while neither is known a queue is
     *        taken to hold a task for at most half its duration ({@link #UNSEEN_QUEUE_SHARE})
     */
    public record Queue(DurationFit waited, DurationFit firstProgress) {
    }

    /**
     * The next poll of a task that a poll sent at {@code polledAt} found still running or, {@code queue} not null,
     * still waiting upstream to start. A queued task's whole run is still ahead of it, so it is not polled on the time
     * back-off meanwhile: it cannot end before now plus the shortest run its class has shown (its duration's early
     * quantile less the time its class waits queued); and since progress grows with the time since the submit (the
     * rule above), the progress tasks of its class first report once running is at least the share of the duration
     * their queue took: a task still queued after e has run less than that share, so it cannot end before
     * e * 100 / (that progress, taken high: its class's 1 - early-quantile).
     */
    public Plan next(long submittedAt, long polledAt, Integer progress, DurationFit fit, Queue queue,
            double random) {
        long elapsed = Math.max(0, polledAt - submittedAt);
        if (progress != null && progress > 0 && progress < 100 && elapsed > 0) {
            long earliestEnd = Math.max(elapsed, elapsed * 100 / (progress + 1));
            long latestEnd = elapsed * 100 / progress;
            // What progress says the task cannot end before is not capped by max-interval (polling before it only
            // costs). A reading of a few percent is held to twice the time run, so it does not put a task off for
            // ever; one that tells the duration (what is learned from, DurationLearner.MIN_PROGRESS_TO_LEARN: at
            // most ten times the time run) is followed to the end it points to. A long task first polled at the
            // maximum interval, at a quarter of its run, is then polled twice, not three times.
            // The latest time that still meets the tolerance, but no later than the latest end plus the absolute
            // part: a reading that pins the end down closer than the tolerance is polled just past that end (one
            // poll all the same), not a whole tolerance after the earliest.
            long planned = Math.min(earliestEnd + toleranceMs(earliestEnd),
                    latestEnd + polling.lagTolerance().toMillis());
            long at = Math.max(elapsed + polling.minInterval().toMillis(),
                    progress >= DurationLearner.MIN_PROGRESS_TO_LEARN ? planned
                            : Math.min(planned, elapsed + Math.max(polling.maxInterval().toMillis(), 2 * elapsed)));
            return new Plan(submittedAt + at, submittedAt + (earliestEnd + latestEnd) / 2);
        }
        long earliest = fit.quantileMs(polling.earlyQuantile());
        if (queue != null && queue.waited() != null) {
            earliest = Math.max(earliest, elapsed + Math.max(0, earliest - queue.waited().medianMs()));
        }
        if (queue != null && elapsed > 0 && (queue.firstProgress() != null || queue.waited() == null)) {
            long share = queue.firstProgress() == null ? UNSEEN_QUEUE_SHARE
                    : Math.max(1, Math.min(99, queue.firstProgress().quantileMs(1 - polling.earlyQuantile())));
            earliest = Math.max(earliest, elapsed * 100 / share);
        }
        long at;
        if (elapsed < earliest) {
            at = earliest + toleranceMs(earliest);
        } else {
            long backoff = Backoff.jittered((long) (polling.backoffRatio() * elapsed), polling.jitter(), random);
            at = elapsed + backoff;
        }
        at = bounded(elapsed, at);
        return new Plan(submittedAt + at, submittedAt + Math.max(fit.medianMs(), at));
    }

    /**
     * The detection lag allowed for a task of this duration: lag-tolerance + lag-tolerance-ratio * duration, at most
     * lag-tolerance-max. A reading tells a task's end to within a percent of its duration at best, so past that a
     * long task's end costs a poll more where the share alone would not have.
     */
    private long toleranceMs(long durationMs) {
        return Math.min(polling.lagToleranceMax().toMillis(),
                polling.lagTolerance().toMillis() + (long) (polling.lagToleranceRatio() * durationMs));
    }

    /** {@code at} (ms after submit), kept between the minimum and maximum interval after {@code elapsed}. */
    private long bounded(long elapsed, long at) {
        long min = elapsed + polling.minInterval().toMillis();
        long max = elapsed + polling.maxInterval().toMillis();
        return Math.max(min, Math.min(max, at));
    }
}
