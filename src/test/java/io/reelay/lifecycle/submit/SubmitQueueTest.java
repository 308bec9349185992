package io.reelay.lifecycle.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.reelay.lifecycle.submit.SubmitQueue.Policy;

class SubmitQueueTest {

    private static SubmitQueue fair(Map<String, Integer> weights) {
        return new SubmitQueue(Policy.FAIR, t -> weights.getOrDefault(t, 1));
    }

    /** Serves up to {@code n} submits, each taken as offered. */
    private static List<String> serve(SubmitQueue queue, int n) {
        List<String> served = new ArrayList<>();
        SubmitQueue.Round round = queue.round();
        String id;
        while (served.size() < n && (id = round.next()) != null) {
            round.take();
            served.add(id);
        }
        return served;
    }

    @Test
    void aHigherPriorityGoesFirstWhateverItsArrival() {
        SubmitQueue queue = fair(Map.of());
        queue.add("low", "a", 5);
        queue.add("normal", "a", 3);
        queue.add("default", "a", null);
        queue.add("urgent", "b", 1);
        assertThat(serve(queue, 10)).containsExactly("urgent", "normal", "default", "low");
    }

    @Test
    void aTenantPassedOverIsLeftOutOfTheRoundWithoutBeingWalkedAndKeepsItsPlaces() {
        SubmitQueue queue = fair(Map.of());
        for (int i = 0; i < 1_000; i++) {
            queue.add("a" + i, "a", 3);
        }
        queue.add("b0", "b", 3);
        queue.add("b1", "b", 3);
        SubmitQueue.Round round = queue.round();
        List<String> offered = new ArrayList<>();
        String id;
        while ((id = round.next()) != null) {
            offered.add(id);
            if (id.startsWith("a")) {
                round.passOver(); // tenant a at its quota
            } else {
                round.take();
            }
        }
        assertThat(offered).as("a offered once, then left out; b served").containsExactly("a0", "b0", "b1");
        assertThat(queue.size()).isEqualTo(1_000);
        assertThat(serve(queue, 2)).as("a's submits kept their places").containsExactly("a0", "a1");
    }

    @Test
    void itCountsWhatWaitsPerGroup() {
        SubmitQueue queue = fair(Map.of());
        queue.add("t1", "a", 3, "tokenlab");
        queue.add("t2", "b", 1, "tokenlab");
        queue.add("h1", "a", 3, "hub");
        assertThat(queue.groups()).isEqualTo(2);
        assertThat(queue.size("tokenlab")).isEqualTo(2);
        queue.remove("h1");
        assertThat(queue.groups()).isEqualTo(1);
        assertThat(queue.size("hub")).isZero();
        serve(queue, 5);
        assertThat(queue.groups()).isZero();
        assertThat(queue.size("tokenlab")).isZero();
    }

    @Test
    void withinATenantFirstComeFirstServed() {
        SubmitQueue queue = fair(Map.of());
        for (int i = 0; i < 50; i++) {
            queue.add("a" + i, "a", 3);
        }
        List<String> served = serve(queue, 50);
        for (int i = 0; i < 50; i++) {
            assertThat(served.get(i)).isEqualTo("a" + i);
        }
    }

    @Test
    void equalWeightsShareEqually() {
        assertShares(Map.of(), 0.5);
    }

    @Test
    void weightsThreeToOneShareThreeToOne() {
        assertShares(Map.of("a", 3), 0.75);
    }

    /** Both tenants keep 5,000 waiting; 4,000 are served a round at a time; a's share within 5 %. */
    private static void assertShares(Map<String, Integer> weights, double aShare) {
        SubmitQueue queue = fair(weights);
        int next = 0;
        for (; next < 5_000; next++) {
            queue.add("a" + next, "a", 3);
            queue.add("b" + next, "b", 3);
        }
        Map<String, Integer> count = new HashMap<>();
        for (int round = 0; round < 400; round++) {
            for (String id : serve(queue, 10)) {
                count.merge(id.substring(0, 1), 1, Integer::sum);
                queue.add(id.charAt(0) + "x" + next++, id.substring(0, 1), 3); // it keeps waiting
            }
        }
        double share = count.get("a") / 4000.0;
        assertThat(share).isCloseTo(aShare, org.assertj.core.data.Offset.offset(aShare * 0.05));
    }

