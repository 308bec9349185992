package io.reelay.lifecycle;

import static io.reelay.lifecycle.LifecycleTest.LONG_AGO;
import static io.reelay.lifecycle.LifecycleTest.NOW;
import static io.reelay.lifecycle.LifecycleTest.SETTINGS;
import static io.reelay.lifecycle.LifecycleTest.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.reelay.events.FailureReason;
import io.reelay.lifecycle.LifecycleInput.PollAnswered.Reported;

/** The lifecycle's rules as a user sees them, one story each. */
class LifecycleRulesTest {

    private static Transition next(RequestState state, LifecycleInput input) {
        return Lifecycle.next(state, input, NOW, SETTINGS);
    }

    private static Effect.Fail failure(Transition t) {
        return t.effects().stream().filter(Effect.Fail.class::isInstance).map(Effect.Fail.class::cast).findFirst()
                .orElseThrow();
    }

    @Test
    void aCancelWhileTheCallIsUnderWayDoesNotEndTheRequestUntilItsAnswer() {
        Transition noted = next(at(RequestStage.SENT), new LifecycleInput.Cancel(null));
        assertThat(noted.ends()).isFalse();
        assertThat(noted.state().stage()).isEqualTo(RequestStage.CANCEL_PENDING);

        Transition answered = next(noted.state(), new LifecycleInput.Created("t-9", "queued", NOW + 5_000));
        assertThat(answered.effects()).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("Save", "CallCancel", "Fail", "Ledger");
        assertThat(failure(answered).reason()).isEqualTo(FailureReason.cancelled);
        assertThat(failure(answered).message()).contains("t-9");
    }

    @Test
    void aTaskIsTrackedFromWhenItsSubmitSawItAcceptedWithinAMinuteElseFromWhenTheAnswerIsRead() {
        RequestState sent = at(RequestStage.SENT);
        long[][] cases = {
                {NOW - 2_500, NOW - 2_500}, // read back after a slow commit: progress is read against the call
                {NOW - Lifecycle.ACCEPTED_AT_WINDOW_MS, NOW - Lifecycle.ACCEPTED_AT_WINDOW_MS},
                {NOW - Lifecycle.ACCEPTED_AT_WINDOW_MS - 1, NOW}, // read long after (a restore): the tracker's clock
                {NOW + 1, NOW}, // another clock ahead of this one
                {0, NOW}, // not told
        };
        for (long[] c : cases) {
            Transition t = next(sent, new LifecycleInput.Created("t-1", "queued", NOW + 5_000, c[0]));
            assertThat(t.state().submittedAt()).as("accepted at %d", c[0]).isEqualTo(c[1]);
            assertThat(t.state().nextPollAt()).isEqualTo(NOW + 5_000);
        }
    }

    @Test
    void aPollDueThatWhatItsClassShowedPutsLaterWaitsUntilThenAndAPollNothingPutsLaterGoesOut() {
        RequestState due = at(RequestStage.IN_FLIGHT);
        Transition later = next(due, new LifecycleInput.Due(NOW + 30_000));
        assertThat(later.effects()).extracting(e -> e.getClass().getSimpleName()).containsExactly("Save");
        assertThat(later.state().nextPollAt()).isEqualTo(NOW + 30_000);
        assertThat(later.state().stage()).isEqualTo(RequestStage.IN_FLIGHT);
        for (Long notBefore : new Long[] {null, NOW, NOW - 1}) {
            assertThat(next(due, new LifecycleInput.Due(notBefore)).effects())
                    .extracting(e -> e.getClass().getSimpleName()).as("not before %s", notBefore)
                    .containsExactly("CallPoll");
        }
        // The deadline is not put off: past it, the task fails whatever its class says.
        RequestState old = due.pollAt(NOW - 1);
        Transition expired = Lifecycle.next(old, new LifecycleInput.Due(NOW + 30_000),
                NOW + Deadline.ms(null, SETTINGS.tracker()), SETTINGS);
        assertThat(failure(expired).reason()).isEqualTo(FailureReason.timeout);
    }

    @Test
    void aRefusalForACancelledRequestEndsItAndIsNeverRetried() {
        RequestState pending = next(at(RequestStage.SENT), new LifecycleInput.Cancel(null)).state();
        Transition t = next(pending, new LifecycleInput.SubmitFailed(FailureReason.upstream_unavailable, true, null,
                0));
        assertThat(t.effects()).extracting(e -> e.getClass().getSimpleName()).containsExactly("FailAsRefused", "Ledger");
    }

