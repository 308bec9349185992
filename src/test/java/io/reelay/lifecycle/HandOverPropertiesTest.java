package io.reelay.lifecycle;

import static io.reelay.lifecycle.LifecycleTest.NOW;
import static io.reelay.lifecycle.LifecycleTest.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import io.reelay.events.FailureReason;

/**
 * {@code unsent} records (a mark's writer gave its partition up without the call), in any number and order, naming any
 * mark, read or not, at any stage with any flags: a request moves only when the record names the very mark it holds
 * and that mark was read here; it is then resumed once, with no attempt spent, or ended cancelled if that was asked;
 * nothing is ever called or marked on such a record.
 */
class HandOverPropertiesTest {

    /** Every stage, marked or not, its mark at one of a few times, keeping its request or not, cancelled or not. */
    @Provide
    Arbitrary<RequestState> states() {
        return Combinators.combine(Arbitraries.of(RequestStage.class), Arbitraries.of(true, false),
                Arbitraries.longs().between(NOW - 3, NOW), Arbitraries.of(true, false), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 3)).as((stage, marked, intentAt, keeps, cancelled, attempts) -> {
                    RequestState at = LifecycleTest.at(stage);
                    return new RequestState(at.requestId(), at.stage(), marked, cancelled, attempts, at.retryAt(),
                            intentAt, keeps, at.maxWaitMs(), at.submittedAt(), at.nextPollAt(), at.pollErrors(),
                            at.upstreamTaskId(), at.rawStatus(), at.progress(), at.mirroring(),
                            at.reservationPending());
                });
    }

    @Provide
    Arbitrary<List<LifecycleInput.MarkWithdrawn>> records() {
        return Combinators.combine(Arbitraries.longs().between(NOW - 3, NOW), Arbitraries.of(true, false))
                .as(LifecycleInput.MarkWithdrawn::new).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 5000)
    void onlyTheMarkHeldAndReadHereIsTakenBackAndOnlyOnce(@ForAll("states") RequestState start,
            @ForAll("records") List<LifecycleInput.MarkWithdrawn> in) {
        RequestState state = start;
        int moves = 0;
        for (LifecycleInput.MarkWithdrawn input : in) {
            Transition t = Lifecycle.next(state, input, NOW, SETTINGS);
            assertThat(t.effects()).noneMatch(e -> e instanceof Effect.CallSubmit || e instanceof Effect.WriteMark
                    || e instanceof Effect.WriteIntent || e instanceof Effect.Enqueue || e instanceof Effect.DeadLetter);
            if (t.ignored()) {
                assertThat(t.state()).isEqualTo(state);
                continue;
            }
            moves++;
            assertThat(input.markSeen()).as("a mark not read here proves nothing").isTrue();
            assertThat(state.marked()).isTrue();
            assertThat(state.intentAt()).as("the mark it holds, not another").isEqualTo(input.markAt());
            assertThat(state.keepsRequest()).isTrue();
            assertThat(state.stage()).isIn(RequestStage.SENT, RequestStage.CANCEL_PENDING);
            if (state.stage() == RequestStage.CANCEL_PENDING) {
                assertThat(t.state().stage()).isEqualTo(RequestStage.ENDED);
                assertThat(t.effects()).filteredOn(Effect.Fail.class::isInstance)
                        .extracting(e -> ((Effect.Fail) e).reason()).containsExactly(FailureReason.cancelled);
                assertThat(t.effects()).filteredOn(Effect.Ledger.class::isInstance).as("nothing was sent")
                        .extracting(e -> ((Effect.Ledger) e).kind()).containsExactly(Effect.LedgerKind.RELEASE);
            } else {
                assertThat(t.state().stage()).isEqualTo(RequestStage.RETRY_WAIT);
                assertThat(t.state().marked()).isFalse();
                assertThat(t.state().attempts()).as("nothing was sent: no attempt spent").isEqualTo(state.attempts());
                // Due at once: the next tick resumes it behind a new intent.
                Transition resumed = Lifecycle.next(t.state(), new LifecycleInput.Due(), NOW, SETTINGS);
                assertThat(resumed.effects()).extracting(e -> e.getClass().getSimpleName())
                        .containsExactly("Save", "WriteIntent");
                assertThat(resumed.state().attempts()).isEqualTo(state.attempts());
            }
            state = t.state();
        }
        assertThat(moves).isLessThanOrEqualTo(1);
    }
}
