package io.reelay.simulator;

import io.reelay.simulator.SimulatorHttp.Call;
import java.util.Random;

/**
 * Decides which fault, if any, each call gets. One uniform draw per call is laid over the faults'
 * probabilities end to end, so each fault hits exactly its configured share and the same seed gives
 * the same sequence. Synchronized: handlers of one simulator may run on several event loops.
 */
final class FaultInjector {

    /** One 5xx of the rotation: status, envelope type and code. */
    record ServerError(int status, String type, String code, String message) {
    }

    private static final ServerError[] SERVER_ERRORS = {
        new ServerError(500, "server_error", "server_error", "Simulated internal server error"),
        new ServerError(502, "upstream_error", "upstream_error", "Simulated upstream provider error"),
        new ServerError(503, "server_error", "all_channels_failed", "Simulated outage: all channels failed"),
    };

    private final ChaosSettings chaos;
    private final Random random;
    private long serverErrors;
    private long hostileAnswers;

    FaultInjector(ChaosSettings chaos) {
        this.chaos = chaos;
        this.random = new Random(chaos.seed());
    }

    synchronized Fault draw(Call call) {
        if (!chaos.any()) {
            return Fault.NONE;
        }
        double u = random.nextDouble();
        for (Fault fault : Fault.values()) {
            if (!fault.appliesTo(call)) {
                continue;
            }
            double p = fault.probability(chaos);
            if (u < p) {
                return fault;
            }
            u -= p;
        }
        return Fault.NONE;
    }

    synchronized ServerError nextServerError() {
        return SERVER_ERRORS[(int) (serverErrors++ % SERVER_ERRORS.length)];
    }

    /** The next hostile answer of the configured ones, in turn. */
    synchronized HostileAnswer nextHostile() {
        return chaos.hostileAnswers().get((int) (hostileAnswers++ % chaos.hostileAnswers().size()));
    }

    ChaosSettings chaos() {
        return chaos;
    }
}
