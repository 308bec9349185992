package io.reelay.observability.health;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;

/**
 * Keeps the tracker's stream threads going, and makes their state something to alert on. A stream thread that dies
 * is replaced (Kafka Streams' default would shut the client down, and nothing would process until someone
 * restarted it). So no record can take the client to ERROR, the one state in which liveness fails (and where a
 * restart is what helps): a poison record replaces threads instead, which {@code reelay.tracker.thread.replaced}
 * counts; {@code reelay.tracker.running} (0 or 1) is for alerts, and readiness ({@link TrackerReadinessCheck}) takes
 * the instance out of service while it is not RUNNING.
 */
@ApplicationScoped
public class TrackerThreads {

    private static final Logger LOG = Logger.getLogger(TrackerThreads.class);
    public static final String RUNNING = "reelay.tracker.running";
    public static final String REPLACED = "reelay.tracker.thread.replaced";

    @Produces
    @ApplicationScoped
    StreamsUncaughtExceptionHandler replaceDeadThreads(MeterRegistry registry) {
        Counter replaced = Counter.builder(REPLACED)
                .description("Tracker stream threads that died of an uncaught exception and were replaced")
                .register(registry);
        return e -> {
            replaced.increment();
            LOG.errorf(e, "A tracker stream thread died; it is replaced and its partitions resume from their last"
                    + " commit");
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        };
    }

    void gauge(@Observes StartupEvent start, KafkaStreams streams, MeterRegistry registry) {
        Gauge.builder(RUNNING, streams, s -> s.state() == KafkaStreams.State.RUNNING ? 1 : 0)
                .description("1 while the tracker's Kafka Streams client is RUNNING, else 0: alert when 0 for long")
                .register(registry);
    }
}
