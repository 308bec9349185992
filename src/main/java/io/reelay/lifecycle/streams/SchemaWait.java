package io.reelay.lifecycle.streams;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.reelay.kafka.registry.SchemaLookups;
import io.reelay.kafka.registry.SchemaNotYetAvailableException;

/**
 * Registry mode: a record whose schema id this instance has not seen yet waits, briefly, for the lookup the decoder
 * started in the background (a new producer version takes milliseconds to look up), and is read again. While the
 * registry does not answer, an id whose lookup has been pending for a while is not waited for at all, so an outage
 * delays the records that need it by at most {@link #WAIT_MS} each and never holds a partition past its poll
 * interval; such a record is dead-lettered with why (schema_unavailable), to be published again.
 */
final class SchemaWait {

    static final long WAIT_MS = 1_000;
    /** A lookup pending this long means the registry is away: stop waiting on it. */
    private static final long GIVE_UP_MS = 5_000;
    private static final int MAX_TRACKED = 1_000;

    private final Optional<SchemaLookups> lookups;
    private final Map<Integer, Long> pendingSince = new LinkedHashMap<>();

    SchemaWait(Optional<SchemaLookups> lookups) {
        this.lookups = lookups;
    }

    /**
     * True when {@code failure} was an unseen schema id that is now known, or known to be missing: decode the record
     * again (it reads, or fails for good).
     */
    boolean becameKnown(Throwable failure) {
        SchemaNotYetAvailableException e = find(failure);
        if (e == null || e.isPermanent() || lookups.isEmpty()) {
            return false;
        }
        SchemaLookups registry = lookups.get();
        int id = e.schemaId();
        long now = System.currentTimeMillis();
        if (pendingSince.size() >= MAX_TRACKED) {
            pendingSince.remove(pendingSince.keySet().iterator().next());
        }
        long since = pendingSince.computeIfAbsent(id, k -> now);
        long deadline = now - since > GIVE_UP_MS ? now : now + WAIT_MS;
        while (!settled(registry, id) && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        boolean settled = settled(registry, id);
        if (settled) {
            pendingSince.remove(id);
        }
        return settled;
    }

    /** Known, or known to be missing: either way, reading the record again now gives its outcome. */
    private static boolean settled(SchemaLookups registry, int id) {
        SchemaLookups.Status status = registry.status(id);
        return status == SchemaLookups.Status.KNOWN || status == SchemaLookups.Status.MISSING;
    }

    static SchemaNotYetAvailableException find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SchemaNotYetAvailableException e) {
                return e;
            }
        }
        return null;
    }
}
