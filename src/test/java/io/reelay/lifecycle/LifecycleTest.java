package io.reelay.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.reelay.config.ReelayConfig;
import io.reelay.events.FailureReason;
import io.reelay.lifecycle.LifecycleInput.PollAnswered.Reported;

/**
 * Every stage against every input: the whole lifecycle as a table. A cell is the next stage and the effects in
 * order; {@code -} means the input is ignored (nothing is done, the state stays as it was).
 */
class LifecycleTest {

    static final long NOW = 1_000_000_000L;
    static final ReelayConfig SETTINGS = TestSettings.of(false);
    static final long LONG_AGO = NOW - TestSettings.OUTCOME_TIMEOUT.toMillis() - 1;

    /** One request per stage, each as it is when its time has come (due, overdue where that matters). */
    static RequestState at(RequestStage stage) {
        RequestState submitting = RequestState.admitted("r-1", LONG_AGO, null);
        return switch (stage) {
            case ABSENT -> RequestState.absent("r-1");
            case ADMITTED, QUEUED, UNSENT -> submitting.at(stage);
            case RESERVING -> submitting.reservationPending(true).at(stage);
            case MARKED, SENT, HELD, OUTCOME_CHECK -> submitting.markedAt(LONG_AGO).at(stage);
            case CANCEL_PENDING -> submitting.markedAt(LONG_AGO).at(RequestStage.SENT).cancelNoted();
            case RETRY_WAIT -> submitting.retryAt(NOW - 1);
            case IN_FLIGHT, POLLING -> submitting.at(RequestStage.IN_FLIGHT)
                    .upstream("t-1", "running", NOW - 10_000, NOW - 1).at(stage);
            case MIRRORING, COPYING -> at(RequestStage.IN_FLIGHT).mirroringFrom(new Mirroring(NOW - 10_000,
                    NOW + 600_000, 1, NOW - 1, new TreeSet<>(FILES), stage == RequestStage.COPYING ? 1 : 0));
            case ENDED -> RequestState.ended("r-1", "t-1");
        };
    }

    /** A completed task's files while mirroring: one video and its last frame. */
    static final Set<MirrorFile> FILES = Set.of(new MirrorFile(0, false), new MirrorFile(0, true));

    static final Map<String, LifecycleInput> INPUTS = new LinkedHashMap<>();

    static {
        INPUTS.put("intent+", new LifecycleInput.IntentCommitted(true));
        INPUTS.put("intent-", new LifecycleInput.IntentCommitted(false));
        INPUTS.put("granted", new LifecycleInput.Granted());
        INPUTS.put("quota", new LifecycleInput.QuotaExceeded("over max-in-flight 2 of tenant a"));
        INPUTS.put("mark+", new LifecycleInput.MarkCommitted(true));
        INPUTS.put("mark-", new LifecycleInput.MarkCommitted(false));
        INPUTS.put("held", new LifecycleInput.CircuitHeld(1, 0.5));
        // Its mark's writer gave it up uncalled: the stored mark (read here), another mark, a mark not read here.
        INPUTS.put("unsent+", new LifecycleInput.MarkWithdrawn(LONG_AGO, true));
        INPUTS.put("unsent~", new LifecycleInput.MarkWithdrawn(LONG_AGO - 1, true));
        INPUTS.put("unsent?", new LifecycleInput.MarkWithdrawn(LONG_AGO, false));
        INPUTS.put("created", new LifecycleInput.Created("t-1", "queued", NOW + 5_000));
        INPUTS.put("created2", new LifecycleInput.Created("t-2", "queued", NOW + 5_000));
        INPUTS.put("refused", new LifecycleInput.SubmitFailed(FailureReason.upstream_unavailable, true, null, 0.5));
        INPUTS.put("failed", new LifecycleInput.SubmitFailed(FailureReason.upstream_rejected, false, null, 0.5));
        INPUTS.put("running", new LifecycleInput.PollAnswered(Reported.RUNNING, "running", 50, false, false, null,
                false, NOW + 5_000));
        INPUTS.put("completed", new LifecycleInput.PollAnswered(Reported.COMPLETED, "completed", 100, true, false,
                null, false, 0));
        INPUTS.put("completed*", new LifecycleInput.PollAnswered(Reported.COMPLETED, "completed", 100, true, false,
                null, false, 0, FILES));
        INPUTS.put("copied", new LifecycleInput.MirrorCopied(new MirrorFile(0, false), 0.5));
        INPUTS.put("copyfail~", new LifecycleInput.MirrorFailed(new MirrorFile(0, false), "source_timeout", true, 0.5));
        INPUTS.put("copyfail!", new LifecycleInput.MirrorFailed(new MirrorFile(0, false), "too_large", false, 0.5));
        INPUTS.put("pollfail", new LifecycleInput.PollFailed(false, "reset", null, 0.5));
        INPUTS.put("cancel", new LifecycleInput.Cancel("changed my mind"));
        INPUTS.put("due", new LifecycleInput.Due());
        INPUTS.put("due>", new LifecycleInput.Due(NOW + 60_000)); // a poll due, which what its class showed puts later
        INPUTS.put("check+", new LifecycleInput.OutcomeCheckRead(true));
        INPUTS.put("check-", new LifecycleInput.OutcomeCheckRead(false));
        INPUTS.put("broke", new LifecycleInput.InternalError("IllegalStateException"));
        INPUTS.put("confirmed", new LifecycleInput.ReservationConfirmed());
        INPUTS.put("budget", new LifecycleInput.ReservationRefused("over the day's limit"));
    }

