package io.reelay.catalog.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.kafka.clients.producer.ProducerRecord;

import io.reelay.catalog.DiscoveredModel;
import io.reelay.catalog.Pricing;
import io.reelay.kafka.Topics;

/**
 * What one gateway's discovery round changes on the catalog topic, compared with what the topic holds now: an entry
 * for every model whose discovered facts differ (or are new), a tombstone for every model of that gateway the answer
 * no longer names at all. Unchanged models are not written again; a price whose amounts are unchanged keeps the date
 * it was first read at, so that re-reading it every round is no change, and a round that reads no price for a model
 * keeps the one the topic holds. Pure.
 */
public final class CatalogPublisher {

    private CatalogPublisher() {
    }

    /**
     * @param provider the gateway the round read
     * @param models the entries it could read
     * @param seen every id the answer named (an id named but unreadable is neither rewritten nor forgotten)
     * @param onTopic what the topic holds now, by key
     */
    public static List<ProducerRecord<String, byte[]>> changes(String provider, List<DiscoveredModel> models,
            Set<String> seen, Map<String, DiscoveredModel> onTopic) {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        for (DiscoveredModel read : models) {
            DiscoveredModel model = keepingKnownPrice(read, onTopic.get(read.key()));
            if (!Objects.equals(onTopic.get(model.key()), model)) {
                CatalogCodec.encode(model).ifPresent(value ->
                        out.add(new ProducerRecord<>(Topics.CATALOG, model.key(), value)));
            }
        }
        onTopic.values().stream()
                .filter(known -> provider.equals(known.provider()) && !seen.contains(known.id()))
                .forEach(gone -> out.add(new ProducerRecord<>(Topics.CATALOG, gone.key(), null)));
        return out;
    }

    /**
     * The entry as read, with the price the topic holds when the round read none (a pricing call that failed is no
     * price change: the last discovered price stays until a new one replaces it or the model is forgotten), and with
     * the topic's date when the amounts are the same.
     */
    private static DiscoveredModel keepingKnownPrice(DiscoveredModel read, DiscoveredModel known) {
        Pricing now = read.pricing();
        Pricing before = known == null ? null : known.pricing();
        if (before == null) {
            return read;
        }
        if (now == null) {
            return read.withPricing(before);
        }
        return now.withAsOf(null).equals(before.withAsOf(null)) ? read.withPricing(before) : read;
    }
}
