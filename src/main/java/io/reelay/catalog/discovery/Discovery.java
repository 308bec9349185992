package io.reelay.catalog.discovery;

import java.util.List;
import java.util.Set;

import io.reelay.catalog.DiscoveredModel;

/**
 * What one gateway's discovery answered.
 *
 * @param provider the gateway
 * @param models the entries that could be read
 * @param seen every model id the answer named, readable or not: an id it named but garbled keeps what was known
 *     of it, only an id it no longer names at all is forgotten
 * @param skipped entries left out because they could not be read
 */
public record Discovery(String provider, List<DiscoveredModel> models, Set<String> seen, int skipped) {

    public Discovery {
        models = List.copyOf(models);
        seen = Set.copyOf(seen);
    }
}
