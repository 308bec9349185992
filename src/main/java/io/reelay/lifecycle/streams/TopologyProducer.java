package io.reelay.lifecycle.streams;

import java.util.Map;

import org.apache.kafka.streams.Topology;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.reelay.catalog.sync.LiveCatalog;
import io.reelay.config.ReelayConfig;
import io.reelay.kafka.EventSerdes;
import io.reelay.kafka.InternalKey;
import io.reelay.intake.tenancy.Tenancy;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.lifecycle.mirror.MirrorMetrics;
import io.reelay.lifecycle.query.QueueBoard;
import io.reelay.lifecycle.submit.SubmitOutcomes;
import io.reelay.observability.metrics.TenantTags;
import io.reelay.observability.metrics.TrackerMetrics;
import io.reelay.observability.tracing.TrackerTracing;
import io.reelay.storage.VideoMirror;
import io.reelay.upstream.budget.RateBudgets;
import io.reelay.upstream.guard.ProviderRegistry;
import io.reelay.observability.telemetry.UpstreamTelemetryProducer;
import io.smallrye.common.annotation.Identifier;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.interceptor.Interceptor;

/** Hands the tracker topology to the Quarkus Kafka Streams extension, and drains its submits when the service stops. */
@ApplicationScoped
public class TopologyProducer {

    private static final Logger LOG = Logger.getLogger(TopologyProducer.class);

    private final SubmitDrain drain = new SubmitDrain();

    /**
     * Before Kafka Streams closes (the extension closes it on the same event, at the default priority): every submit
     * call under way gets its answer recorded, so a graceful stop leaves no unknown outcome behind.
     */
    void drainSubmits(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event,
            ReelayConfig config) throws InterruptedException {
        long began = System.nanoTime();
        int left = drain.drain(config.submitter().shutdownDrain());
        long ms = (System.nanoTime() - began) / 1_000_000;
        if (left == 0) {
            LOG.infof("Stopping: no submit call left under way (waited %d ms); new submits are left to the next owner", ms);
        } else {
            LOG.warnf("Stopping: %d submit calls still under way after %d ms (reelay.submitter.shutdown-drain); their "
                    + "requests may end submission_outcome_unknown", left, ms);
        }
    }

    @Produces
    public Topology trackerTopology(ReelayConfig config, RequestValidator validator, LiveCatalog catalog,
            ProviderRegistry providers, SubmitOutcomes outcomes, MeterRegistry registry, RateBudgets budgets,
            EventSerdes serdes, Instance<OpenTelemetry> telemetry, InternalKey key,
            @Identifier("default-kafka-broker") Map<String, Object> kafka, VideoMirror mirror, QueueBoard queues,
            Vertx vertx) {
        return TrackerTopology.buildTopology(config,
                new TrackerServices(new RequestIntake(validator, serdes, Tenancy.of(config)),
                        providers::provider, outcomes,
                        new TrackerMetrics(registry, catalog::current, TenantTags.of(config)), budgets, serdes,
                        new TrackerTracing(UpstreamTelemetryProducer.openTelemetry(telemetry)
                                .getTracer(TrackerTracing.INSTRUMENTATION)),
                        new TrackerGuards(key, new InputPartitions(kafka)),
                        new MirrorServices(mirror, new MirrorMetrics(registry))).withQueues(queues)
                        // Setting a call up (its body, span, guards) is work the stream thread need not wait for.
                        .withCalls(new EventLoopCalls(vertx)).withDrain(drain));
    }
}