    @Test
    void aLightTenantWaitsAboutOneSlotBehindAHeavyOneWith20000Waiting() {
        SubmitQueue queue = fair(Map.of());
        for (int i = 0; i < 20_000; i++) {
            queue.add("a" + i, "a", 3);
        }
        serve(queue, 500); // a has been served a while
        queue.add("b0", "b", 3);
        queue.tick();
        assertThat(queue.position("b0")).isLessThanOrEqualTo(2);
        assertThat(serve(queue, 2)).contains("b0");
        // And again, one a second against a's backlog: each b served within two slots of its arrival.
        for (int i = 1; i < 100; i++) {
            serve(queue, 7);
            queue.add("b" + i, "b", 3);
            assertThat(serve(queue, 2)).contains("b" + i);
        }
    }

    @Test
    void aSubmitLeftWaitingKeepsItsPlaceAndItsTenantsTurn() {
        SubmitQueue queue = fair(Map.of());
        queue.add("a0", "a", 3);
        queue.add("a1", "a", 3);
        queue.add("b0", "b", 3);
        SubmitQueue.Round round = queue.round();
        assertThat(round.next()).isEqualTo("a0"); // held back (its provider's circuit is open): not taken
        String second = round.next();
        assertThat(second).isIn("a1", "b0");
        assertThat(queue.order(10).get(0)).isEqualTo("a0");
        assertThat(queue.size()).isEqualTo(3);
    }

    @Test
    void firstComeIgnoresPriorityAndTenant() {
        SubmitQueue queue = new SubmitQueue(Policy.FIRST_COME, t -> 1);
        for (int i = 0; i < 100; i++) {
            queue.add("a" + i, "a", 3);
        }
        queue.add("b", "b", 1);
        queue.tick();
        assertThat(queue.position("b")).isEqualTo(101);
        assertThat(serve(queue, 101).get(100)).isEqualTo("b");
    }

    @Test
    void removedSubmitsAreNeverOffered() {
        SubmitQueue queue = fair(Map.of());
        queue.add("a0", "a", 3);
        queue.add("a1", "a", 3);
        SubmitQueue.Round round = queue.round();
        assertThat(round.next()).isEqualTo("a0");
        queue.remove("a1");
        round.take();
        assertThat(round.next()).isNull();
        assertThat(queue.size()).isZero();
        assertThat(queue.position("a1")).isEqualTo(-1);
    }

    @Test
    void aTenantThatLeavesAndComesBackDoesNotJumpTheQueue() {
        SubmitQueue queue = fair(Map.of());
        for (int i = 0; i < 100; i++) {
            queue.add("a" + i, "a", 3);
        }
        queue.add("b0", "b", 3);
        queue.add("b1", "b", 3);
        queue.add("b2", "b", 3);
        serve(queue, 6); // b0..b2 served, their turns used
        queue.add("b3", "b", 3);
        // b is no further ahead than a's next: it does not get a run of turns by having emptied
        queue.tick();
        assertThat(queue.position("b3")).isLessThanOrEqualTo(2);
        List<String> next = serve(queue, 4);
        assertThat(next.stream().filter(id -> id.startsWith("a")).count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void positionsAreCountedPerProviderInServeOrder() {
        SubmitQueue queue = fair(Map.of());
        queue.add("a0", "a", 3, "tokenlab");
        queue.add("a1", "a", 3, "hub");
        queue.add("a2", "a", 3, "tokenlab");
        queue.add("b0", "b", 1, "tokenlab"); // priority 1: before every priority 3
        queue.tick();
        assertThat(queue.position("b0")).isEqualTo(1);
        assertThat(queue.position("a0")).isEqualTo(2);
        assertThat(queue.position("a2")).isEqualTo(3);
        assertThat(queue.position("a1")).isEqualTo(1); // first of the hub's
        assertThat(queue.positions().waiting("tokenlab")).isEqualTo(3);
        assertThat(queue.positions().waiting("hub")).isEqualTo(1);
    }

    @Test
    void at100000WaitingThePlacesAreComputedOncePerTickNotOncePerQuestion() {
        SubmitQueue queue = fair(Map.of("b", 3));
        for (int i = 0; i < 100_000; i++) {
            queue.add("r" + i, i % 3 == 0 ? "b" : "a", 1 + i % 5, "tokenlab");
        }
        queue.tick();
        SubmitQueue.Positions once = queue.positions();
        for (int i = 0; i < 100_000; i += 997) {
            assertThat(queue.position("r" + i)).isBetween(1, 100_000);
        }
        assertThat(queue.positions()).as("kept until the next tick").isSameAs(once);
        queue.add("late", "a", 1, "tokenlab");
        assertThat(queue.position("late")).as("counted from the next tick on").isEqualTo(-1);
        queue.tick();
        assertThat(queue.positions()).isNotSameAs(once);
        assertThat(queue.position("late")).isBetween(1, 100_001);
        assertThat(queue.positions().waiting("tokenlab")).isEqualTo(100_001);
    }
}
