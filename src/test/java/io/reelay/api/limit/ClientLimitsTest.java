package io.reelay.api.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Each client's own budgets: one client spending all of its budget leaves the others' untouched. */
class ClientLimitsTest {

    private final ClientLimits limits = new ClientLimits(Map.of(
            "acme", new ClientLimits.Limit(3, 2),
            "globex", new ClientLimits.Limit(3, 2)));

    @Test
    void aClientsCallsBeyondItsBudgetWaitAndSayHowLong() {
        for (int n = 0; n < 3; n++) {
            assertThat(limits.spendCall("acme")).as("call %d", n + 1).isEmpty();
        }
        Optional<Duration> wait = limits.spendCall("acme");

        assertThat(wait).isPresent();
        // The oldest of the three calls leaves the rolling minute within a minute.
        assertThat(wait.get()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void oneClientsBurstDoesNotSpendAnothersBudget() {
        for (int n = 0; n < 10; n++) {
            limits.spendCall("acme");
        }
        assertThat(limits.spendCall("acme")).isPresent();
        for (int n = 0; n < 3; n++) {
            assertThat(limits.spendCall("globex")).as("globex call %d", n + 1).isEmpty();
        }
    }

    @Test
    void aNameWithoutBudgetIsNotLimited() {
        for (int n = 0; n < 100; n++) {
            assertThat(limits.spendCall("anonymous")).isEmpty();
            assertThat(limits.spendCall(null)).isEmpty();
        }
    }

    @Test
    void streamSlotsAreTakenAndGivenBackOnceEach() {
        StreamSlots.Slot first = limits.openStream("acme").orElseThrow();
        StreamSlots.Slot second = limits.openStream("acme").orElseThrow();
        assertThat(limits.openStream("acme")).as("the third stream").isEmpty();
        assertThat(limits.openStream("globex")).as("another client's streams").isPresent();

        first.release();
        first.release();
        StreamSlots.Slot third = limits.openStream("acme").orElseThrow();
        assertThat(limits.openStream("acme")).as("releasing twice frees one slot, not two").isEmpty();
        second.release();
        third.release();
        assertThat(limits.openStream("acme")).isPresent();
    }

    @Test
    void concurrentOpensNeverExceedTheCap() throws InterruptedException {
        StreamSlots slots = new StreamSlots(8);
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            Thread thread = new Thread(() -> {
                for (int n = 0; n < 2000; n++) {
                    slots.take().ifPresent(slot -> {
                        most.accumulateAndGet(slots.open(), Math::max);
                        slot.release();
                    });
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(most.get()).isBetween(1, 8);
        assertThat(slots.open()).isZero();
    }
}
