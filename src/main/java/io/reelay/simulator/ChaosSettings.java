package io.reelay.simulator;

import java.time.Duration;

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
 */
public record ChaosSettings(double rateLimited, Duration retryAfter, double serverErrors, double slow,
        Duration slowDelay, double hang, double malformed, double dropAfterSubmit, double unknownStatus, long seed) {

    public static final ChaosSettings NONE = new ChaosSettings(0, Duration.ofSeconds(1), 0, 0, Duration.ofSeconds(2),
            0, 0, 0, 0, 42);

    public boolean any() {
        return rateLimited > 0 || serverErrors > 0 || slow > 0 || hang > 0 || malformed > 0 || dropAfterSubmit > 0
                || unknownStatus > 0;
    }
}
