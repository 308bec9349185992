package io.reelay.lifecycle.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import io.reelay.lifecycle.submit.SubmitQueue.Policy;

/**
 * A waiting submit's position is its place in the order the queue serves: per provider, the positions are exactly
 * 1..n, and serving everything (a round taking each submit offered) serves each provider's submits in the order of
 * their positions.
 */
class SubmitQueuePositionsPropertiesTest {

    /** op 0-2: add (to provider `group`); 3: a round serving every `arg`-th offered; 4: remove. */
    record Op(int op, int id, int tenant, int priority, int group, int arg) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 80),
                Arbitraries.integers().between(0, 4), Arbitraries.integers().between(1, 5),
                Arbitraries.integers().between(0, 2), Arbitraries.integers().between(1, 4)).as(Op::new).list()
                .ofMaxSize(250);
    }

    @Property(tries = 2_000)
    void positionsAreAPermutationInServeOrderPerProvider(@ForAll("ops") List<Op> ops, @ForAll boolean fair) {
        SubmitQueue queue = new SubmitQueue(fair ? Policy.FAIR : Policy.FIRST_COME, t -> t.length());
        Map<String, String> providerOf = new HashMap<>();
        for (Op op : ops) {
            String id = "r" + op.id();
            switch (op.op()) {
                case 3 -> {
                    SubmitQueue.Round round = queue.round();
                    int i = 0;
                    while (round.next() != null) {
                        if (++i % op.arg() == 0) {
                            round.take();
                        }
                    }
                }
                case 4 -> queue.remove(id);
                default -> {
                    String provider = "p" + op.group();
                    if (queue.add(id, "t" + "x".repeat(op.tenant()), op.priority(), provider)) {
                        providerOf.put(id, provider);
                    }
                }
            }
        }
        queue.tick();
        SubmitQueue.Positions positions = queue.positions();
        assertThat(positions.place()).hasSize(queue.size());
        Map<String, List<String>> byPlace = new HashMap<>();
        positions.place().keySet().stream().sorted(Comparator.comparing(positions.place()::get))
                .forEach(id -> byPlace.computeIfAbsent(providerOf.get(id), k -> new ArrayList<>()).add(id));
        byPlace.forEach((provider, ids) -> {
            assertThat(ids.stream().map(positions.place()::get).toList()).as(provider)
                    .isEqualTo(IntStream.rangeClosed(1, ids.size()).boxed().toList());
            assertThat(positions.waiting(provider)).isEqualTo(ids.size());
        });
        // Serving everything serves each provider's submits in the order of their positions.
        Map<String, List<String>> served = new HashMap<>();
        SubmitQueue.Round round = queue.round();
        String next;
        while ((next = round.next()) != null) {
            round.take();
            served.computeIfAbsent(providerOf.get(next), k -> new ArrayList<>()).add(next);
        }
        assertThat(served).isEqualTo(byPlace);
        assertThat(queue.size()).isZero();
    }
}
