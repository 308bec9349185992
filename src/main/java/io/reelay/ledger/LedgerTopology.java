package io.reelay.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.function.Function;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.jboss.logging.Logger;

import io.reelay.events.FailureReason;
import io.reelay.events.LedgerEntry;
import io.reelay.events.LedgerEntryKind;
import io.reelay.events.VideoTaskEvent;
import io.reelay.events.VideoTaskEventType;
import io.reelay.kafka.RecordLimits;
import io.reelay.kafka.Topics;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.state.TenantBalance;

/**
 * The ledger's sub-topology: reads video.ledger (keyed by tenant, so one stream task holds each tenant) and keeps
 * each tenant's balance in {@link Topics#BALANCES_STORE}, in the same exactly-once transactions as the offsets it
 * reads; it checks limited tenants' reservations against their spending limits there ({@link LimitChecks}) and answers
 * each on video.tasks. Values are read as bytes and decoded here: a record that does not decode, or does not hold together (key
 * not its tenant, an amount out of range), is skipped with a bounded warning and counted; it never stops the stream.
 */
public final class LedgerTopology {

    public static final String SOURCE = "video-ledger-source";
    public static final String BALANCES = "tenant-balances";
    public static final String ANSWERS_SINK = "ledger-answers-sink";
    /**
     * Reservations refused for a spending limit, keyed {@code <tenant>/<request id>} (on the tenant's partition), until
     * their release: a refused reservation was never counted, so its release subtracts nothing.
     */
    public static final String REFUSED_STORE = "reelay-refused-reservations";
    private static final Logger LOG = Logger.getLogger(LedgerTopology.class);
    private static final BigDecimal MAX = new BigDecimal("999999999999.999999");
    /** Built once: a serde resolves every released schema version when built, too dear for each record. */
    private static final Deserializer<LedgerEntry> READER = AvroSerde.of(LedgerEntry.class).deserializer();

    private LedgerTopology() {
    }

