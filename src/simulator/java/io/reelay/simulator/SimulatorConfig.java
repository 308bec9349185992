package io.reelay.simulator;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The provider simulator's settings, under the prefix {@value #PREFIX}: fake TokenLab and hub APIs in a
 * process of their own ({@link SimulatorMain}), for dev mode, the tests and the demo. Read from
 * {@code --key=value} arguments (keys without the prefix), {@code -Dsimulator.*} system properties and
 * {@code SIMULATOR_*} environment variables, in that order of precedence.
 *
 * <p>Deliberately not annotated {@code @ConfigMapping}: it lives on the test classpath, and Quarkus would
 * register an annotated mapping in every {@code @QuarkusTest} application.
 */
public interface SimulatorConfig {

    String PREFIX = "simulator";

    /** Interface to listen on; 0.0.0.0 to be reachable from other hosts (a container, say). */
    @WithDefault("127.0.0.1")
    String host();

    /** Port to listen on; 0 for any free one (the ready line says which). */
    @WithDefault("8090")
    int port();

    /**
     * Path the TokenLab simulator is mounted under; point Reelay's {@code reelay.tokenlab.base-url} at
     * {@code http://<host>:<port><base-path>}.
     */
    @WithDefault("/simulator/tokenlab")
    String basePath();

    /**
     * Path the hub simulator is mounted under; point Reelay's {@code reelay.hub.base-url} at
     * {@code http://<host>:<port><hub-base-path>}. Durations, result URLs and the call log are shared
     * with the TokenLab simulator.
     */
    @WithDefault("/simulator/hub")
    String hubBasePath();

    /** How long a simulated task takes from submit to completion, for models without their own entry. */
    @WithDefault("PT3S")
    Duration defaultDuration();

    /** Per-model task durations, e.g. {@code '--model-durations."veo3.1"=PT20S'} (quoted for the shell). */
    Map<String, Duration> modelDurations();

    /** Where the fake result videos "live"; nothing is served there. */
    @WithDefault("https://cdn.reelay-simulator.test/videos")
    String resultUrlBase();

    /** How many calls the call log keeps (per-request submit counts are kept regardless). */
    @WithDefault("1000")
    int callLogSize();

    /** How many tasks the simulator remembers; older ones answer 404, like expired upstream tasks. */
    @WithDefault("10000")
    int maxTasks();

    /** How long each task runs around its model's duration; by default exactly that duration. */
    Durations durations();

    /**
     * Task durations drawn from a distribution, reproducibly, for benchmarks of polling strategies.
     * See {@link TaskDurations}.
     */
    interface Durations {

        /**
         * {@code fixed}: every task of a model takes its configured duration (times {@code time-scale}).
         * {@code log-normal}: a draw around it, longer for longer clips and higher resolutions.
         */
        @WithDefault("fixed")
        TaskDurations.Distribution distribution();

        /**
         * Standard deviation of the log of a log-normal duration (0.3: 95% of tasks take 0.55x to 1.8x
         * the median). 0 or more.
         */
        @WithDefault("0.3")
        double sigma();

        /** Multiplies every duration, in both modes: 0.1 runs realistic 60-600 s tasks in 6-60 s. Above 0. */
        @WithDefault("1.0")
        double timeScale();

        /** Seed of the log-normal draws: the same seed and request ids give the same durations in every run. */
        @WithDefault("7")
        long seed();
    }

    /** Faults injected into the simulated APIs' submits and polls (never into {@code _calls}); none by default. */
    Chaos chaos();

    /**
     * Each fault is a probability per call; a call gets at most one, so the probabilities that apply to
     * one kind of call (submit or poll) add up to at most 1. See {@link ChaosSettings}.
     */
    interface Chaos {

        /** Share of calls answered 429 rate_limit_exceeded. */
        @WithDefault("0")
        double rateLimited();

        /** Retry-After of the injected 429s (whole seconds on the wire). */
        @WithDefault("PT1S")
        Duration retryAfter();

        /** Share of calls answered 500, 502 or 503 (in turn). */
        @WithDefault("0")
        double serverErrors();

        /** Share of calls answered normally, but only after {@code slow-delay}. */
        @WithDefault("0")
        double slow();

        @WithDefault("PT2S")
        Duration slowDelay();

        /** Share of calls never answered: the client's timeout must fire. */
        @WithDefault("0")
        double hang();

        /** Share of successful calls answered 200 with a truncated JSON body. */
        @WithDefault("0")
        double malformed();

        /** Share of submits that create (and charge) the task, then close the connection unanswered. */
        @WithDefault("0")
        double dropAfterSubmit();

        /** Share of polls of a running task that report an undocumented status. */
        @WithDefault("0")
        double unknownStatus();

        /**
         * Share of submits and polls answered with a hostile answer instead (huge Retry-After, huge
         * timestamps, thousands of videos, an endless body, ...): see {@link HostileAnswer}.
         */
        @WithDefault("0")
        double hostile();

        /**
         * Which hostile answers to give, in turn, e.g. {@code huge-retry-after,deep-json}; all when unset.
         */
        Optional<Set<HostileAnswer>> hostileAnswers();

        /** Seed of the random draws, so a run can be repeated. */
        @WithDefault("42")
        long seed();
    }
}
