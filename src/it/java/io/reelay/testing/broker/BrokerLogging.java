package io.reelay.testing.broker;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jboss.logmanager.LogContext;

/**
 * Keeps the in-process broker's INFO logs (about 1,500 lines per start) off the console. Kafka logs through SLF4J,
 * bound on the test classpath to JBoss LogManager, so the levels are set on its log context: that works whether or
 * not {@code java.util.logging.manager} names JBoss LogManager. Set {@code -Dreelay.test.kafka.verbose=true} to
 * keep them.
 */
final class BrokerLogging {

    static final List<String> CATEGORIES = List.of("kafka", "org.apache.kafka", "state.change.logger");

    // Held so that the levels cannot be lost with collected logger instances.
    private static List<Logger> quieted = List.of();

    private BrokerLogging() {
    }

    static synchronized void quiet() {
        if (!quieted.isEmpty() || Boolean.getBoolean("reelay.test.kafka.verbose")) {
            return;
        }
        LogContext context = LogContext.getLogContext();
        quieted = CATEGORIES.stream().map(context::getLogger).map(Logger.class::cast).toList();
        quieted.forEach(logger -> logger.setLevel(Level.WARNING));
    }
}
