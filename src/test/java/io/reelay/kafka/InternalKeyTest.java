package io.reelay.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/** Signatures made by the per-thread Macs: the same on every thread and after any earlier use. */
class InternalKeyTest {

    private static final InternalKey KEY = InternalKey.of("k".repeat(InternalKey.MIN_LENGTH));

    @Test
    void everyThreadSignsAlike() throws Exception {
        String expected = KEY.sign("tasks", "request-1", "payload");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> signs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                signs.add(() -> KEY.sign("tasks", "request-1", "payload"));
            }
            for (Future<String> signed : pool.invokeAll(signs)) {
                assertThat(signed.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aUseLeavesNothingForTheNext() {
        String first = KEY.sign("owner", "a", "b");
        assertThat(KEY.verify("not-a-signature", "owner", "a", "b")).isFalse();
        assertThat(KEY.verify(first, "owner", "a", "c")).isFalse();
        assertThat(KEY.sign("owner", "a", "b")).isEqualTo(first);
        assertThat(KEY.verify(first, "owner", "a", "b")).isTrue();
        // framing: the same bytes split differently are another signature
        assertThat(KEY.sign("owner", "ab", "")).isNotEqualTo(KEY.sign("owner", "a", "b"));
        // another key, another signature
        assertThat(InternalKey.of("j".repeat(InternalKey.MIN_LENGTH)).sign("owner", "a", "b")).isNotEqualTo(first);
    }
}
