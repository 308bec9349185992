package io.reelay.faults;

import java.time.Duration;
import java.util.Properties;

import io.reelay.simulator.ChaosSettings;

/**
 * The size and faults of a run, from system properties so that the CI test and the large on-demand run are the
 * same code: {@code -Dreelay.faults.requests=10000 -Dreelay.faults.kills=3}.
 *
 * @param requests valid requests published
 * @param kills SIGKILLs of the service, each followed at once by a restart
 * @param gracefulRestarts SIGTERMs of the service (a rolling restart's step), each followed by a start once it exited
 * @param brokerRestarts stops of the broker, each followed by a start on the same data after {@code brokerDowntime}
 * @param brokerKill SIGKILL the broker instead of SIGTERM
 * @param brokerDowntime how long the broker stays down
 * @param rate requests published per second
 * @param settle how long after the last publish the run waits for the last terminal events
 * @param chaos faults the simulator injects into HTTP answers
 * @param submitConcurrency the service's {@code reelay.submitter.concurrency}: the most submits under way at once,
 *        so the most requests one kill may leave with an unknown outcome and no submit upstream
 * @param outageKill the kill (1 for the first) an upstream outage spans, 0 for no outage
 * @param outageLead how long before that kill the outage begins: long enough for the circuit breaker to open
 * @param outageAfter how long the outage lasts once the restarted service is ready
 * @param mirroring copy every finished video and last frame into a real S3 server (s3proxy) and check the bucket
 * @param fileTransfer how long the file host takes to send one result file, so kills meet copies under way
 * @param webhooks deliver every terminal event to a verifying consumer and to an endpoint answering 500
 */
record FaultSettings(int requests, int kills, int gracefulRestarts, int brokerRestarts, boolean brokerKill, Duration brokerDowntime,
        double rate, Duration settle, ChaosSettings chaos, int submitConcurrency, int outageKill, Duration outageLead,
        Duration outageAfter, boolean mirroring, Duration fileTransfer, boolean webhooks) {

    FaultSettings {
        if (outageKill < 0 || outageKill > kills) {
            throw new IllegalArgumentException(PREFIX + "outage-kill must name one of the " + kills
                    + " kills (1 for the first) or be 0 for no outage, was " + outageKill);
        }
    }

    static final String PREFIX = "reelay.faults.";

    /** The run's default faults; injected once the simulator implements them (see {@link ChaosSettings}). */
    static ChaosSettings defaultChaos(long seed) {
        return new ChaosSettings(0.03, Duration.ofSeconds(1), 0.03, 0.03, Duration.ofSeconds(1), 0.005, 0.01, 0.01,
                0.03, seed);
    }

    static FaultSettings from(Properties p) {
        int requests = Integer.parseInt(p.getProperty(PREFIX + "requests", "300"));
        // About a minute of publishing whatever the size, so the kills fall among requests at every stage.
        double defaultRate = Math.min(150, Math.max(10, requests / 60.0));
        long seed = Long.parseLong(p.getProperty(PREFIX + "seed", "42"));
        boolean chaos = Boolean.parseBoolean(p.getProperty(PREFIX + "chaos", "true"));
        int kills = Integer.parseInt(p.getProperty(PREFIX + "kills", "2"));
        return new FaultSettings(requests, kills,
                Integer.parseInt(p.getProperty(PREFIX + "graceful-restarts", "1")),
                Integer.parseInt(p.getProperty(PREFIX + "broker-restarts", "1")),
                Boolean.parseBoolean(p.getProperty(PREFIX + "broker-kill", "false")),
                Duration.parse(p.getProperty(PREFIX + "broker-downtime", "PT5S")),
                Double.parseDouble(p.getProperty(PREFIX + "rate", Double.toString(defaultRate))),
                Duration.parse(p.getProperty(PREFIX + "settle", "PT5M")),
                chaos ? defaultChaos(seed) : ChaosSettings.NONE,
                Integer.parseInt(p.getProperty(PREFIX + "submit-concurrency", "32")),
                Integer.parseInt(p.getProperty(PREFIX + "outage-kill", kills > 0 ? "1" : "0")),
                Duration.parse(p.getProperty(PREFIX + "outage-lead", "PT5S")),
                Duration.parse(p.getProperty(PREFIX + "outage-after", "PT5S")),
                Boolean.parseBoolean(p.getProperty(PREFIX + "mirroring", "true")),
                Duration.parse(p.getProperty(PREFIX + "file-transfer", "PT0.5S")),
                Boolean.parseBoolean(p.getProperty(PREFIX + "webhooks", "true")));
    }

    /** How long publishing takes at {@link #rate}. */
    Duration publishWindow() {
        return Duration.ofMillis((long) (requests / rate * 1000));
    }
}
