package io.reelay.lifecycle.poll;

import java.time.Duration;
import java.util.Collection;

import io.reelay.config.ReelayConfig;
import io.reelay.state.DurationStats;

/**
 * Learns how long each class of task takes from the tasks seen to finish, as an exponentially weighted log-normal
 * fit: each sample counts fully at first, and every newer one discounts the older ones by the learning rate, so the
 * fit follows an upstream that speeds up or slows down. Pure: the stats live in stores owned by the caller.
 *
 * <p>Each tracker partition keeps its own statistics of a class (it is their only writer); {@link #pool} sums the
 * partitions' statistics into one, as if one learner had seen every sample, so a class is learned from every
 * partition's tasks at once. {@link #fit} then plans from the pooled data of the class, with its model's pooled data
 * as the starting point (a class's first samples move it, its model's spread stands until they agree), and the
 * model's from the configured per-model duration, whose spread counts as one sample.
 */
public final class DurationLearner {

    /** A fit never claims more certainty than this (ln units): a durable floor against a run of identical samples. */
    static final double MIN_LOG_SD = 0.05;
    /** A log outside 0..this (1 ms to about 7,000 years) is no duration: the stats are not trusted. */
    static final double MAX_LOG = 40;
    /** A log variance above this (a spread of e^10) is no fit either. */
    static final double MAX_LOG_VARIANCE = 100;

    /**
     * Statistics summed over partitions: the sum of the samples' weights, their weighted mean and variance.
     *
     * @param weight the samples' weights summed (each partition's: at most 1 / learning rate)
     * @param samples samples counted
     */
    public record Pooled(double weight, double logMean, double logVariance, long samples) {

        static final Pooled NONE = new Pooled(0, 0, 0, 0);

        public boolean any() {
            return weight > 0;
        }
    }

    private final ReelayConfig.Polling polling;

    public DurationLearner(ReelayConfig.Polling polling) {
        this.polling = polling;
    }

    /** Nothing learned yet of a class. */
    public static DurationStats empty(String durationClass) {
        return DurationStats.newBuilder().setDurationClass(durationClass).setSamples(0).setLogMean(0)
                .setLogVariance(0).setUpdatedAt(0).build();
    }

    /** The stats with one more task seen to take {@code durationMs}. */
    public DurationStats learn(DurationStats stats, long durationMs, long now) {
        double x = Math.log(Math.max(1, durationMs));
        long n = usable(stats) ? stats.getSamples() : 0;
        // The weight of the new sample among all: 1 / (the decayed weights summed, itself included).
        double share = 1 / weightOf(n + 1);
        double mean = n == 0 ? x : stats.getLogMean();
        double variance = n == 0 ? 0 : stats.getLogVariance();
        double delta = x - mean;
        return DurationStats.newBuilder()
                .setDurationClass(stats.getDurationClass())
                .setSamples(n + 1)
                .setLogMean(mean + share * delta)
                .setLogVariance((1 - share) * (variance + share * delta * delta))
                .setUpdatedAt(now)
                .build();
    }

    /** The sum of the weights of {@code n} samples, each older one discounted by the learning rate. */
    double weightOf(long n) {
        double rate = polling.learningRate();
        if (n <= 0) {
            return 0;
        }
        if (rate >= 1) {
            return 1;
        }
        return (1 - Math.pow(1 - rate, n)) / rate;
    }

    /** Several partitions' statistics of one class as one; stats that do not hold together are left out. */
    public Pooled pool(Collection<DurationStats> parts) {
        double weight = 0;
        double sum = 0;
        long samples = 0;
        for (DurationStats s : parts) {
            if (usable(s)) {
                double w = weightOf(s.getSamples());
                weight += w;
                sum += w * s.getLogMean();
                samples += s.getSamples();
            }
        }
        if (weight <= 0) {
            return Pooled.NONE;
        }
        double mean = sum / weight;
        double squares = 0;
        for (DurationStats s : parts) {
            if (usable(s)) {
                double d = s.getLogMean() - mean;
                squares += weightOf(s.getSamples()) * (s.getLogVariance() + d * d);
            }
        }
        return new Pooled(weight, mean, squares / weight, samples);
    }

    /** Whether stats hold together: finite, in range, at least one sample. Anything else counts as nothing learned. */
    public static boolean usable(DurationStats s) {
        return s != null && s.getSamples() > 0 && Double.isFinite(s.getLogMean()) && s.getLogMean() >= 0
                && s.getLogMean() <= MAX_LOG && Double.isFinite(s.getLogVariance()) && s.getLogVariance() >= 0
                && s.getLogVariance() <= MAX_LOG_VARIANCE;
    }

    /**
     * The fit to plan with: the class's pooled data starting from its model's fit, the model's from the configured
     * duration of the model.
     */
    public DurationFit fit(Pooled classData, Pooled modelData, String model) {
        DurationFit modelFit = modelFit(modelData, model);
        if (classData == null || !classData.any()) {
            return modelFit;
        }
        return posterior(classData, modelFit);
    }

