package io.reelay.catalog.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.kafka.clients.producer.ProducerRecord;

import io.reelay.catalog.DiscoveredModel;
import io.reelay.kafka.Topics;

/**
 * What one gateway's discovery round changes on the catalog topic, compared with what the topic holds now: an entry
 * for every model whose discovered facts differ (or are new), a tombstone for every model of that gateway the answer
 * no longer names at all. Unchanged models are not written again. Pure.
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
        for (DiscoveredModel model : models) {
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
}