    @Test
    void aCancelBeforeTheCallEndsAtOnceAndGivesBackWhatItHeld() {
        for (RequestStage stage : new RequestStage[] {RequestStage.ADMITTED, RequestStage.QUEUED,
                RequestStage.MARKED, RequestStage.HELD, RequestStage.UNSENT, RequestStage.RETRY_WAIT}) {
            Transition t = next(at(stage), new LifecycleInput.Cancel("no longer needed"));
            assertThat(t.has(Effect.Withdraw.class)).as(stage.name()).isTrue();
            assertThat(t.has(Effect.CallSubmit.class) || t.has(Effect.CallCancel.class)).as(stage.name()).isFalse();
            assertThat(failure(t).message()).as(stage.name())
                    .isEqualTo("Cancelled by request: no longer needed (before any upstream call)");
        }
    }

    @Test
    void anUnknownOutcomeIsNeverRetriedUnlessConfigured() {
        Transition t = next(at(RequestStage.OUTCOME_CHECK), new LifecycleInput.OutcomeCheckRead(true));
        assertThat(t.has(Effect.WriteIntent.class)).isFalse();
        assertThat(failure(t).reason()).isEqualTo(FailureReason.submission_outcome_unknown);
        assertThat(failure(t).retryable()).as("the task may exist and be charged").isFalse();

        Transition resubmitted = Lifecycle.next(at(RequestStage.OUTCOME_CHECK),
                new LifecycleInput.OutcomeCheckRead(true), NOW, TestSettings.of(true));
        assertThat(resubmitted.effects()).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("Save", "WriteIntent");
        assertThat(resubmitted.state().attempts()).isEqualTo(1);
        assertThat(resubmitted.state().marked()).as("a new attempt has no mark yet").isFalse();
    }

    @Test
    void evenWhenConfiguredAnUnknownOutcomeIsNotResubmittedPastTheAttemptsOrAfterACancel() {
        RequestState exhausted = at(RequestStage.OUTCOME_CHECK);
        for (int i = 0; i < TestSettings.MAX_ATTEMPTS - 1; i++) {
            exhausted = exhausted.oneMoreAttempt();
        }
        assertThat(failure(Lifecycle.next(exhausted, new LifecycleInput.OutcomeCheckRead(true), NOW,
                TestSettings.of(true))).reason()).isEqualTo(FailureReason.submission_outcome_unknown);
        RequestState cancelled = at(RequestStage.OUTCOME_CHECK).cancelNoted();
        assertThat(failure(Lifecycle.next(cancelled, new LifecycleInput.OutcomeCheckRead(true), NOW,
                TestSettings.of(true))).reason()).isEqualTo(FailureReason.submission_outcome_unknown);
    }

    @Test
    void aMarkReadBackByAProcessThatDidNotWriteItNeverCalls() {
        for (RequestStage stage : RequestStage.values()) {
            Transition t = next(at(stage), new LifecycleInput.MarkCommitted(false));
            assertThat(t.ignored()).as(stage.name()).isTrue();
        }
        for (RequestStage stage : RequestStage.values()) {
            assertThat(next(at(stage), new LifecycleInput.IntentCommitted(false)).has(Effect.Enqueue.class))
                    .as("an intent not ours is never queued: %s", stage).isFalse();
        }
        assertThat(Arrays.stream(RequestStage.values())
                .filter(stage -> next(at(stage), new LifecycleInput.MarkCommitted(true)).has(Effect.CallSubmit.class)))
                .as("only its writer's own mark, read back, makes the call").containsExactly(RequestStage.MARKED);
    }

    @Test
    void anAnswerNotYetOverdueIsWaitedFor() {
        RequestState sent = RequestState.admitted("r-1", NOW - 1_000, null).markedAt(NOW - 1_000)
                .at(RequestStage.SENT);
        assertThat(next(sent, new LifecycleInput.Due()).ignored()).isTrue();
        RequestState late = sent.lookedAt(NOW - TestSettings.OUTCOME_TIMEOUT.toMillis());
        assertThat(next(late, new LifecycleInput.Due()).has(Effect.WriteOutcomeCheck.class)).isTrue();
    }

