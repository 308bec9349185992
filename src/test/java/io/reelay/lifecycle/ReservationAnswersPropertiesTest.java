package io.reelay.lifecycle;

import static io.reelay.lifecycle.LifecycleTest.NOW;
import static io.reelay.lifecycle.LifecycleTest.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import io.reelay.events.FailureReason;
import io.reelay.ledger.Balances;

/**
 * The ledger's answers as the lifecycle reads them from video.tasks, in any number, order and repetition, with any
 * message, at any stage: only a request waiting for its reservation moves, on the first answer alone; nothing is
 * ever called or marked on an answer; a refusal ends it once, budget_exceeded, with one release and a bounded message.
 */
class ReservationAnswersPropertiesTest {

    @Provide
    Arbitrary<List<LifecycleInput>> answers() {
        Arbitrary<LifecycleInput> refused = Arbitraries.strings().ofMaxLength(5_000).injectNull(0.1)
                .map(text -> new LifecycleInput.ReservationRefused(Balances.refusalText(text)));
        return Arbitraries.oneOf(refused, Arbitraries.just(new LifecycleInput.ReservationConfirmed())).list()
                .ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 3000)
    void onlyAWaitingRequestMovesAndOnlyOnce(@ForAll RequestStage stage, @ForAll("answers") List<LifecycleInput> in) {
        RequestState state = LifecycleTest.at(stage);
        int moves = 0;
        for (LifecycleInput input : in) {
            Transition t = Lifecycle.next(state, input, NOW, SETTINGS);
            assertThat(t.effects()).noneMatch(e -> e instanceof Effect.CallSubmit || e instanceof Effect.WriteMark
                    || e instanceof Effect.Enqueue || e instanceof Effect.Complete || e instanceof Effect.DeadLetter);
            if (t.ignored()) {
                assertThat(t.state()).isEqualTo(state);
                continue;
            }
            moves++;
            assertThat(state.stage()).as("only a request waiting for its reservation moves")
                    .isEqualTo(RequestStage.RESERVING);
            if (input instanceof LifecycleInput.ReservationRefused) {
                assertThat(t.state().stage()).isEqualTo(RequestStage.ENDED);
                Effect.Fail fail = (Effect.Fail) t.effects().stream().filter(Effect.Fail.class::isInstance)
                        .findFirst().orElseThrow();
                assertThat(fail.reason()).isEqualTo(FailureReason.budget_exceeded);
                assertThat(fail.message()).isNotBlank().hasSizeLessThanOrEqualTo(Balances.MAX_REFUSAL_CHARS);
                assertThat(t.effects()).filteredOn(Effect.Ledger.class::isInstance).extracting(
                        e -> ((Effect.Ledger) e).kind()).containsExactly(Effect.LedgerKind.RELEASE);
            } else {
                assertThat(t.state().stage()).isEqualTo(RequestStage.ADMITTED);
                assertThat(t.state().reservationPending()).isFalse();
                assertThat(t.effects()).extracting(e -> e.getClass().getSimpleName())
                        .containsExactly("Save", "WriteIntent");
            }
            state = t.state();
        }
        assertThat(moves).isLessThanOrEqualTo(stage == RequestStage.RESERVING ? 1 : 0);
    }
}