    /*
     * Columns in the order of INPUTS. Effects: Save, WriteIntent, Enqueue, WriteMark, CallSubmit, Withdraw,
     * WriteOutcomeCheck, CallPoll, CallCancel, EmitObserved, CopyFiles, Complete, Fail, FailAsRefused, DeadLetter,
     * Alert, Ledger:KIND (the cost ledger entry the end writes: SETTLE, RELEASE, FLAG_UNKNOWN). The inputs marked * carry files to mirror (mirroring on); "copyfail~" may pass, "copyfail!" never will;
     * "broke" is the tracker failing on the request (a bug).
     */
    static final String TABLE = """
            ABSENT         | intent+ -
                           | intent- ABSENT DeadLetter
                           | granted ABSENT Withdraw
                           | created IN_FLIGHT Save
                           | created2 IN_FLIGHT Save
                           | refused ENDED FailAsRefused
                           | failed ENDED FailAsRefused
                           | cancel ENDED Fail
            ADMITTED       | intent+ QUEUED Enqueue
                           | granted ADMITTED Withdraw
                           | created IN_FLIGHT Save
                           | created2 IN_FLIGHT Save
                           | refused RETRY_WAIT Save
                           | failed ENDED FailAsRefused Ledger:RELEASE
                           | cancel ENDED Withdraw Fail Ledger:RELEASE
                           | due ADMITTED Save
                           | due> ADMITTED Save
                           | broke ENDED Withdraw Fail Ledger:RELEASE
            RESERVING      | granted RESERVING Withdraw
                           | confirmed ADMITTED Save WriteIntent
                           | budget ENDED Withdraw Fail Ledger:RELEASE
                           | created IN_FLIGHT Save
                           | created2 IN_FLIGHT Save
                           | refused RETRY_WAIT Save
                           | failed ENDED FailAsRefused Ledger:RELEASE
                           | cancel ENDED Withdraw Fail Ledger:RELEASE
                           | due RESERVING Save
                           | due> RESERVING Save
                           | broke ENDED Withdraw Fail Ledger:RELEASE
            QUEUED         | granted MARKED Save WriteMark
                           | quota ENDED Withdraw Fail Ledger:RELEASE
                           | created IN_FLIGHT Save
                           | created2 IN_FLIGHT Save
                           | refused RETRY_WAIT Save
                           | failed ENDED FailAsRefused Ledger:RELEASE
                           | cancel ENDED Withdraw Fail Ledger:RELEASE
                           | due QUEUED Save
                           | due> QUEUED Save
                           | broke ENDED Withdraw Fail Ledger:RELEASE
            MARKED         | granted MARKED Withdraw
                           | mark+ SENT CallSubmit
                           | created IN_FLIGHT Save
                           | created2 IN_FLIGHT Save
                           | refused RETRY_WAIT Save
                           | failed ENDED FailAsRefused Ledger:RELEASE
                           | cancel ENDED Withdraw Fail Ledger:RELEASE
                           | broke ENDED Withdraw Fail Ledger:RELEASE
            SENT           | granted SENT Withdraw
                           | unsent+ RETRY_WAIT Save
                           | created IN_FLIGHT Save
                           | created2 IN_FLIGHT Save
                           | refused RETRY_WAIT Save
                           | failed ENDED FailAsRefused Ledger:RELEASE
                           | cancel CANCEL_PENDING Save
                           | due OUTCOME_CHECK WriteOutcomeCheck
                           | due> OUTCOME_CHECK WriteOutcomeCheck
                           | broke ENDED Withdraw Fail Ledger:FLAG_UNKNOWN
            HELD           | granted HELD Withdraw
                           | held QUEUED Save Enqueue
                           | created IN_FLIGHT Save
                           | created2 IN_FLIGHT Save
                           | refused RETRY_WAIT Save
                           | failed ENDED FailAsRefused Ledger:RELEASE
                           | cancel ENDED Withdraw Fail Ledger:RELEASE
                           | broke ENDED Withdraw Fail Ledger:RELEASE
            UNSENT         | granted UNSENT Withdraw
                           | created IN_FLIGHT Save
                           | created2 IN_FLIGHT Save
                           | refused RETRY_WAIT Save
                           | failed ENDED FailAsRefused Ledger:RELEASE
                           | cancel ENDED Withdraw Fail Ledger:RELEASE
                           | due ADMITTED Save WriteIntent
                           | due> ADMITTED Save WriteIntent
                           | broke ENDED Withdraw Fail Ledger:RELEASE
            RETRY_WAIT     | granted RETRY_WAIT Withdraw
                           | created IN_FLIGHT Save
                           | created2 IN_FLIGHT Save
                           | refused RETRY_WAIT Save
                           | failed ENDED FailAsRefused Ledger:RELEASE
                           | cancel ENDED Withdraw Fail Ledger:RELEASE
                           | due ADMITTED Save WriteIntent
                           | due> ADMITTED Save WriteIntent
                           | broke ENDED Withdraw Fail Ledger:RELEASE
            CANCEL_PENDING | granted CANCEL_PENDING Withdraw
                           | unsent+ ENDED Withdraw Fail Ledger:RELEASE
                           | created ENDED Save CallCancel Fail Ledger:SETTLE
                           | created2 ENDED Save CallCancel Fail Ledger:SETTLE
                           | refused ENDED FailAsRefused Ledger:RELEASE
                           | failed ENDED FailAsRefused Ledger:RELEASE
                           | cancel CANCEL_PENDING DeadLetter
                           | due OUTCOME_CHECK WriteOutcomeCheck
                           | due> OUTCOME_CHECK WriteOutcomeCheck
                           | broke ENDED Withdraw Fail Ledger:FLAG_UNKNOWN
            OUTCOME_CHECK  | granted OUTCOME_CHECK Withdraw
                           | created IN_FLIGHT Save
                           | created2 IN_FLIGHT Save
                           | refused RETRY_WAIT Save
                           | failed ENDED FailAsRefused Ledger:RELEASE
                           | cancel OUTCOME_CHECK Save
                           | check+ ENDED Fail Ledger:FLAG_UNKNOWN
                           | broke ENDED Withdraw Fail Ledger:FLAG_UNKNOWN
            IN_FLIGHT      | granted IN_FLIGHT Withdraw
                           | created2 IN_FLIGHT Alert
                           | refused IN_FLIGHT Alert
                           | failed IN_FLIGHT Alert
                           | running IN_FLIGHT EmitObserved Save
                           | completed ENDED Complete Ledger:SETTLE
                           | completed* COPYING Save CopyFiles
                           | pollfail IN_FLIGHT Save
                           | cancel ENDED CallCancel Fail Ledger:SETTLE
                           | due POLLING CallPoll
                           | due> IN_FLIGHT Save
                           | broke ENDED Withdraw Fail Ledger:SETTLE
            POLLING        | granted POLLING Withdraw
                           | created2 POLLING Alert
                           | refused POLLING Alert
                           | failed POLLING Alert
                           | running IN_FLIGHT EmitObserved Save
                           | completed ENDED Complete Ledger:SETTLE
                           | completed* COPYING Save CopyFiles
                           | pollfail IN_FLIGHT Save
                           | cancel ENDED CallCancel Fail Ledger:SETTLE
                           | broke ENDED Withdraw Fail Ledger:SETTLE
            MIRRORING      | granted MIRRORING Withdraw
                           | created2 MIRRORING Alert
                           | refused MIRRORING Alert
                           | failed MIRRORING Alert
                           | copied MIRRORING Save
                           | copyfail~ MIRRORING Save
                           | copyfail! MIRRORING Save
                           | cancel MIRRORING DeadLetter
                           | due COPYING Save CopyFiles
                           | due> COPYING Save CopyFiles
                           | broke ENDED Complete Ledger:SETTLE
            COPYING        | granted COPYING Withdraw
                           | created2 COPYING Alert
                           | refused COPYING Alert
                           | failed COPYING Alert
                           | copied COPYING Save
                           | copyfail~ COPYING Save
                           | copyfail! COPYING Save
                           | cancel COPYING DeadLetter
                           | broke ENDED Complete Ledger:SETTLE
            ENDED          | granted ENDED Withdraw
                           | created2 ENDED Alert
                           | cancel ENDED DeadLetter
            """;

