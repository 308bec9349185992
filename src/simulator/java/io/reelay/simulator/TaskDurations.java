package io.reelay.simulator;

import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How long a simulated task runs, decided once, at submit. A benchmark of polling strategies needs
 * tasks whose durations spread like real ones (a few fast, a long tail), and needs the same workload
 * to take the same time under every strategy it compares; a fixed duration per model gives neither.
 *
 * <ul>
 * <li>{@link Distribution#FIXED} (the default): the model's configured duration, whatever the request
 * asks for. With a time scale of 1 this is exactly what the simulator always did.</li>
 * <li>{@link Distribution#LOG_NORMAL}: {@code median * exp(sigma * Z)}, Z standard normal. The median
 * is the model's configured duration, scaled for the clip the request asks for:
 * {@code * sqrt(clipSeconds / }{@value #REFERENCE_CLIP_SECONDS}{@code )} when it gives a clip length,
 * {@code * }{@value #FACTOR_1080P} for resolution {@code 1080p}, {@code * }{@value #FACTOR_4K} for
 * {@code 4k} (or {@code 2160p}); 720p, other or no resolution leaves it as it is. Longer and larger
 * clips take longer to render, less than proportionally.</li>
 * </ul>
 *
 * <p>Every duration, in both modes, is then multiplied by {@code timeScale}, so a realistic workload
 * (minutes per task) runs in a fraction of the time with the same shape.
 *
 * <p>Reproducible: Z depends only on {@code seed} and a key, the request's {@code X-Request-Id} when it
 * has one (else its task id, which is random). The key is hashed with 64-bit FNV-1a, xored with the
 * seed, and seeds a {@link SplittableRandom}; two of its doubles give Z by Box-Muller
 * ({@code sqrt(-2 ln(1 - u1)) * cos(2 pi u2)}), spelt out here rather than {@code nextGaussian()} so
 * that the draws stay the same across JDKs. So two runs that send the same request ids get the same
 * durations, and a resubmitted request runs as long as its first submit.
 *
 * <p>Scaled and drawn durations are whole milliseconds, at least one: the resolution in which a task
 * decides that it has finished, so the finish time the call log reports is the one polls see.
 *
 * @param distribution fixed or log-normal
 * @param sigma the standard deviation of {@code ln(duration)} in log-normal mode; 0 or more
 * @param timeScale the factor applied to every duration; above 0
 * @param seed the seed of the log-normal draws
 */
public record TaskDurations(Distribution distribution, double sigma, double timeScale, long seed) {

    /** Which durations tasks get. Configured as {@code fixed} or {@code log-normal}. */
    public enum Distribution { FIXED, LOG_NORMAL }

    /** The clip length the median is scaled from: a request for this many seconds takes the model's duration. */
    public static final double REFERENCE_CLIP_SECONDS = 5;
    public static final double FACTOR_1080P = 1.5;
    public static final double FACTOR_4K = 2.5;

    /** Each model's configured duration, unscaled: what the simulator did before durations were drawn. */
    public static final TaskDurations DEFAULT = new TaskDurations(Distribution.FIXED, 0.3, 1.0, 7);

    public TaskDurations {
        distribution = distribution == null ? Distribution.FIXED : distribution;
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException(
                    "simulator.durations.sigma must be a finite number of 0 or more, was " + sigma);
        }
        if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException(
                    "simulator.durations.time-scale must be a finite number above 0, was " + timeScale);
        }
    }

    /** Log-normal durations around each model's duration, scaled by {@code timeScale}. */
    public static TaskDurations logNormal(double sigma, double timeScale, long seed) {
        return new TaskDurations(Distribution.LOG_NORMAL, sigma, timeScale, seed);
    }

    /**
     * The duration of one task.
     *
     * @param modelDuration the model's configured duration: the fixed duration, or the median before clip scaling
     * @param key the request's {@code X-Request-Id}, else the task id
     * @param clip what the request asks for; ignored in fixed mode
     */
    public Duration draw(Duration modelDuration, String key, Clip clip) {
        if (distribution == Distribution.FIXED) {
            return timeScale == 1.0 ? modelDuration : scaled(modelDuration, timeScale);
        }
        double factor = (clip == null ? 1.0 : clip.medianFactor()) * Math.exp(sigma * gaussian(key)) * timeScale;
        return scaled(modelDuration, factor);
    }

    /** A standard normal draw that depends only on the seed and the key. */
    double gaussian(String key) {
        SplittableRandom random = new SplittableRandom(seed ^ fnv1a64(key == null ? "" : key));
        double u1 = 1.0 - random.nextDouble(); // (0, 1]: ln stays finite
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static long fnv1a64(String s) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            hash = (hash ^ (c & 0xff)) * 0x100000001b3L;
            hash = (hash ^ (c >>> 8)) * 0x100000001b3L;
        }
        return hash;
    }

    private static Duration scaled(Duration d, double factor) {
        double millis = (d.getSeconds() * 1e3 + d.getNano() / 1e6) * factor;
        // Beyond a few hundred million years nothing downstream copes anyway.
        return Duration.ofMillis(Math.max(1, Math.round(Math.min(millis, 1e16))));
    }

    /**
     * The clip a request asks for, as far as it says.
     *
     * @param seconds the clip length, or null when the request does not give one
     * @param resolution e.g. {@code 720p}, {@code 1080p}, {@code 4k}, or null
     */
    public record Clip(Double seconds, String resolution) {

        public static final Clip UNSPECIFIED = new Clip(null, null);

        /**
         * From a request's JSON values: the length as a number or a numeric string ({@code 5},
         * {@code "5"}, {@code "5s"}), the resolution as a string; anything else counts as not given.
         */
        public static Clip of(Object duration, Object resolution) {
            return new Clip(seconds(duration), resolution instanceof String r && !r.isBlank() ? r.trim() : null);
        }

        double medianFactor() {
            double factor = seconds != null && seconds > 0 ? Math.sqrt(seconds / REFERENCE_CLIP_SECONDS) : 1.0;
            if (resolution == null) {
                return factor;
            }
            return switch (resolution.toLowerCase(Locale.ROOT)) {
                case "1080p" -> factor * FACTOR_1080P;
                case "4k", "2160p" -> factor * FACTOR_4K;
                default -> factor;
            };
        }

        private static Double seconds(Object duration) {
            if (duration instanceof Number n) {
                return finite(n.doubleValue());
            }
            if (duration instanceof String s) {
                String t = s.trim().toLowerCase(Locale.ROOT);
                t = t.endsWith("s") ? t.substring(0, t.length() - 1).trim() : t;
                try {
                    return finite(Double.parseDouble(t));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return null;
        }

        private static Double finite(double v) {
            return Double.isFinite(v) && v > 0 ? v : null;
        }
    }
}
