package io.reelay.kafka.avro;

import org.apache.avro.SystemLimitException;
import org.jboss.logging.Logger;

/**
 * Avro's own allocation limits ({@code org.apache.avro.limits.*}), set for every launch path: a second line behind
 * {@link BoundedDecoder}, for any Avro decoding that does not go through it.
 *
 * <p>Avro 1.12.1 reads these system properties once, in the static initialiser of {@link SystemLimitException}, which
 * runs on the first decode of a string, bytes, array or map, or on the first {@code Utf8} built, or on the first
 * parse of a schema with a {@code fixed} type. A property set after that is ignored. {@link #apply()} is therefore
 * called from the static initialisers of the serdes ({@link AvroSerde}, {@link io.reelay.kafka.EventSerdes},
 * {@code RegistryAvroSerde}), which load before Reelay decodes anything; it then checks that the limits took effect
 * and warns if something initialised Avro's limits earlier (set them with {@code -D} in {@code JAVA_OPTS} then).
 * A value set by the operator ({@code -Dorg.apache.avro.limits.string.maxLength=...}) is kept.
 */
public final class AvroLimits {

    /**
     * Strings and bytes: above the largest field Reelay accepts (a {@code data:} URL, 10 MiB by default), far below
     * what would hurt the heap.
     */
    public static final int MAX_STRING_BYTES = 16 * 1024 * 1024;
    /** Items of one array or map. */
    public static final int MAX_COLLECTION_ITEMS = 100_000;

    private static final Logger LOG = Logger.getLogger(AvroLimits.class);
    private static volatile boolean applied;

    private AvroLimits() {
    }

    /** Sets the limits unless already set; idempotent and cheap. True if Avro enforces a string limit. */
    public static boolean apply() {
        if (applied) {
            return true;
        }
        synchronized (AvroLimits.class) {
            if (applied) {
                return true;
            }
            setUnlessSet(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_STRING_BYTES);
            setUnlessSet(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, MAX_STRING_BYTES);
            setUnlessSet(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_COLLECTION_ITEMS);
            applied = true;
            boolean effective = enforced();
            if (!effective) {
                LOG.warnf("Avro's allocation limits were read before Reelay could set them; Reelay's own decoder"
                        + " still bounds every length by the bytes left, but set -D%s=%d (and the bytes and"
                        + " collectionItems limits) in JAVA_OPTS to restore the second line",
                        SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_STRING_BYTES);
            }
            return effective;
        }
    }

    /** True if Avro refuses the longest string the VM could hold: a string limit is in force. */
    static boolean enforced() {
        try {
            SystemLimitException.checkMaxStringLength(Integer.MAX_VALUE - 8L);
            return false;
        } catch (SystemLimitException refused) {
            return true;
        }
    }

    private static void setUnlessSet(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }
}