    /** Cells the table names; every other (stage, input) pair is expected to be ignored. */
    static Map<String, String> expected() {
        Map<String, String> cells = new LinkedHashMap<>();
        String stage = null;
        for (String line : TABLE.strip().split("\n")) {
            String[] parts = line.split("\\|");
            if (!parts[0].isBlank()) {
                stage = parts[0].strip();
            }
            String[] cell = parts[1].strip().split(" ", 2);
            String previous = cells.put(stage + " " + cell[0], cell[1]);
            assertThat(previous).as("one cell per pair: %s %s", stage, cell[0]).isNull();
        }
        return cells;
    }

    static Stream<Arguments> everyPair() {
        Map<String, String> cells = expected();
        return Arrays.stream(RequestStage.values()).flatMap(stage -> INPUTS.keySet().stream()
                .map(input -> Arguments.of(stage, input, cells.getOrDefault(stage + " " + input, "-"))));
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @MethodSource("everyPair")
    void everyStageAgainstEveryInput(RequestStage stage, String input, String expected) {
        RequestState before = at(stage);
        Transition t = Lifecycle.next(before, INPUTS.get(input), NOW, SETTINGS);
        if (expected.equals("-")) {
            assertThat(t.effects()).as("ignored: nothing is done").isEmpty();
            assertThat(t.state()).as("ignored: the state stays").isEqualTo(before);
            return;
        }
        List<String> cell = List.of(expected.split(" "));
        assertThat(t.state().stage()).isEqualTo(RequestStage.valueOf(cell.get(0)));
        assertThat(t.effects()).extracting(LifecycleTest::name)
                .containsExactlyElementsOf(cell.subList(1, cell.size()));
    }

    /** An effect as the table names it; a ledger entry with its kind ("Ledger:SETTLE"). */
    static String name(Effect effect) {
        return effect instanceof Effect.Ledger ledger ? "Ledger:" + ledger.kind()
                : effect.getClass().getSimpleName();
    }

    @org.junit.jupiter.api.Test
    void theTableNamesOnlyStagesAndInputsThatExist() {
        expected().keySet().forEach(key -> {
            assertThat(RequestStage.valueOf(key.split(" ")[0])).isNotNull();
            assertThat(INPUTS).containsKey(key.split(" ")[1]);
        });
    }
}
