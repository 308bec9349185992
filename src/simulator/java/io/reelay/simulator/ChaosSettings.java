package io.reelay.simulator;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Faults the simulator injects, each as a probability per call (0 = never, 1 = always), drawn
 * from a seeded random source so a run can be repeated.
 *
 * @param rateLimited answer 429 rate_limit_exceeded with Retry-After {@code retryAfter}
 * @param retryAfter the Retry-After of injected 429s
 * @param serverErrors answer 500 server_error, 502 upstream_error or 503 all_channels_failed (in turn)
 * @param slow answer only after {@code slowDelay}
 * @param slowDelay delay of slow answers
 * @param hang never answer (the connection stays open until the client gives up)
 * @param malformed answer 200 with a truncated, unparseable body
 * @param dropAfterSubmit accept a submit (create and charge the task) but close the connection before answering
 * @param unknownStatus report a status value no contract documents while a task runs
 * @param seed seed of the random source
 * @param hostile answer a submit or poll with one of {@code hostileAnswers} (in turn) instead
 * @param hostileAnswers the hostile answers to give; empty means all of {@link HostileAnswer}
 *
 * <p>A call suffers at most one fault, so each probability is the share of calls that get that
 * fault: the faults that can hit a submit (all but unknownStatus) must add up to at most 1, and so
 * must those that can hit a poll (all but dropAfterSubmit).
 */
public record ChaosSettings(double rateLimited, Duration retryAfter, double serverErrors, double slow,
        Duration slowDelay, double hang, double malformed, double dropAfterSubmit, double unknownStatus, long seed,
        double hostile, List<HostileAnswer> hostileAnswers) {

    public static final ChaosSettings NONE = new ChaosSettings(0, Duration.ofSeconds(1), 0, 0, Duration.ofSeconds(2),
            0, 0, 0, 0, 42);

    /** Faults without hostile answers. */
    public ChaosSettings(double rateLimited, Duration retryAfter, double serverErrors, double slow,
            Duration slowDelay, double hang, double malformed, double dropAfterSubmit, double unknownStatus, long seed) {
        this(rateLimited, retryAfter, serverErrors, slow, slowDelay, hang, malformed, dropAfterSubmit, unknownStatus,
                seed, 0, List.of());
    }

    /** Only hostile answers, on every call: these ones in turn (all when none are named). */
    public static ChaosSettings hostileOnly(HostileAnswer... answers) {
        return NONE.withHostile(1, Set.of(answers));
    }

    /** The same faults, and hostile answers on a share {@code probability} of the calls. */
    public ChaosSettings withHostile(double probability, Set<HostileAnswer> answers) {
        return new ChaosSettings(rateLimited, retryAfter, serverErrors, slow, slowDelay, hang, malformed,
                dropAfterSubmit, unknownStatus, seed, probability, List.copyOf(answers));
    }

    public ChaosSettings {
        requireProbability("hostile", hostile);
        // In declaration order, so the rotation of hostile answers is the same in every run.
        Set<HostileAnswer> named = hostileAnswers == null || hostileAnswers.isEmpty()
                ? EnumSet.allOf(HostileAnswer.class) : EnumSet.copyOf(hostileAnswers);
        hostileAnswers = List.copyOf(named);
        requireProbability("rate-limited", rateLimited);
        requireProbability("server-errors", serverErrors);
        requireProbability("slow", slow);
        requireProbability("hang", hang);
        requireProbability("malformed", malformed);
        requireProbability("drop-after-submit", dropAfterSubmit);
        requireProbability("unknown-status", unknownStatus);
        requireNotNegative("retry-after", retryAfter);
        requireNotNegative("slow-delay", slowDelay);
        double shared = rateLimited + serverErrors + slow + hang + malformed + hostile;
        requireShare("submits", shared + dropAfterSubmit);
        requireShare("polls", shared + unknownStatus);
    }

    public boolean any() {
        return rateLimited > 0 || serverErrors > 0 || slow > 0 || hang > 0 || malformed > 0 || dropAfterSubmit > 0
                || unknownStatus > 0 || hostile > 0;
    }

    private static void requireProbability(String key, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("simulator.chaos." + key
                    + " must be a probability between 0 and 1, was " + p);
        }
    }

    private static void requireNotNegative(String key, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("simulator.chaos." + key
                    + " must be a duration of zero or more, was " + d);
        }
    }

    // A small tolerance, so shares like 0.1 + 0.2 + 0.7 written in configuration are not refused for rounding.
    private static void requireShare(String calls, double total) {
        if (total > 1 + 1e-9) {
            throw new IllegalArgumentException("simulator.chaos: the fault probabilities that apply to "
                    + calls + " add up to " + total + "; a call gets at most one fault, so they must add up to "
                    + "at most 1");
        }
    }
}
