package io.reelay.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OwnMarksTest {

    @Test
    void onlyTheWriterOfAMarkClaimsItsReadBackAndOnlyOnce() {
        OwnMarks writer = new OwnMarks();
        OwnMarks other = new OwnMarks(); // another instance, or the writer after a restart

        writer.intentWritten("r-1");
        assertThat(other.intentCommitted("r-1")).isFalse();
        assertThat(writer.intentCommitted("r-1")).isTrue();
        assertThat(writer.intentCommitted("r-1")).as("claimed once").isFalse();
        assertThat(writer.step("r-1")).isEqualTo(RequestStage.QUEUED);

        writer.markWritten("r-1");
        assertThat(other.markCommitted("r-1")).isFalse();
        assertThat(writer.markCommitted("r-1")).isTrue();
        assertThat(writer.markCommitted("r-1")).isFalse();
        assertThat(writer.step("r-1")).as("sent: the stored stage decides from here").isNull();
    }

    @Test
    void anotherProcesssMarkReadHereIsTakenBackOnlyByItsTimeOnceAndUntilThisProcessWritesForTheRequest() {
        OwnMarks marks = new OwnMarks();
        assertThat(marks.markCommitted("r-1", 100)).as("another process's mark").isFalse();
        assertThat(marks.othersMarkRead("r-1", 99)).as("another mark's time").isFalse();
        assertThat(marks.othersMarkRead("r-1", 100)).isTrue();
        assertThat(marks.othersMarkRead("r-1", 100)).as("claimed once").isFalse();

        marks.markCommitted("r-2", 100);
        marks.intentWritten("r-2"); // resumed here since: the mark read is not the one stored any more
        assertThat(marks.othersMarkRead("r-2", 100)).isFalse();

        marks.markCommitted("r-3", 100);
        marks.forget("r-3"); // ended, or its step withdrawn
        assertThat(marks.othersMarkRead("r-3", 100)).isFalse();

        marks.markCommitted("r-4", 100);
        for (int i = 0; i < OwnMarks.MAX_OTHERS_MARKS; i++) {
            marks.markCommitted("n-" + i, 100);
        }
        assertThat(marks.othersMarkRead("r-4", 100)).as("bounded: the oldest falls out").isFalse();
        assertThat(marks.othersMarkRead("n-" + (OwnMarks.MAX_OTHERS_MARKS - 1), 100)).isTrue();
    }

    @Test
    void onlyMarksWrittenAndNeverCalledAreUncalled() {
        OwnMarks marks = new OwnMarks();
        marks.intentWritten("queued");
        marks.intentCommitted("queued");
        marks.markWritten("marked");
        marks.markWritten("called");
        marks.markCommitted("called");
        marks.markWritten("held");
        marks.markCommitted("held");
        marks.held("held");
        marks.drainHeld();
        assertThat(marks.uncalledMarks()).containsExactlyInAnyOrder("marked", "held");
    }

    @Test
    void aWithdrawnStepClaimsNothing() {
        OwnMarks marks = new OwnMarks();
        marks.intentWritten("r-1");
        marks.intentCommitted("r-1");
        marks.markWritten("r-1");
        assertThat(marks.notCalledYet("r-1")).isTrue();
        assertThat(marks.forget("r-1")).isEqualTo(RequestStage.MARKED);
        assertThat(marks.markCommitted("r-1")).isFalse();
        assertThat(marks.notCalledYet("r-1")).isFalse();
    }

    @Test
    void oneOutcomeCheckAtATime() {
        OwnMarks marks = new OwnMarks();
        assertThat(marks.checkWritten("r-1")).isTrue();
        assertThat(marks.checkWritten("r-1")).isFalse();
        assertThat(marks.notCalledYet("r-1")).as("a check follows a call").isFalse();
        assertThat(marks.checkCommitted("r-1")).isTrue();
        assertThat(marks.checkCommitted("r-1")).isFalse();
    }

    @Test
    void aCallHeldBackOnAnotherThreadIsPickedUpOnTheStreamThread() throws Exception {
        OwnMarks marks = new OwnMarks();
        Thread client = new Thread(() -> marks.held("r-1"));
        client.start();
        client.join();
        assertThat(marks.step("r-1")).as("not seen before the stream thread drains").isNull();
        assertThat(marks.drainHeld()).containsExactly("r-1");
        assertThat(marks.step("r-1")).isEqualTo(RequestStage.HELD);
        assertThat(marks.drainHeld()).isEmpty();
    }
}
