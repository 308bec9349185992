package io.reelay.lifecycle;

import static io.reelay.lifecycle.LifecycleTest.NOW;
import static io.reelay.lifecycle.LifecycleTest.SETTINGS;
import static io.reelay.lifecycle.LifecycleTest.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.reelay.events.FailureReason;
import io.reelay.lifecycle.Effect.LedgerKind;
import io.reelay.lifecycle.LifecycleInput.PollAnswered.Reported;

/**
 * The ledger entry each end of a request writes, for the ends the stage-by-input table of {@link LifecycleTest} does
 * not reach (it covers completion, cancels, refusals, the outcome check and internal errors): deadlines, upstream
 * failures, a task gone, an unknown answer to the call, and that every end writes exactly one entry.
 */
class LedgerRulesTest {

    private static Transition next(RequestState state, LifecycleInput input, long now) {
        return Lifecycle.next(state, input, now, SETTINGS);
    }

    private static List<LedgerKind> ledger(Transition t) {
        return t.effects().stream().filter(Effect.Ledger.class::isInstance).map(e -> ((Effect.Ledger) e).kind())
                .toList();
    }

    @Test
    void aTaskPastItsDeadlineMayHaveBeenPaidAndIsSettled() {
        Transition t = next(at(RequestStage.IN_FLIGHT), new LifecycleInput.Due(), NOW + 365L * 24 * 3600 * 1000);
        assertThat(t.has(Effect.Fail.class)).isTrue();
        assertThat(ledger(t)).containsExactly(LedgerKind.SETTLE);
        assertThat(((Effect.Ledger) t.effects().get(t.effects().size() - 1)).reason()).isEqualTo("timeout");
    }

    @Test
    void anUpstreamFailureAfterTheTaskExistedIsSettled() {
        Transition t = next(at(RequestStage.POLLING), new LifecycleInput.PollAnswered(Reported.FAILED, "failed", null,
                false, false, "content policy", true, 0), NOW);
        assertThat(ledger(t)).containsExactly(LedgerKind.SETTLE);
    }

    @Test
    void aTaskTheUpstreamCancelledIsSettled() {
        Transition t = next(at(RequestStage.POLLING), new LifecycleInput.PollAnswered(Reported.FAILED, "cancelled",
                null, false, true, null, false, 0), NOW);
        assertThat(ledger(t)).containsExactly(LedgerKind.SETTLE);
    }

    @Test
    void aCompletionWithoutAVideoIsStillSettled() {
        Transition t = next(at(RequestStage.POLLING), new LifecycleInput.PollAnswered(Reported.COMPLETED, "completed",
                100, false, false, null, false, 0), NOW);
        assertThat(ledger(t)).containsExactly(LedgerKind.SETTLE);
    }

    @Test
    void aTaskTheUpstreamNoLongerKnowsIsSettled() {
        Transition t = next(at(RequestStage.POLLING), new LifecycleInput.PollFailed(true, "gone", null, 0.5), NOW);
        assertThat(ledger(t)).containsExactly(LedgerKind.SETTLE);
    }

    @Test
    void aCallWhoseAnswerIsUnknownStaysReservedAndFlagged() {
        Transition t = next(at(RequestStage.SENT), new LifecycleInput.SubmitFailed(
                FailureReason.submission_outcome_unknown, false, null, 0.5), NOW);
        assertThat(t.has(Effect.FailAsRefused.class)).isTrue();
        assertThat(ledger(t)).containsExactly(LedgerKind.FLAG_UNKNOWN);
    }

    @Test
    void aClearRefusalAfterTheLastAttemptIsReleased() {
        RequestState spent = at(RequestStage.SENT);
        for (int i = 0; i < 10; i++) {
            spent = spent.oneMoreAttempt();
        }
        Transition t = next(spent, new LifecycleInput.SubmitFailed(FailureReason.upstream_unavailable, true, null, 0.5),
                NOW);
        assertThat(ledger(t)).containsExactly(LedgerKind.RELEASE);
    }

    @Test
    void aReservationTheLedgerRefusedIsReleasedAndFailsBudgetExceededBeforeAnyCall() {
        Transition t = next(at(RequestStage.RESERVING), new LifecycleInput.ReservationRefused("over the day's limit"),
                NOW);
        assertThat(t.state().stage()).isEqualTo(RequestStage.ENDED);
        Effect.Fail fail = (Effect.Fail) t.effects().stream().filter(Effect.Fail.class::isInstance).findFirst()
                .orElseThrow();
        assertThat(fail.reason()).isEqualTo(FailureReason.budget_exceeded);
        assertThat(fail.message()).isEqualTo("over the day's limit");
        assertThat(ledger(t)).containsExactly(LedgerKind.RELEASE);
        assertThat(((Effect.Ledger) t.effects().get(t.effects().size() - 1)).reason()).isEqualTo("budget_exceeded");
        // A confirmed one writes nothing yet: it is submitted behind a new intent, and settled or released at its end.
        Transition confirmed = next(at(RequestStage.RESERVING), new LifecycleInput.ReservationConfirmed(), NOW);
        assertThat(ledger(confirmed)).isEmpty();
        assertThat(confirmed.state().reservationPending()).isFalse();
    }

    @Test
    void aCancellationOfARequestNeverAdmittedWritesNoEntryAndAnEndedRequestNoSecond() {
        assertThat(ledger(next(at(RequestStage.ABSENT), new LifecycleInput.Cancel(null), NOW))).isEmpty();
        for (String input : LifecycleTest.INPUTS.keySet()) {
            assertThat(ledger(next(at(RequestStage.ENDED), LifecycleTest.INPUTS.get(input), NOW))).as(input).isEmpty();
        }
    }

    @Test
    void everyEndWritesExactlyOneEntryAndNothingElseWritesAny() {
        for (RequestStage stage : RequestStage.values()) {
            for (var input : LifecycleTest.INPUTS.entrySet()) {
                Transition t = next(at(stage), input.getValue(), NOW);
                boolean reserved = stage != RequestStage.ABSENT && stage != RequestStage.ENDED;
                assertThat(ledger(t)).as("%s + %s", stage, input.getKey())
                        .hasSize(t.ends() && reserved ? 1 : 0);
            }
        }
    }
}
