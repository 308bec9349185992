package io.reelay.kafka;

import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;

import io.reelay.events.VideoCancelRequested;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoRequested;
import io.reelay.events.VideoTaskEvent;

/**
 * Topic, channel and state store names: the product's Kafka API, in one place for the code, the
 * configuration and the tests.
 */
public final class Topics {

    /** Video-generation requests, published by producers. Key: request id. Value: VideoRequested. */
    public static final String REQUESTS = "video.requests";
    /** Upstream task lifecycle (intent, created, status, progress). Key: request id. Value: VideoTaskEvent. */
    public static final String TASKS = "video.tasks";
    /** Completion events. Key: request id. Value: VideoCompleted. */
    public static final String COMPLETED = "video.completed";
    /** Failure events. Key: request id. Value: VideoFailed. */
    public static final String FAILED = "video.failed";
    /**
     * Cancellations, published by producers. Key: the request id to cancel. Value: empty, or a
     * VideoCancelRequested saying why.
     */
    public static final String CANCELLATIONS = "video.cancellations";
    /**
     * Dead letters: every record of video.requests, video.cancellations or video.tasks that was neither admitted nor
     * answered by a failure event, with why in its headers ({@link DeadLetters}); its key and value as read, cut to
     * the record size limit (with the original's SHA-256) when they were larger.
     */
    public static final String REQUESTS_DLQ = "video.requests.dlq";
    /**
     * Reelay's own: requests and cancellations that arrived on another partition than the one that owns their key
     * (a producer with another partitioner than the Java client's murmur2, such as librdkafka's CRC32), written here
     * to the owning partition. Same partition count as video.requests. Key: request id; value: as read.
     */
    public static final String REROUTED = "video.rerouted";

    /**
     * Reelay's own, compacted: what the upstreams' discovery says about each model, shared by every instance (each
     * publishes what changed, every one reads it all into its live catalog). One partition. Key: {@code
     * <provider>/<model id>}. Value: the discovered entry as JSON in the catalog file's field names (see
     * io.reelay.catalog.sync.CatalogCodec); empty (a tombstone) when the upstream no longer lists the model.
     */
    public static final String CATALOG = "video.catalog";

    /**
     * Reelay's own, compacted: the state of every webhook delivery (attempts, next attempt, outcome), written by the
     * delivery worker and read by every instance (io.reelay.delivery). Key: {@code <webhook-id>/<endpoint>}. Value:
     * JSON (io.reelay.delivery.state.DeliveryStateCodec).
     */
    public static final String WEBHOOKS = "video.webhooks";
    /**
     * Webhook deliveries that ended without a 2xx (the retry window passed, or the endpoint refused for good). Key:
     * {@code <webhook-id>/<endpoint>}. Value: bounded JSON (request id, event type, endpoint, attempts, last status or
     * error, outcome), never the payload.
     */
    public static final String WEBHOOKS_DEAD = "video.webhooks.dead";

    /**
     * Reelay's own: the cost ledger. One entry per money movement of a request (reserve at admission; settle, release
     * or flag_unknown at its end), written in the same transaction as the state change it follows. Key: tenant.
     * Value: LedgerEntry, always in Avro single-object encoding (as the stores: registry mode does not change it). Kept long (retention 400 days): it is the record of what each tenant spent.
     */
    public static final String LEDGER = "video.ledger";

    /**
     * Reelay's own, compacted: how long each class of upstream task has taken, learned by every partition of the
     * tracker and read whole by every instance (a global store, {@link #SHARED_DURATIONS_STORE}), so that polls are
     * planned from what all of them have seen (docs/polling.md). One partition (a few records per model). Key: {@code
     * <duration class>#<tracker partition>}: each partition writes only its own keys, each time with its whole
     * statistics. Value: DurationShare, always in Avro single-object encoding (as the stores).
     */
    public static final String DURATIONS = "video.durations";

    /** Every topic Reelay reads or writes. */
    public static final List<String> ALL = List.of(REQUESTS, CANCELLATIONS, TASKS, COMPLETED, FAILED, REQUESTS_DLQ,
            REROUTED, CATALOG, WEBHOOKS, WEBHOOKS_DEAD, LEDGER, DURATIONS);

    /** Topics created with settings of their own (partitions, configuration) rather than the common ones. */
    public static final Map<String, Map<String, String>> OWN_CONFIG = Map.of(
            CATALOG, Map.of("cleanup.policy", "compact"),
            WEBHOOKS, Map.of("cleanup.policy", "compact"),
            DURATIONS, Map.of("cleanup.policy", "compact"),
            LEDGER, Map.of("retention.ms", Long.toString(400L * 24 * 60 * 60 * 1000)));
    /** Partitions of the topics that need a fixed count. */
    public static final Map<String, Integer> OWN_PARTITIONS = Map.of(CATALOG, 1, DURATIONS, 1);

    /**
     * The Avro value type of each topic that has one. Not the dead-letter topic (the original bytes), and
     * cancellations may also be empty or JSON.
     */
    public static final Map<String, Class<? extends SpecificRecord>> VALUE_TYPES = Map.of(
            REQUESTS, VideoRequested.class,
            CANCELLATIONS, VideoCancelRequested.class,
            TASKS, VideoTaskEvent.class,
            COMPLETED, VideoCompleted.class,
            FAILED, VideoFailed.class);

    /** The topics Reelay writes Avro records to. */
    public static final List<String> AVRO_OUTPUTS = List.of(TASKS, COMPLETED, FAILED);

    /** Reactive Messaging channel producing to {@link #TASKS}. */
    public static final String TASKS_CHANNEL = "video-tasks";

    /** State store of every request between intent and terminal event. */
    public static final String IN_FLIGHT_STORE = "reelay-in-flight";
    /** State store indexing in-flight requests by the time they next need attention, so ticks read only those due. */
    public static final String SCHEDULE_STORE = "reelay-schedule";
    /** State store of how long each class of upstream task has been seen to take, to plan first polls. */
    public static final String DURATIONS_STORE = "reelay-durations";
    /**
     * Global state store of {@link #DURATIONS}: every partition's learned durations, read by every stream task to plan
     * its polls. Restored from the topic itself (no changelog of its own).
     */
    public static final String SHARED_DURATIONS_STORE = "reelay-durations-shared";
    /** State store of records waiting for a schema the registry has not given yet (registry mode). */
    public static final String PARKED_STORE = "reelay-parked";
    /** State store of each tenant's balance, kept from video.ledger (io.reelay.ledger). */
    public static final String BALANCES_STORE = "reelay-tenant-balances";
    /** State store of finished request ids, kept for a retention period to refuse repeats. */
    public static final String FINISHED_STORE = "reelay-finished";

    /**
     * What every state store's changelog is created with (Kafka Streams adds {@code cleanup.policy=compact}). Segments
     * of 64 MiB, not the broker's 1 GiB: the log cleaner compacts only closed segments, so with 1 GiB a partition
     * replays up to a gigabyte of superseded versions on a restore (each in-flight request is stored three times on
     * its way to the upstream, a tenant's balance once per request), where with 64 MiB it replays about the live
     * records. Applied when Kafka Streams creates a changelog; an existing one keeps its own configuration.
     */
    public static final Map<String, String> CHANGELOG_CONFIG = Map.of("segment.bytes", Integer.toString(64 << 20));

    private Topics() {
    }
}
