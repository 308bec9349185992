package io.reelay.ledger;

import java.math.BigDecimal;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.jboss.logging.Logger;

import io.reelay.events.LedgerEntry;
import io.reelay.events.LedgerEntryKind;
import io.reelay.kafka.RecordLimits;
import io.reelay.kafka.Topics;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.state.TenantBalance;

/**
 * The ledger's sub-topology: reads video.ledger (keyed by tenant, so one stream task holds each tenant) and keeps
 * each tenant's balance in {@link Topics#BALANCES_STORE}, in the same exactly-once transactions as the offsets it
 * reads. Values are read as bytes and decoded here: a record that does not decode, or does not hold together (key
 * not its tenant, an amount out of range), is skipped with a bounded warning and counted; it never stops the stream.
 */
public final class LedgerTopology {

    public static final String SOURCE = "video-ledger-source";
    public static final String BALANCES = "tenant-balances";
    private static final Logger LOG = Logger.getLogger(LedgerTopology.class);
    private static final BigDecimal MAX = new BigDecimal("999999999999.999999");

    private LedgerTopology() {
    }

    /** Adds the sub-topology to {@code topology}. */
    public static void addTo(Topology topology) {
        topology.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.LEDGER);
        topology.addProcessor(BALANCES, BalanceKeeper::new, SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.BALANCES_STORE),
                Serdes.String(), AvroSerde.of(TenantBalance.class)), BALANCES);
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
            Deserializer<LedgerEntry> reader = AvroSerde.of(LedgerEntry.class).deserializer();
            entry = reader.deserialize(Topics.LEDGER, value);
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

    private static final class BalanceKeeper implements Processor<String, byte[], Void, Void> {

        private KeyValueStore<String, TenantBalance> balances;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            balances = context.getStateStore(Topics.BALANCES_STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            StringBuilder skipped = new StringBuilder();
            LedgerEntry entry = decode(record.key(), record.value(), skipped);
            if (entry == null) {
                LOG.warnf("video.ledger record skipped (key %s): %s", RecordLimits.quote(record.key()), skipped);
                return;
            }
            balances.put(entry.getTenant(), Balances.apply(balances.get(entry.getTenant()), entry));
        }
    }
}
