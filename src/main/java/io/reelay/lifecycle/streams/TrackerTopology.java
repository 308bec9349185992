package io.reelay.lifecycle.streams;

import java.util.concurrent.Semaphore;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;

import io.reelay.config.ReelayConfig;
import io.reelay.lifecycle.poll.PollingLimits;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoTaskEvent;
import io.reelay.kafka.EventSerdes;
import io.reelay.kafka.Topics;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.events.LedgerEntry;
import io.reelay.ledger.LedgerTopology;
import io.reelay.ledger.SpendLimits;
import io.reelay.state.DurationShare;

/**
 * The tracker: reads requests from video.requests, cancellations from video.cancellations and the
 * task lifecycle from video.tasks (co-partitioned by request id, so one stream task owns a request
 * from start to end; records a producer put on another partition come back through video.rerouted to the
 * owning one), keeps every request in a persistent store from admission to its terminal event, submits
 * each valid request once, polls the upstream on a wall-clock schedule, and writes exactly one
 * terminal event to video.completed or video.failed. Every record it reads is admitted, answered by a
 * failure event, or dead-lettered to video.requests.dlq: nothing a record holds can stop it.
 *
 * <p>Values are read as bytes and decoded by the tracker itself, so that a record that does not decode is a dead
 * letter like any other refusal, not an exception in Kafka Streams' hands.
 */
public final class TrackerTopology {

    public static final String REQUESTS_SOURCE = "video-requests-source";
    public static final String TASKS_SOURCE = "video-tasks-source";
    public static final String CANCELLATIONS_SOURCE = "video-cancellations-source";
    public static final String REROUTED_SOURCE = "video-rerouted-source";
    public static final String TRACKER = "task-tracker";
    public static final String TASKS_SINK = "video-tasks-sink";
    public static final String COMPLETED_SINK = "video-completed-sink";
    public static final String FAILED_SINK = "video-failed-sink";
    public static final String DLQ_SINK = "video-requests-dlq-sink";
    public static final String REROUTED_SINK = "video-rerouted-sink";
    public static final String LEDGER_SINK = "video-ledger-sink";
    public static final String DURATIONS_SINK = "video-durations-sink";

    private TrackerTopology() {
    }

    /**
     * Builds the topology. Pure: everything it needs comes in as arguments.
     *
     * @param config the tracker, submitter and polling settings (checked: see {@link PollingLimits})
     * @param services request intake, providers, submit outcome sink, metrics, the topics' serdes
     */
    public static Topology buildTopology(ReelayConfig config, TrackerServices services) {
        // Built at start-up: a polling value out of range stops the service here, naming its key.
        PollingLimits.check(config.polling());
        // One permit pool per kind for the whole instance: the bounds are on concurrent HTTP calls, not per partition.
        Semaphore pollPermits = new Semaphore(config.tracker().maxConcurrentPolls());
        Semaphore submitPermits = new Semaphore(config.submitter().concurrency());
        services.drain().watch(submitPermits, config.submitter().concurrency());
        EventSerdes serdes = services.serdes();
        Topology topology = new Topology();
        topology.addSource(REQUESTS_SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                Topics.REQUESTS);
        topology.addSource(CANCELLATIONS_SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                Topics.CANCELLATIONS);
        // No reset of its own (null: the application's); read by the lifecycle's time, not the records'.
        topology.addSource((org.apache.kafka.streams.AutoOffsetReset) null, TASKS_SOURCE, new LifecycleFirst(),
                Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.TASKS);
        topology.addSource(REROUTED_SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                Topics.REROUTED);
        topology.addProcessor(TRACKER, new TaskTrackerSupplier(config, services, pollPermits, submitPermits),
                REQUESTS_SOURCE, CANCELLATIONS_SOURCE, TASKS_SOURCE, REROUTED_SOURCE);
        topology.addSink(TASKS_SINK, Topics.TASKS, Serdes.String().serializer(),
                services.guards().signatures().signing(serdes.of(VideoTaskEvent.class).serializer()), TRACKER);
        topology.addSink(COMPLETED_SINK, Topics.COMPLETED, Serdes.String().serializer(),
                serdes.of(VideoCompleted.class).serializer(), TRACKER);
        topology.addSink(FAILED_SINK, Topics.FAILED, Serdes.String().serializer(),
                serdes.of(VideoFailed.class).serializer(), TRACKER);
        topology.addSink(DLQ_SINK, Topics.REQUESTS_DLQ, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(),
                TRACKER);
        // The default partitioner hashes the key with murmur2, as the Java client does: the owning partition.
        topology.addSink(REROUTED_SINK, Topics.REROUTED, Serdes.String().serializer(), Serdes.ByteArray().serializer(),
                TRACKER);
        // Keyed by tenant: the ledger's own sub-topology keeps each tenant's balance on one partition.
        topology.addSink(LEDGER_SINK, Topics.LEDGER, Serdes.String().serializer(),
                AvroSerde.of(LedgerEntry.class).serializer(), TRACKER);
        // Each partition's learned durations, read back whole by every instance (SharedDurations).
        topology.addSink(DURATIONS_SINK, Topics.DURATIONS, Serdes.String().serializer(),
                AvroSerde.of(DurationShare.class).serializer(), TRACKER);
        SharedDurations.addTo(topology);
        // The ledger answers limited tenants' reservations on video.tasks, signed like every record there.
        LedgerTopology.addTo(topology, tenant -> SpendLimits.of(config, tenant),
                services.guards().signatures().signing(serdes.of(VideoTaskEvent.class).serializer()));
        return topology;
    }
}