    /** The fit of what a queued task still waits for, from the time tasks of its class have waited; null if none. */
    public DurationFit queueFit(Pooled classData, Pooled modelData) {
        if (modelData == null || !modelData.any()) {
            return null;
        }
        DurationFit model = new DurationFit(modelData.logMean(), spread(modelData, polling.priorSpread()));
        return classData == null || !classData.any() ? model : posterior(classData, model);
    }

    /** The model's fit: its data, with the configured spread counting as one sample; else the configured prior. */
    private DurationFit modelFit(Pooled data, String model) {
        if (data == null || !data.any()) {
            return new DurationFit(Math.log(expectedDuration(model).toMillis()), priorSpread(model));
        }
        return new DurationFit(data.logMean(), spread(data, priorSpread(model)));
    }

    /** The spread of a new sample: the data's, with {@code prior} as one more sample, widened by the mean's doubt. */
    private static double spread(Pooled data, double prior) {
        double variance = (prior * prior + data.weight() * data.logVariance()) / (1 + data.weight());
        return Math.max(MIN_LOG_SD, Math.sqrt(variance * (1 + 1 / data.weight())));
    }

    /**
     * A class's fit from its data with {@code prior} (its model's fit) counting as one sample: the conjugate update
     * of a normal of unknown mean and variance, whose predictive spread includes the mean's doubt.
     */
    private static DurationFit posterior(Pooled data, DurationFit prior) {
        double w = data.weight();
        double mean = (prior.logMean() + w * data.logMean()) / (1 + w);
        double gap = data.logMean() - prior.logMean();
        double variance = (prior.logSd() * prior.logSd() + w * data.logVariance() + w / (1 + w) * gap * gap)
                / (1 + w);
        return new DurationFit(mean, Math.max(MIN_LOG_SD, Math.sqrt(variance * (1 + 1 / (1 + w)))));
    }

    /** The duration a model's tasks are expected to take before any has been seen to finish. */
    private Duration expectedDuration(String model) {
        return model == null ? polling.expectedDuration()
                : polling.modelExpectedDurations().getOrDefault(model, polling.expectedDuration());
    }

    /**
     * The spread before anything is learned: {@code prior-spread}, or for a model whose typical duration is configured
     * (a basis: the operator's knowledge of it) the narrower {@code model-prior-spread}.
     */
    private double priorSpread(String model) {
        return model != null && polling.modelExpectedDurations().containsKey(model) ? polling.modelPriorSpread()
                : polling.priorSpread();
    }

    /** Below this progress (percent) a reading says too little of the duration to learn from (1 % is 1 in 2). */
    public static final int MIN_PROGRESS_TO_LEARN = 10;
    /** A finish this far (ratio) from what its progress implied shows the progress misled: the finish is learned too. */
    static final double PROGRESS_MISLED = 1.25;

    /**
     * The duration a progress reading implies, or -1 when it says too little: progress p (0-100) reported after
     * {@code elapsedMs} since the submit, growing with that time (as the planner assumes), puts the end between
     * elapsed * 100 / (p + 1) and elapsed * 100 / p; the middle of them is taken. A class's tasks are long in flight
     * before the first of them ends, and a burst of them is submitted meanwhile: learning each task's duration from
     * its first readable progress plans the rest of the burst from it, not from the configured prior.
     */
    public static long durationFromProgress(long elapsedMs, Integer progress) {
        if (progress == null || progress < MIN_PROGRESS_TO_LEARN || progress >= 100 || elapsedMs <= 0) {
            return -1;
        }
        return Math.max(1, Math.round(elapsedMs * 100 / (progress + 0.5)));
    }

    /**
     * Whether a finished task's duration is still to be learned: not if a progress reading already taught it (one
     * sample a task), unless the finish is far from what that reading implied (progress that does not grow with time).
     *
     * @param lastProgressElapsedMs the time from submit to the poll that read {@code lastProgress}, or null
     */
    public static boolean finishTeaches(long durationMs, Long lastProgressElapsedMs, Integer lastProgress) {
        long implied = lastProgressElapsedMs == null ? -1 : durationFromProgress(lastProgressElapsedMs, lastProgress);
        if (implied <= 0) {
            return true;
        }
        double ratio = (double) Math.max(1, durationMs) / implied;
        return ratio > PROGRESS_MISLED || ratio < 1 / PROGRESS_MISLED;
    }

    /**
     * The best reading of a finished task's duration: the upstream's own completion time where it is
     * plausible, else the middle of the interval between the last poll that saw it running and the one
     * that saw it finished.
     *
     * @param submittedAt when the task was accepted
     * @param lastRunningAt the last poll that saw it running, or null
     * @param finishedSeenAt the poll that saw it finished
     * @param upstreamFinishedAt the upstream's completion time, or null
     */
    public static long observedDuration(long submittedAt, Long lastRunningAt, long finishedSeenAt,
            Long upstreamFinishedAt) {
        long from = lastRunningAt == null ? submittedAt : lastRunningAt;
        long end = upstreamFinishedAt != null && upstreamFinishedAt > from && upstreamFinishedAt <= finishedSeenAt
                ? upstreamFinishedAt : from + (finishedSeenAt - from) / 2;
        return Math.max(1, end - submittedAt);
    }
}