    @Test
    void aClearRefusalIsRetriedWithABackOffThatGrowsAndHonoursRetryAfter() {
        var refusal = new LifecycleInput.SubmitFailed(FailureReason.upstream_unavailable, true, null, 0.999);
        Transition first = next(at(RequestStage.SENT), refusal);
        assertThat(first.state().retryAt() - NOW).isBetween(1_000L, 2_000L); // 2 s, jittered by up to half
        Transition second = next(first.state().at(RequestStage.SENT), new LifecycleInput.SubmitFailed(
                FailureReason.upstream_unavailable, true, null, 0));
        assertThat(second.state().retryAt() - NOW).isEqualTo(4_000L);
        Transition third = next(second.state().at(RequestStage.SENT), refusal);
        assertThat(third.ends()).as("at most %d attempts", TestSettings.MAX_ATTEMPTS).isTrue();

        Transition waited = next(at(RequestStage.SENT), new LifecycleInput.SubmitFailed(
                FailureReason.upstream_unavailable, true, 90_000L, 0));
        assertThat(waited.state().retryAt() - NOW).as("Retry-After wins").isEqualTo(90_000L);
    }

    @Test
    void aRefusalThatIsNotATemporaryUnavailabilityEndsTheRequest() {
        Transition t = next(at(RequestStage.SENT), new LifecycleInput.SubmitFailed(FailureReason.upstream_unavailable,
                false, null, 0));
        assertThat(t.effects()).extracting(e -> e.getClass().getSimpleName()).containsExactly("FailAsRefused", "Ledger");
    }

    @Test
    void aTaskPastItsDeadlineFailsWithTimeoutEvenWhilePolled() {
        RequestState running = at(RequestStage.POLLING);
        Transition late = Lifecycle.next(running, new LifecycleInput.Due(),
                running.submittedAt() + TestSettings.MAX_WAIT.toMillis(), SETTINGS);
        assertThat(failure(late).reason()).isEqualTo(FailureReason.timeout);
        assertThat(failure(late).message()).isEqualTo("Upstream task t-1 did not finish within PT30M");

        RequestState own = RequestState.admitted("r-2", 0, 60_000L).at(RequestStage.IN_FLIGHT)
                .upstream("t-2", "running", NOW - 60_000, NOW + 1_000_000);
        assertThat(failure(next(own, new LifecycleInput.Due())).message()).contains("PT1M");
    }

    @Test
    void failedPollsBackOffUpToTheMaximumAndAnUnknownTaskEnds() {
        RequestState task = at(RequestStage.POLLING);
        long previous = 0;
        for (int i = 0; i < 8; i++) {
            task = Lifecycle.next(task.at(RequestStage.POLLING), new LifecycleInput.PollFailed(false, "reset", null,
                    0), NOW, SETTINGS).state();
            long delay = task.nextPollAt() - NOW;
            assertThat(delay).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(60_000);
            previous = delay;
        }
        assertThat(previous).isEqualTo(60_000);
        assertThat(task.pollErrors()).isEqualTo(8);
        Transition gone = next(at(RequestStage.POLLING), new LifecycleInput.PollFailed(true, "no such task", null, 0));
        assertThat(failure(gone).reason()).isEqualTo(FailureReason.task_not_found);
    }

    @Test
    void aRunningReportWritesAChangeOnceAndPlansTheNextPoll() {
        RequestState polled = at(RequestStage.POLLING);
        var same = new LifecycleInput.PollAnswered(Reported.RUNNING, "running", null, false, false, null, false,
                NOW + 7_000);
        Transition t = next(polled, same);
        assertThat(t.effects()).extracting(e -> e.getClass().getSimpleName()).containsExactly("Save");
        assertThat(t.state().nextPollAt()).isEqualTo(NOW + 7_000);
        var changed = new LifecycleInput.PollAnswered(Reported.RUNNING, "generating", 20, false, false, null, false,
                NOW - 5);
        Transition moved = next(polled, changed);
        assertThat(moved.effects()).containsExactly(new Effect.EmitObserved(
                io.reelay.events.VideoTaskEventType.status_changed), new Effect.Save());
        assertThat(moved.state().nextPollAt()).as("never planned in the past").isEqualTo(NOW);
        assertThat(moved.state().pollErrors()).isZero();
    }

