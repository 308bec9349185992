package io.reelay.simulator;

import io.smallrye.config.SmallRyeConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The provider simulator's settings, keys under {@value #PREFIX} (docs/simulator.md lists them): where it listens,
 * and its {@link SimulatorSettings}. Read by plain lookups rather than a {@code @ConfigMapping}, whose
 * implementation SmallRye generates at run time with a bytecode library that a packaged Quarkus application does not
 * ship, so the simulator also runs on the service's own libraries (the Compose file does).
 *
 * @param host interface to listen on; 0.0.0.0 to be reachable from other hosts (a container, say)
 * @param port port to listen on; 0 for any free one (the ready line says which)
 * @param hubBasePath where the hub simulator is mounted (the TokenLab one at {@code settings.basePath()})
 * @param callLogSize how many calls the call log keeps (per-request submit counts are kept regardless)
 * @param filesPath where the result files are served (the result URLs point there unless result-url-base is set)
 * @param resultUrlTtl how long a finished task's result URLs answer before they expire (403)
 * @param resultFileBytes size of every served result video: the sample padded with a trailing MP4 {@code free} box
 *        (0: the sample as it is)
 */
public record SimulatorConfig(String host, int port, String hubBasePath, int callLogSize, SimulatorSettings settings,
        String filesPath, Duration resultUrlTtl, long resultFileBytes) {

    public static final String PREFIX = "simulator";
    static final String MODEL_DURATIONS = "model-durations.";

    /** Every key and its default. */
    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("host", "127.0.0.1"),
            Map.entry("port", "8090"),
            Map.entry("base-path", "/simulator/tokenlab"),
            Map.entry("hub-base-path", "/simulator/hub"),
            Map.entry("default-duration", "PT3S"),
            Map.entry("result-url-base", ""),
            Map.entry("files-path", "/simulator/files"),
            Map.entry("result-url-ttl", "PT1H"),
            Map.entry("result-file-bytes", "0"),
            Map.entry("call-log-size", "1000"),
            Map.entry("max-tasks", "10000"),
            Map.entry("durations.distribution", "fixed"),
            Map.entry("durations.sigma", "0.3"),
            Map.entry("durations.time-scale", "1.0"),
            Map.entry("durations.seed", "7"),
            Map.entry("chaos.rate-limited", "0"),
            Map.entry("chaos.retry-after", "PT1S"),
            Map.entry("chaos.server-errors", "0"),
            Map.entry("chaos.slow", "0"),
            Map.entry("chaos.slow-delay", "PT2S"),
            Map.entry("chaos.hang", "0"),
            Map.entry("chaos.malformed", "0"),
            Map.entry("chaos.drop-after-submit", "0"),
            Map.entry("chaos.unknown-status", "0"),
            Map.entry("chaos.hostile", "0"),
            Map.entry("chaos.hostile-answers", "all"),
            Map.entry("chaos.seed", "42"));

    /** @throws IllegalArgumentException naming the key that is unknown or whose value does not convert */
    static void requireKnown(String key) {
        boolean modelDuration = key.startsWith(MODEL_DURATIONS) && key.length() > MODEL_DURATIONS.length();
        if (!DEFAULTS.containsKey(key) && !modelDuration) {
            throw new IllegalArgumentException("unknown setting " + PREFIX + "." + key);
        }
    }

    /** The settings in {@code config}, each key under {@value #PREFIX} or its default. */
    static SimulatorConfig from(SmallRyeConfig config) {
        Values v = new Values(config);
        ChaosSettings chaos = new ChaosSettings(v.number("chaos.rate-limited"), v.duration("chaos.retry-after"),
                v.number("chaos.server-errors"), v.number("chaos.slow"), v.duration("chaos.slow-delay"),
                v.number("chaos.hang"), v.number("chaos.malformed"), v.number("chaos.drop-after-submit"),
                v.number("chaos.unknown-status"), v.whole("chaos.seed"), v.number("chaos.hostile"),
                v.hostileAnswers("chaos.hostile-answers"));
        TaskDurations durations = new TaskDurations(v.distribution("durations.distribution"),
                v.number("durations.sigma"), v.number("durations.time-scale"), v.whole("durations.seed"));
        SimulatorSettings settings = new SimulatorSettings(v.text("base-path"), v.duration("default-duration"),
                v.modelDurations(), v.text("result-url-base"), (int) v.whole("max-tasks"), chaos, durations);
        return new SimulatorConfig(v.text("host"), (int) v.whole("port"), v.text("hub-base-path"),
                (int) v.whole("call-log-size"), settings, v.text("files-path"), v.duration("result-url-ttl"),
                v.whole("result-file-bytes"));
    }

    /** Typed lookups that name the key in every refusal. */
    private record Values(SmallRyeConfig config) {

        String text(String key) {
            return config.getOptionalValue(PREFIX + "." + key, String.class).orElse(DEFAULTS.get(key)).trim();
        }

        double number(String key) {
            return parse(key, Double::parseDouble);
        }

        long whole(String key) {
            return parse(key, Long::parseLong);
        }

        Duration duration(String key) {
            return parse(key, Duration::parse);
        }

        TaskDurations.Distribution distribution(String key) {
            return parse(key, s -> TaskDurations.Distribution.valueOf(constant(s)));
        }

        List<HostileAnswer> hostileAnswers(String key) {
            String value = text(key);
            if (value.equals("all") || value.isEmpty()) {
                return List.of();
            }
            Set<HostileAnswer> answers = new HashSet<>();
            for (String name : value.split(",")) {
                answers.add(parse(key, name, s -> HostileAnswer.valueOf(constant(s))));
            }
            return List.copyOf(answers);
        }

        /** {@code model-durations."veo3.1"=PT6S} (quoted when the model name has a dot) or unquoted. */
        Map<String, Duration> modelDurations() {
            Map<String, Duration> durations = new HashMap<>();
            String prefix = PREFIX + "." + MODEL_DURATIONS;
            for (String name : config.getPropertyNames()) {
                if (name.startsWith(prefix)) {
                    String model = name.substring(prefix.length());
                    String key = MODEL_DURATIONS + model;
                    model = model.length() > 1 && model.startsWith("\"") && model.endsWith("\"")
                            ? model.substring(1, model.length() - 1) : model;
                    durations.put(model, parse(key, Duration::parse));
                }
            }
            return durations;
        }

        private <T> T parse(String key, java.util.function.Function<String, T> parser) {
            return parse(key, text(key), parser);
        }

        private static <T> T parse(String key, String value, java.util.function.Function<String, T> parser) {
            try {
                return parser.apply(value.trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(PREFIX + "." + key + ": cannot read \"" + value + "\"", e);
            }
        }

        /** {@code log-normal} and {@code huge-retry-after} name {@code LOG_NORMAL} and {@code HUGE_RETRY_AFTER}. */
        private static String constant(String name) {
            return name.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        }
    }
}
