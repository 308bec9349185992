package io.reelay.lifecycle.poll;

/**
 * A log-normal fit of how long a kind of task takes: task durations are skewed (most near a typical
 * time, a few much longer), so the fit is kept on their logarithm.
 *
 * @param logMean mean of ln(duration in ms)
 * @param logSd standard deviation of ln(duration in ms)
 */
public record DurationFit(double logMean, double logSd) {

    /** The median duration, in ms. */
    public long medianMs() {
        return Math.round(Math.exp(logMean));
    }

    /** The duration that this share of tasks finishes within, in ms. */
    public long quantileMs(double share) {
        return Math.round(Math.exp(logMean + logSd * NormalQuantile.of(share)));
    }
}
