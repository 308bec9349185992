package io.reelay.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One histogram of the service's Prometheus text ({@code name_bucket{...,le="x"} count} lines whose labels contain a
 * given {@code label="value"}): how many were recorded and the bucket bound each quantile falls under. Written by hand:
 * the bench reads a few lines of one scrape, which no client library here parses.
 */
record PromHistogram(List<double[]> buckets) {

    private static final Pattern BUCKET = Pattern.compile("^(\\S+)_bucket\\{([^}]*)\\}\\s+(\\S+)");
    private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

    /** The cumulative buckets of {@code name} (its Prometheus base name) whose labels include {@code label}. */
    static PromHistogram of(String text, String name, String label) {
        List<double[]> buckets = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = BUCKET.matcher(line);
            if (!m.find() || !m.group(1).equals(name) || !m.group(2).contains(label)) {
                continue;
            }
            Matcher le = LE.matcher(m.group(2));
            if (le.find()) {
                double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
                buckets.add(new double[] {bound, Double.parseDouble(m.group(3))});
            }
        }
        buckets.sort((a, b) -> Double.compare(a[0], b[0]));
        return new PromHistogram(buckets);
    }

    long count() {
        return buckets.isEmpty() ? 0 : (long) buckets.get(buckets.size() - 1)[1];
    }

    /** The upper bound of the bucket the {@code q} quantile falls in (NaN when nothing was recorded). */
    double atMost(double q) {
        long n = count();
        if (n == 0) {
            return Double.NaN;
        }
        for (double[] b : buckets) {
            if (b[1] >= q * n) {
                return b[0];
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** "n=…, p50 <= …, p99 <= …" in seconds. */
    String format() {
        return String.format(Locale.ROOT, "n=%d p50<=%.3f p95<=%.3f p99<=%.3f", count(), atMost(0.5), atMost(0.95),
                atMost(0.99));
    }
}
