package io.reelay.simulator;

import java.time.Duration;
import java.util.Map;

/**
 * The simulator's settings as plain values, so it runs without CDI.
 *
 * @param durations how each task's duration follows from its model's ({@link #durationFor}); fixed by default
 * @param rateLimit the rate limit each simulated API enforces on submits and polls together; none by default
 */
public record SimulatorSettings(String basePath, Duration defaultDuration, Map<String, Duration> modelDurations,
        String resultUrlBase, int maxTasks, ChaosSettings chaos, TaskDurations durations, RateLimit rateLimit) {

    /** Settings without an enforced rate limit. */
    public SimulatorSettings(String basePath, Duration defaultDuration, Map<String, Duration> modelDurations,
            String resultUrlBase, int maxTasks, ChaosSettings chaos, TaskDurations durations) {
        this(basePath, defaultDuration, modelDurations, resultUrlBase, maxTasks, chaos, durations, RateLimit.NONE);
    }

    /** Settings without injected faults, each model's tasks taking its fixed duration. */
    public SimulatorSettings(String basePath, Duration defaultDuration, Map<String, Duration> modelDurations,
            String resultUrlBase, int maxTasks) {
        this(basePath, defaultDuration, modelDurations, resultUrlBase, maxTasks, ChaosSettings.NONE);
    }

    /** Settings with these faults, each model's tasks taking its fixed duration. */
    public SimulatorSettings(String basePath, Duration defaultDuration, Map<String, Duration> modelDurations,
            String resultUrlBase, int maxTasks, ChaosSettings chaos) {
        this(basePath, defaultDuration, modelDurations, resultUrlBase, maxTasks, chaos, TaskDurations.DEFAULT);
    }

    public SimulatorSettings {
        chaos = chaos == null ? ChaosSettings.NONE : chaos;
        durations = durations == null ? TaskDurations.DEFAULT : durations;
        rateLimit = rateLimit == null ? RateLimit.NONE : rateLimit;
        basePath = normalise(basePath);
        modelDurations = modelDurations == null ? Map.of() : Map.copyOf(modelDurations);
        resultUrlBase = resultUrlBase.endsWith("/") ? resultUrlBase.substring(0, resultUrlBase.length() - 1) : resultUrlBase;
        if (maxTasks < 1) {
            throw new IllegalArgumentException("maxTasks must be positive");
        }
    }

    public static SimulatorSettings defaults() {
        return new SimulatorSettings("/simulator/tokenlab", Duration.ofSeconds(3), Map.of(),
                "https://cdn.reelay-simulator.test/videos", 10_000);
    }

    /** The same settings for a simulator mounted elsewhere (one per simulated API). */
    public SimulatorSettings withBasePath(String path) {
        return new SimulatorSettings(path, defaultDuration, modelDurations, resultUrlBase, maxTasks, chaos, durations,
                rateLimit);
    }

    /** The same settings with result URLs under {@code base} (blank: the simulator's own files). */
    public SimulatorSettings withResultUrlBase(String base) {
        return new SimulatorSettings(basePath, defaultDuration, modelDurations, base, maxTasks, chaos, durations,
                rateLimit);
    }

    /** The same settings with these faults injected. */
    public SimulatorSettings withChaos(ChaosSettings faults) {
        return new SimulatorSettings(basePath, defaultDuration, modelDurations, resultUrlBase, maxTasks, faults,
                durations, rateLimit);
    }

    /** The same settings with task durations drawn this way (a benchmark's realistic spread, say). */
    public SimulatorSettings withDurations(TaskDurations taskDurations) {
        return new SimulatorSettings(basePath, defaultDuration, modelDurations, resultUrlBase, maxTasks, chaos,
                taskDurations, rateLimit);
    }

    /** The same settings with this rate limit enforced on each simulated API's submits and polls together. */
    public SimulatorSettings withRateLimit(RateLimit limit) {
        return new SimulatorSettings(basePath, defaultDuration, modelDurations, resultUrlBase, maxTasks, chaos,
                durations, limit);
    }

    /** The model's configured duration: its tasks' fixed duration, or their median before clip scaling. */
    public Duration durationFor(String model) {
        return modelDurations.getOrDefault(model, defaultDuration);
    }

    /**
     * How long a task the request just created runs (see {@link TaskDurations}).
     *
     * @param key the request's {@code X-Request-Id}, else the task id
     */
    public Duration taskDuration(String model, String key, TaskDurations.Clip clip) {
        return durations.draw(durationFor(model), key, clip);
    }

    /** "/x/y/" and "x/y" become "/x/y"; "/" becomes "" (mounted at the root). */
    private static String normalise(String path) {
        String p = path == null ? "" : path.trim();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() || p.startsWith("/") ? p : "/" + p;
    }
}