    /**
     * Adds the sub-topology to {@code topology}: the balances, and the answers to reservations that wait for the
     * spending limits' check, written to video.tasks (keyed by request id) through {@code answers}, which signs them.
     *
     * @param limits each tenant's spending limits as configured
     */
    public static void addTo(Topology topology, Function<String, SpendLimits> limits, Serializer<VideoTaskEvent> answers) {
        topology.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.LEDGER);
        topology.addProcessor(BALANCES, () -> new BalanceKeeper(limits), SOURCE);
        // Cached: every entry rewrites its tenant's balance, and the cache writes each tenant's latest to RocksDB and the
        // changelog once a commit rather than once an entry (reads, the usage API's too, go through it).
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.BALANCES_STORE),
                Serdes.String(), AvroSerde.of(TenantBalance.class)).withLoggingEnabled(Topics.CHANGELOG_CONFIG)
                .withCachingEnabled(), BALANCES);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REFUSED_STORE),
                Serdes.String(), Serdes.Long()).withLoggingEnabled(Topics.CHANGELOG_CONFIG), BALANCES);
        // A sink of its own: sharing the tracker's would join the two sub-topologies (and their partitionings).
        topology.addSink(ANSWERS_SINK, Topics.TASKS, Serdes.String().serializer(), answers, BALANCES);
    }

    /**
     * The entry as read, or null with why in {@code skipped} when it cannot be trusted. Public for the hostile-input
     * tests: every byte array has exactly one of the two outcomes.
     */
    public static LedgerEntry decode(String key, byte[] value, StringBuilder skipped) {
        if (value == null) {
            skipped.append("no value");
            return null;
        }
        LedgerEntry entry;
        try {
            entry = READER.deserialize(Topics.LEDGER, value);
        } catch (RuntimeException e) { // NOPMD: any decoding failure is the record's, never the stream's
            skipped.append("undecodable: ").append(RecordLimits.cut(String.valueOf(e.getMessage()), 200));
            return null;
        }
        if (entry == null || entry.getTenant() == null || !entry.getTenant().equals(key)) {
            skipped.append("the key is not the entry's tenant");
            return null;
        }
        if (entry.getKind() == null || entry.getKind() == LedgerEntryKind.unknown) {
            skipped.append("unknown kind");
            return null;
        }
        if (!inRange(entry.getAmountUsd()) || !inRange(entry.getEstimatedCostUsd())
                || entry.getActualCostUsd() != null && !inRange(entry.getActualCostUsd())) {
            skipped.append("an amount out of range");
            return null;
        }
        return entry;
    }

    private static boolean inRange(BigDecimal amount) {
        return amount != null && amount.signum() >= 0 && amount.compareTo(MAX) <= 0;
    }

    /**
     * Applies each entry to its tenant's balance. A reserve that waits for the limits' check ({@code limit_check}) is
     * applied only if it fits; either way the request is answered on video.tasks. Every check and every entry of one
     * tenant is applied here, one at a time, in the ledger's order, on the one stream task that holds the tenant:
     * concurrent requests and instances cannot both fit into the last of a budget.
     */
    static final class BalanceKeeper implements Processor<String, byte[], String, VideoTaskEvent> {

        private final Function<String, SpendLimits> limits;
        private KeyValueStore<String, TenantBalance> balances;
        private KeyValueStore<String, Long> refused;
        private ProcessorContext<String, VideoTaskEvent> context;

        BalanceKeeper(Function<String, SpendLimits> limits) {
            this.limits = limits;
        }

        @Override
        public void init(ProcessorContext<String, VideoTaskEvent> context) {
            this.context = context;
            balances = context.getStateStore(Topics.BALANCES_STORE);
            refused = context.getStateStore(REFUSED_STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            StringBuilder skipped = new StringBuilder();
            LedgerEntry entry = decode(record.key(), record.value(), skipped);
            if (entry == null) {
                LOG.warnf("video.ledger record skipped (key %s): %s", RecordLimits.quote(record.key()), skipped);
                return;
            }
            String tenant = entry.getTenant();
            String refusedKey = tenant + "/" + entry.getRequestId();
            boolean refusedBefore = refused.get(refusedKey) != null;
            LimitChecks.Step step = LimitChecks.apply(balances.get(tenant), refusedBefore, entry, limits.apply(tenant));
            if (step.balance() != null) {
                balances.put(tenant, step.balance());
            }
            if (step.refused() && !refusedBefore) {
                refused.put(refusedKey, record.timestamp());
            } else if (!step.refused() && refusedBefore) {
                refused.delete(refusedKey);
            }
            if (step.answer() != null) {
                answer(entry, step.answer() == LimitChecks.Answer.CONFIRMED ? VideoTaskEventType.reservation_confirmed
                        : VideoTaskEventType.reservation_refused, step.message(), record.timestamp());
            }
        }

        private void answer(LedgerEntry entry, VideoTaskEventType type, String message, long timestamp) {
            VideoTaskEvent event = VideoTaskEvent.newBuilder()
                    .setRequestId(entry.getRequestId())
                    .setType(type)
                    .setOccurredAt(entry.getAt() == null ? Instant.EPOCH : entry.getAt())
                    .setProvider(entry.getProvider() == null ? "" : entry.getProvider())
                    .setModel(entry.getModel() == null ? "" : entry.getModel())
                    .setTenant(entry.getTenant())
                    .setEstimatedCostUsd(entry.getEstimatedCostUsd())
                    .setFailureReason(message == null ? null : FailureReason.budget_exceeded)
                    .setFailureMessage(message)
                    .build();
            // Fresh headers: the answer is signed by the sink's serializer, nothing of the ledger record carried over.
            context.forward(new Record<>(entry.getRequestId(), event, timestamp, new RecordHeaders()));
        }
    }
}
