package io.reelay.simulator;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The provider simulator as a process of its own, as a real upstream would be: fake TokenLab and hub APIs on
 * one port, no Quarkus. Settings are {@link SimulatorConfig}'s keys, given as {@code --key=value}, as
 * {@code -Dsimulator.<key>} or as {@code SIMULATOR_<KEY>} (in that order of precedence), e.g.
 *
 * <pre>
 * java -cp ... io.reelay.simulator.SimulatorMain --port=8090 --default-duration=PT4S --chaos.rate-limited=0.05
 * </pre>
 *
 * Prints one line starting with {@value #READY} and the TokenLab and hub base URLs once it listens; SIGTERM
 * stops it.
 */
public final class SimulatorMain {

    /** The first word of the line printed once the simulator listens. */
    public static final String READY = "REELAY-SIMULATOR-READY";

    private SimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        SimulatorConfig config;
        try {
            config = config(args);
        } catch (RuntimeException e) {
            System.err.println("Reelay simulator: " + e.getMessage());
            System.err.println("Usage: SimulatorMain [--key=value ...], keys in docs/simulator.md");
            System.exit(2);
            return;
        }
        SimulatorSettings settings = config.settings();
        SimulatorHttpServer server = SimulatorHttpServer.start(settings, config.hubBasePath(), config.callLogSize(),
                config.host(), config.port(), config.filesPath(), config.resultUrlTtl(), config.resultFileBytes());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                // Exiting anyway.
            }
        }, "simulator-stop"));
        if (settings.chaos().any()) {
            System.out.println("Reelay simulator injects faults: " + settings.chaos());
        }
        if (!settings.durations().equals(TaskDurations.DEFAULT)) {
            System.out.println("Reelay simulator task durations: " + settings.durations());
        }
        System.out.println(READY + " tokenlab=" + server.tokenLabBaseUrl() + " hub=" + server.hubBaseUrl());
        new CountDownLatch(1).await();
    }

    /** The settings from {@code --key=value} arguments over system properties over the environment. */
    static SimulatorConfig config(String... args) {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 3) {
                throw new IllegalArgumentException("expected --key=value, got " + arg);
            }
            String key = arg.substring(2, eq);
            SimulatorConfig.requireKnown(key);
            given.put(SimulatorConfig.PREFIX + "." + key, arg.substring(eq + 1));
        }
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultSources()
                .withSources(new PropertiesConfigSource(given, "command line", 500))
                .build();
        return SimulatorConfig.from(config);
    }
}
