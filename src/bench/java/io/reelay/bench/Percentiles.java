package io.reelay.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * Summary figures of a sample (latencies, detection delays, ...) for the benchmark's tables: count, mean, and the
 * nearest-rank p50, p95, p99 and max. Nearest rank (the smallest value with at least p % of the sample at or below
 * it) is used so that every figure is a value that was actually observed, never an interpolation between two.
 *
 * <p>Empty-safe: an empty sample gives {@link #EMPTY}, whose figures are all 0 and whose {@link #count()} is 0, so
 * a table can print it without special cases; check {@link #isEmpty()} before drawing conclusions from it.
 */
public record Percentiles(int count, double mean, double p50, double p95, double p99, double max) {

    /** The figures of an empty sample. */
    public static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0, 0);

    /** Summarises the values; the array is not modified. */
    public static Percentiles of(double... values) {
        if (values == null || values.length == 0) {
            return EMPTY;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        return new Percentiles(sorted.length, sum / sorted.length, nearestRank(sorted, 50), nearestRank(sorted, 95),
                nearestRank(sorted, 99), sorted[sorted.length - 1]);
    }

    /** Summarises the values; the array is not modified. */
    public static Percentiles of(long... values) {
        if (values == null) {
            return EMPTY;
        }
        return of(Arrays.stream(values).asDoubleStream().toArray());
    }

    /** Summarises the numbers (Longs, Doubles, ...); nulls are not allowed. */
    public static Percentiles of(Collection<? extends Number> values) {
        if (values == null) {
            return EMPTY;
        }
        return of(values.stream().mapToDouble(Number::doubleValue).toArray());
    }

    /**
     * The nearest-rank percentile of an ascending array: the value at rank {@code ceil(p / 100 * n)} (1-based),
     * the smallest rank being 1.
     *
     * @param percentile in (0, 100]
     * @throws IllegalArgumentException on an empty array or a percentile outside (0, 100]
     */
    public static double nearestRank(double[] sorted, double percentile) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + percentile);
        }
        // p * n first: exact for whole percentiles, so 95 % of 100 is rank 95, not 96 through rounding.
        int rank = (int) Math.ceil(percentile * sorted.length / 100.0);
        return sorted[Math.max(1, Math.min(rank, sorted.length)) - 1];
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** One line for logs: {@code n=100 mean=5.05 p50=5.00 p95=10.00 p99=10.00 max=10.00}, units the caller's. */
    public String format() {
        return String.format(java.util.Locale.ROOT, "n=%d mean=%.2f p50=%.2f p95=%.2f p99=%.2f max=%.2f",
                count, mean, p50, p95, p99, max);
    }
}