    @Test
    void aCompletedTaskWithoutAVideoFails() {
        Transition t = next(at(RequestStage.POLLING), new LifecycleInput.PollAnswered(Reported.COMPLETED, "done", 100,
                false, false, null, false, 0));
        assertThat(failure(t).reason()).isEqualTo(FailureReason.upstream_failed);
        assertThat(failure(t).retryable()).isTrue();
    }

    @Test
    void theScheduleWakesARequestForItsNextStep() {
        assertThat(Lifecycle.wakeAt(at(RequestStage.RETRY_WAIT), SETTINGS)).isEqualTo(NOW - 1);
        assertThat(Lifecycle.wakeAt(at(RequestStage.UNSENT), SETTINGS))
                .as("unsent: at the outcome timeout too (its new owner brings it forward when it starts)")
                .isEqualTo(LONG_AGO + TestSettings.OUTCOME_TIMEOUT.toMillis());
        assertThat(Lifecycle.wakeAt(at(RequestStage.SENT), SETTINGS))
                .as("sent: at the outcome timeout").isEqualTo(LONG_AGO + TestSettings.OUTCOME_TIMEOUT.toMillis());
        RequestState flying = at(RequestStage.IN_FLIGHT);
        assertThat(Lifecycle.wakeAt(flying, SETTINGS)).isEqualTo(NOW - 1);
        RequestState farPoll = flying.observed("running", null, NOW + 3_600_000);
        assertThat(Lifecycle.wakeAt(farPoll, SETTINGS)).as("the deadline comes first")
                .isEqualTo(flying.submittedAt() + TestSettings.MAX_WAIT.toMillis());
    }

    @Test
    void aCallTheCircuitHeldBackLeavesNoMarkSoAKillResumesItInsteadOfDeclaringItUnknown() {
        Transition held = next(at(RequestStage.HELD), new LifecycleInput.CircuitHeld(1, 0));
        assertThat(held.state().marked()).as("its mark is withdrawn").isFalse();
        assertThat(held.effects()).as("first hold: back in the queue at once")
                .containsExactly(new Effect.Save(), new Effect.Enqueue(0));

        // A kill: this process's steps are gone; what is stored decides.
        RequestState afterKill = held.state().at(RequestStage.UNSENT);
        Transition resumed = next(afterKill, new LifecycleInput.Due());
        assertThat(resumed.has(Effect.WriteIntent.class)).as("resumed: it certainly never went out").isTrue();

        // Without the withdrawal the same request would be checked and end as unknown.
        RequestState stillMarked = at(RequestStage.HELD).at(RequestStage.SENT);
        Transition checked = next(stillMarked, new LifecycleInput.Due());
        assertThat(failure(Lifecycle.next(checked.state(), new LifecycleInput.OutcomeCheckRead(true), NOW, SETTINGS))
                .reason()).isEqualTo(FailureReason.submission_outcome_unknown);
    }

    @Test
    void aCallHeldBackAgainAndAgainWaitsLongerEachTimeUpToTheLongestSubmitBackOff() {
        Effect.Enqueue second = (Effect.Enqueue) next(at(RequestStage.HELD), new LifecycleInput.CircuitHeld(2, 0))
                .effects().get(1);
        assertThat(second.notBefore() - NOW).as("the submit back-off").isEqualTo(2_000);
        long previous = 0;
        for (int holds = 2; holds <= 12; holds++) {
            Effect.Enqueue enqueue = (Effect.Enqueue) next(at(RequestStage.HELD),
                    new LifecycleInput.CircuitHeld(holds, 0)).effects().get(1);
            long wait = enqueue.notBefore() - NOW;
            assertThat(wait).isGreaterThanOrEqualTo(previous)
                    .isLessThanOrEqualTo(TestSettings.MAX_SUBMIT_BACKOFF.toMillis());
            previous = wait;
        }
        assertThat(previous).isEqualTo(TestSettings.MAX_SUBMIT_BACKOFF.toMillis());
    }

    @Test
    void aCancelledRequestWhoseCallTheCircuitHeldBackEndsWithoutACall() {
        RequestState cancelledWhileSent = at(RequestStage.HELD).cancelNoted();
        Transition t = next(cancelledWhileSent, new LifecycleInput.CircuitHeld(1, 0));
        assertThat(t.has(Effect.Enqueue.class)).isFalse();
        assertThat(failure(t).message()).isEqualTo("Cancelled by request (before any upstream call)");
    }
}
