package io.reelay.lifecycle.streams;

import java.util.Map;

import org.apache.kafka.streams.Topology;

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
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/** Hands the tracker topology to the Quarkus Kafka Streams extension. */
@ApplicationScoped
public class TopologyProducer {

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
                        .withCalls(new EventLoopCalls(vertx)));
    }
}
