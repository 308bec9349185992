package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteOptions;

/**
 * The state stores' off-heap memory stays within the configured bound, however much is written: the setter applied
 * to a RocksDB database the way Kafka Streams opens its stores (block-based table options, then the setter).
 */
class BoundedRocksDbMemoryTest {

    private static final long BOUND = 16L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void writesFarBeyondTheBoundStayWithinItAndReadBack() throws Exception {
        RocksDB.loadLibrary();
        try (Options options = new Options().setCreateIfMissing(true);
                WriteOptions writes = new WriteOptions().setDisableWAL(true)) {
            // What Kafka Streams' RocksDBStore sets before it calls the setter.
            options.setTableFormatConfig(new BlockBasedTableConfig());
            options.setWriteBufferSize(16L * 1024 * 1024);
            options.setMaxWriteBufferNumber(3);
            new BoundedRocksDbMemory().setConfig("reelay-in-flight", options,
                    Map.of(BoundedRocksDbMemory.MEMORY_CONFIG, Long.toString(BOUND)));
            try (RocksDB db = RocksDB.open(options, dir.toString())) {
                byte[] value = new byte[1024];
                long peak = 0;
                for (int i = 0; i < 64 * 1024; i++) { // 64 MiB written: four times the bound
                    value[0] = (byte) i;
                    db.put(writes, ("key-" + i).getBytes(StandardCharsets.UTF_8), value);
                    if (i % 4096 == 0) {
                        peak = Math.max(peak, BoundedRocksDbMemory.usage(BOUND, 0.25));
                    }
                }
                for (int i = 0; i < 64 * 1024; i += 7) {
                    assertThat(db.get(("key-" + i).getBytes(StandardCharsets.UTF_8))).hasSize(1024)
                            .startsWith((byte) i);
                }
                peak = Math.max(peak, BoundedRocksDbMemory.usage(BOUND, 0.25));
                assertThat(peak).as("memtables and blocks are charged to the shared cache").isPositive();
                assertThat(peak).as("within the bound (RocksDB may overshoot by a block or so)")
                        .isLessThanOrEqualTo(BOUND + BOUND / 10);
            }
        }
    }

    @Test
    void nonsenseBoundsAreRefusedAtStart() {
        assertThat(BoundedRocksDbMemory.bytes(null, 7)).isEqualTo(7);
        assertThat(BoundedRocksDbMemory.bytes("268_435_456", 7)).isEqualTo(268_435_456L);
        assertThatThrownBy(() -> BoundedRocksDbMemory.bytes("1024", 7)).hasMessageContaining("at least 16 MiB");
        assertThatThrownBy(() -> BoundedRocksDbMemory.ratio("1.5")).hasMessageContaining("between 0 and 1");
        assertThat(BoundedRocksDbMemory.ratio(null)).isEqualTo(0.25);
    }
}
