package io.reelay.testing.process;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import io.reelay.testing.broker.EmbeddedKafkaBroker;

/**
 * {@code BrokerMain <port> <logDir>}: the embedded KRaft broker as a process of its own, so a fault run can kill it
 * and start it again on the same data. SIGTERM shuts it down cleanly through the shutdown hook.
 */
public final class BrokerMain {

    /** Printed once the broker accepts clients. */
    static final String READY = "REELAY-FAULTS-BROKER-READY";

    private BrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("Usage: BrokerMain <port> <logDir>");
            System.exit(2);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Integer.parseInt(args[0]), Path.of(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-stop"));
        System.out.println(READY + " " + broker.bootstrapServers() + " in " + broker.startupTime().toMillis() + " ms");
        new CountDownLatch(1).await();
    }
}
