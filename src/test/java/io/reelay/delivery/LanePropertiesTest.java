package io.reelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * A lane under random interleavings of deliveries coming due, attempts ending (some at once, inside their start),
 * deliveries replaced or ended while they wait, and starts that send nothing (a disabled subscription): never more
 * attempts in flight than its concurrency, none waiting beside a free slot, each current delivery started exactly
 * once and in the order it came due, none that stopped being current ever started.
 */
class LanePropertiesTest {

    /** One step: what happens, on which lane, and to which item (an index into that lane's candidates). */
    record Step(int kind, int lane, int pick) {
    }

    /** The lanes of a dispatcher, modelled: what each started, what is in flight, what is current. */
    private static final class Model {
        final int concurrency;
        final List<Lane<Integer>> lanes = new ArrayList<>();
        final List<List<Integer>> inFlight = new ArrayList<>();
        final List<List<Integer>> offered = new ArrayList<>();
        final List<List<Integer>> started = new ArrayList<>();
        final Set<Integer> stale = new HashSet<>();
        /** Items whose start sends nothing (returns false). */
        final Set<Integer> refused = new HashSet<>();
        /** Items whose attempt completes inside its start. */
        final Set<Integer> immediate = new HashSet<>();
        final Map<Integer, Integer> starts = new HashMap<>();
        int maxSeen;

        Model(int lanes, int concurrency) {
            this.concurrency = concurrency;
            for (int i = 0; i < lanes; i++) {
                int n = i;
                inFlight.add(new ArrayList<>());
                offered.add(new ArrayList<>());
                started.add(new ArrayList<>());
                Lane<Integer>[] self = new Lane[1];
                self[0] = new Lane<>(concurrency, item -> !stale.contains(item), item -> {
                    starts.merge(item, 1, Integer::sum);
                    if (refused.contains(item)) {
                        return false;
                    }
                    started.get(n).add(item);
                    if (immediate.contains(item)) {
                        self[0].done(); // completes before start returns, as a refused URL's attempt does
                    } else {
                        inFlight.get(n).add(item);
                        maxSeen = Math.max(maxSeen, inFlight.get(n).size());
                    }
                    return true;
                });
                this.lanes.add(self[0]);
            }
        }
    }

    @Property(tries = 2000)
    void nothingLostNothingDuplicatedNeverOverConcurrencyAndInOrder(@ForAll("steps") List<Step> steps,
            @ForAll @IntRange(min = 1, max = 4) int concurrency) {
        Model m = new Model(3, concurrency);
        int next = 0;
        for (Step s : steps) {
            int lane = s.lane();
            switch (s.kind()) {
                case 0, 1, 2 -> { // a delivery comes due (most steps): sometimes one sending nothing or ending at once
                    int item = next++;
                    if (s.pick() % 7 == 0) {
                        m.refused.add(item);
                    } else if (s.pick() % 5 == 0) {
                        m.immediate.add(item);
                    }
                    m.offered.get(lane).add(item);
                    m.lanes.get(lane).offer(item);
                }
                case 3, 4 -> { // an attempt in flight ends
                    List<Integer> running = m.inFlight.get(lane);
                    if (!running.isEmpty()) {
                        running.remove(s.pick() % running.size());
                        m.lanes.get(lane).done();
                    }
                }
                default -> { // a waiting delivery is replaced, ended or released: it must not be sent from here
                    List<Integer> offered = m.offered.get(lane);
                    if (!offered.isEmpty()) {
                        int item = offered.get(s.pick() % offered.size());
                        if (!m.started.get(lane).contains(item) && !m.refused.contains(item)
                                && !m.starts.containsKey(item)) {
                            m.stale.add(item);
                        }
                    }
                }
            }
            for (int l = 0; l < m.lanes.size(); l++) {
                Lane<Integer> lane0 = m.lanes.get(l);
                assertThat(m.inFlight.get(l)).hasSizeLessThanOrEqualTo(concurrency);
                assertThat(lane0.inFlight()).isEqualTo(m.inFlight.get(l).size());
                if (lane0.waiting() > 0) {
                    assertThat(lane0.inFlight()).as("none waits beside a free slot").isEqualTo(concurrency);
                }
            }
        }
        // Every attempt ends: whatever waited goes out.
        for (int l = 0; l < m.lanes.size(); l++) {
            while (!m.inFlight.get(l).isEmpty()) {
                m.inFlight.get(l).remove(0);
                m.lanes.get(l).done();
            }
            assertThat(m.lanes.get(l).waiting()).isZero();
            List<Integer> expected = m.offered.get(l).stream()
                    .filter(i -> !m.stale.contains(i) && !m.refused.contains(i)).toList();
            assertThat(m.started.get(l)).as("each current delivery started once, in the order it came due")
                    .containsExactlyElementsOf(expected);
        }
        assertThat(m.starts.values()).allMatch(n -> n == 1);
        assertThat(m.starts.keySet()).filteredOn(m.stale::contains).as("none started after it stopped being current")
                .isEmpty();
        assertThat(m.maxSeen).isLessThanOrEqualTo(concurrency);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return Arbitraries.integers().between(0, 5).flatMap(kind -> Arbitraries.integers().between(0, 2)
                .flatMap(lane -> Arbitraries.integers().between(0, 1000).map(pick -> new Step(kind, lane, pick))))
                .list().ofMinSize(0).ofMaxSize(200);
    }

    /** Threads offering and completing at once: every item still starts exactly once, never over the concurrency. */
    @Test
    void concurrentOffersAndCompletionsLoseNothing() throws Exception {
        int concurrency = 3;
        int items = 20_000;
        Map<Integer, AtomicInteger> starts = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        ExecutorService completions = Executors.newFixedThreadPool(4);
        CountDownLatch all = new CountDownLatch(items);
        Lane<Integer>[] lane = new Lane[1];
        lane[0] = new Lane<>(concurrency, i -> true, item -> {
            starts.computeIfAbsent(item, k -> new AtomicInteger()).incrementAndGet();
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            Runnable end = () -> {
                running.decrementAndGet();
                all.countDown();
                lane[0].done();
            };
            if (ThreadLocalRandom.current().nextInt(4) == 0) {
                end.run(); // at once, inside the start
            } else {
                completions.execute(end);
            }
            return true;
        });
        ExecutorService offers = Executors.newFixedThreadPool(3);
        for (int i = 0; i < items; i++) {
            int item = i;
            offers.execute(() -> lane[0].offer(item));
        }
        assertThat(all.await(60, TimeUnit.SECONDS)).as("every item started and ended").isTrue();
        offers.shutdown();
        completions.shutdown();
        assertThat(starts).hasSize(items).allSatisfy((k, n) -> assertThat(n.get()).isEqualTo(1));
        assertThat(maxRunning.get()).isLessThanOrEqualTo(concurrency);
        assertThat(lane[0].waiting()).isZero();
    }
}
