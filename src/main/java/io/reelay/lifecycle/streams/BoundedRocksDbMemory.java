package io.reelay.lifecycle.streams;

import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.jboss.logging.Logger;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of all the instance's RocksDB stores together: one block cache shared by every store
 * of every partition, with the memtables charged to it (a write buffer manager) and the index and filter blocks
 * held in it. Without this, each store of each partition takes its own 50 MB cache and up to three 16 MB
 * memtables, so memory grows with partitions and in-flight tasks until a container limit kills the pod.
 *
 * <p>Kafka Streams creates this class by name ({@code kafka-streams.rocksdb.config.setter}) and hands it its
 * configuration; the bound is {@value #MEMORY_CONFIG} (bytes, default {@value #DEFAULT_MEMORY}), of which
 * {@value #WRITE_BUFFER_RATIO_CONFIG} (default 0.25) may be memtables.
 */
public class BoundedRocksDbMemory implements RocksDBConfigSetter {

    public static final String MEMORY_CONFIG = "reelay.rocksdb.memory.bytes";
    public static final String WRITE_BUFFER_RATIO_CONFIG = "reelay.rocksdb.write-buffer.ratio";
    static final long DEFAULT_MEMORY = 256L * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(BoundedRocksDbMemory.class);

    /**
     * One cache and write buffer manager per process (per configured size: there is one in production), shared by
     * every store; never closed while the process runs.
     */
    private static final Map<String, Shared> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

    private record Shared(long bytes, long writeBufferBytes, Cache cache, WriteBufferManager writeBuffers) {
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared memory = shared(bytes(configs.get(MEMORY_CONFIG), DEFAULT_MEMORY),
                ratio(configs.get(WRITE_BUFFER_RATIO_CONFIG)));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(memory.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(memory.writeBuffers());
        // Memtables small enough that the manager's flushes keep up: a quarter of the memtable share each, two at most.
        options.setWriteBufferSize(Math.max(1024 * 1024, memory.writeBufferBytes() / 4));
        options.setMaxWriteBufferNumber(2);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by the other stores: they live as long as the process.
    }

    private static Shared shared(long bytes, double writeBufferRatio) {
        return SHARED.computeIfAbsent(bytes + "/" + writeBufferRatio, key -> {
            // High-priority pool (index and filter blocks) a tenth of the cache, strict limit off (reads never fail).
            Cache cache = new LRUCache(bytes, -1, false, 0.1);
            LOG.infof("RocksDB state stores share %d MiB of memory (block cache, index, filters and memtables)",
                    bytes / (1024 * 1024));
            long writeBuffers = (long) (bytes * writeBufferRatio);
            return new Shared(bytes, writeBuffers, cache, new WriteBufferManager(writeBuffers, cache));
        });
    }

    /** Bytes in use in the shared cache of this size (memtables included), for the tests; 0 if none. */
    static long usage(long bytes, double writeBufferRatio) {
        Shared memory = SHARED.get(bytes + "/" + writeBufferRatio);
        return memory == null ? 0 : memory.cache().getUsage();
    }

    static long bytes(Object configured, long fallback) {
        if (configured == null || configured.toString().isBlank()) {
            return fallback;
        }
        long bytes = Long.parseLong(configured.toString().trim().replace("_", ""));
        if (bytes < 16L * 1024 * 1024) {
            throw new IllegalArgumentException(MEMORY_CONFIG + " must be at least 16 MiB, was " + bytes);
        }
        return bytes;
    }

    static double ratio(Object configured) {
        double ratio = configured == null || configured.toString().isBlank() ? 0.25
                : Double.parseDouble(configured.toString().trim());
        if (!(ratio > 0 && ratio < 1)) {
            throw new IllegalArgumentException(WRITE_BUFFER_RATIO_CONFIG + " must be between 0 and 1, was " + ratio);
        }
        return ratio;
    }
}
