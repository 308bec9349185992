package io.reelay.lifecycle.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;

import io.reelay.lifecycle.submit.SubmitQueue.Policy;

/** Random adds, rounds (serving some, leaving others waiting) and removals: nothing lost, nothing twice, no throw. */
class SubmitQueuePropertiesTest {

    /** op 0: add; 1: a round serving every `arg`-th offered; 2: remove; 3: position. */
    record Op(int op, int id, int tenant, int priority, int arg) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 60),
                Arbitraries.integers().between(0, 4), Arbitraries.integers().between(1, 5),
                Arbitraries.integers().between(1, 4)).as(Op::new).list().ofMaxSize(200);
    }

    @Property(tries = 2_000)
    void nothingLostNothingDuplicated(@ForAll("ops") List<Op> ops, @ForAll boolean fair) {
        SubmitQueue queue = new SubmitQueue(fair ? Policy.FAIR : Policy.FIRST_COME, t -> t.length() + 1);
        Set<String> waiting = new HashSet<>();
        Set<String> served = new HashSet<>();
        for (Op op : ops) {
            String id = "r" + op.id();
            switch (op.op()) {
                case 0 -> {
                    queue.add(id, "t" + "x".repeat(op.tenant()), op.priority());
                    if (!served.contains(id)) {
                        waiting.add(id);
                    } else {
                        served.remove(id); // back again (held by the circuit): it waits once more
                        waiting.add(id);
                    }
                }
                case 1 -> {
                    SubmitQueue.Round round = queue.round();
                    Set<String> offered = new HashSet<>();
                    String next;
                    int i = 0;
                    while ((next = round.next()) != null) {
                        assertThat(offered.add(next)).as("offered twice in a round: " + next).isTrue();
                        assertThat(waiting).contains(next);
                        if (++i % op.arg() == 0) {
                            round.take();
                            waiting.remove(next);
                            served.add(next);
                        }
                    }
                    assertThat(offered.size()).isEqualTo(i);
                }
                case 2 -> assertThat(queue.remove(id)).isEqualTo(waiting.remove(id));
                default -> {
                    queue.tick();
                    assertThat(queue.position(id) >= 1).isEqualTo(waiting.contains(id));
                }
            }
            assertThat(queue.size()).isEqualTo(waiting.size());
        }
        List<String> order = queue.order(10_000);
        assertThat(new HashSet<>(order)).isEqualTo(waiting);
        assertThat(order).hasSize(waiting.size());
    }
}
