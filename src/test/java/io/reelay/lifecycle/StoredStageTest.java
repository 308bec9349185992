package io.reelay.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

import io.reelay.events.FailureReason;
import io.reelay.events.VideoRequested;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.kafka.avro.SchemaHistory;
import io.reelay.state.TrackedPhase;
import io.reelay.state.TrackedTask;

/** The stage read from a stored record, including records written by earlier versions. */
class StoredStageTest {

    private static final long NOW = LifecycleTest.NOW;

    @Test
    void aSubmittingRecordFromTheFirstVersionMayHaveBeenSentSoItsOutcomeIsCheckedNeverResumed() throws Exception {
        Schema v1 = SchemaHistory.versions(TrackedTask.SCHEMA$).get(0);
        GenericRecord old = new GenericData.Record(v1);
        old.put("request_id", "old-1");
        old.put("phase", new GenericData.EnumSymbol(v1.getField("phase").schema(), "submitting"));
        old.put("provider", "tokenlab");
        old.put("model", "veo3.1");
        old.put("intent_at", NOW - 10 * 60_000);
        old.put("next_poll_at", 0L);
        old.put("poll_count", 0);
        old.put("poll_errors", 0);
        TrackedTask read = AvroSerde.of(TrackedTask.class).decode(singleObject(old, v1));

        RequestState state = StoredStage.of(read, null, false);
        assertThat(state.stage()).isEqualTo(RequestStage.SENT);
        Transition due = Lifecycle.next(state, new LifecycleInput.Due(), NOW, LifecycleTest.SETTINGS);
        assertThat(due.effects()).containsExactly(new Effect.WriteOutcomeCheck());
        Transition checked = Lifecycle.next(due.state(), new LifecycleInput.OutcomeCheckRead(true), NOW,
                LifecycleTest.SETTINGS);
        assertThat(checked.effects()).first().isInstanceOfSatisfying(Effect.Fail.class,
                fail -> assertThat(fail.reason()).isEqualTo(FailureReason.submission_outcome_unknown));
        assertThat(checked.effects()).as("the reservation stays, flagged").hasSize(2)
                .last().isEqualTo(new Effect.Ledger(Effect.LedgerKind.FLAG_UNKNOWN, "submission_outcome_unknown"));

        StoredStage.apply(state, read);
        assertThat(read.getSendingMarked()).as("written back in the current form").isTrue();
    }

    @Test
    void anInFlightRecordFromTheFirstVersionIsPolledWithTheDefaultDeadline() throws Exception {
        Schema v1 = SchemaHistory.versions(TrackedTask.SCHEMA$).get(0);
        GenericRecord old = new GenericData.Record(v1);
        old.put("request_id", "old-2");
        old.put("phase", new GenericData.EnumSymbol(v1.getField("phase").schema(), "in_flight"));
        old.put("provider", "tokenlab");
        old.put("model", "veo3.1");
        old.put("upstream_task_id", "t-7");
        old.put("intent_at", NOW - 60_000);
        old.put("submitted_at", NOW - 50_000);
        old.put("next_poll_at", NOW - 1);
        old.put("poll_count", 3);
        old.put("poll_errors", 0);
        TrackedTask read = AvroSerde.of(TrackedTask.class).decode(singleObject(old, v1));

        RequestState state = StoredStage.of(read, null, false);
        assertThat(state.stage()).isEqualTo(RequestStage.IN_FLIGHT);
        assertThat(Lifecycle.wakeAt(state, LifecycleTest.SETTINGS)).isEqualTo(NOW - 1);
        assertThat(Lifecycle.next(state, new LifecycleInput.Due(), NOW, LifecycleTest.SETTINGS).effects())
                .containsExactly(new Effect.CallPoll());
    }

    @Test
    void theFlagsOfTheCurrentVersionNameEachStoredStage() {
        assertThat(stage(task().build(), null)).isEqualTo(RequestStage.UNSENT);
        assertThat(stage(task().setSendingMarked(true).build(), null)).isEqualTo(RequestStage.SENT);
        assertThat(stage(task().setSendingMarked(true).setCancelRequested(true).build(), null))
                .isEqualTo(RequestStage.CANCEL_PENDING);
        assertThat(stage(task().setSendingMarked(true).setSubmitRetryAt(NOW).build(), null))
                .isEqualTo(RequestStage.RETRY_WAIT);
        assertThat(stage(task().setPhase(TrackedPhase.in_flight).setUpstreamTaskId("t").build(), null))
                .isEqualTo(RequestStage.IN_FLIGHT);
    }

    @Test
    void theStepThisProcessHoldsRefinesTheStoredStage() {
        assertThat(stage(task().build(), RequestStage.QUEUED)).isEqualTo(RequestStage.QUEUED);
        assertThat(stage(task().setSendingMarked(true).build(), RequestStage.OUTCOME_CHECK))
                .isEqualTo(RequestStage.OUTCOME_CHECK);
        assertThat(stage(task().setPhase(TrackedPhase.in_flight).setUpstreamTaskId("t").build(),
                RequestStage.OUTCOME_CHECK)).as("an answer read meanwhile wins over a stale check")
                .isEqualTo(RequestStage.IN_FLIGHT);
        assertThat(StoredStage.of(task().setPhase(TrackedPhase.in_flight).setUpstreamTaskId("t").build(), null, true)
                .stage()).isEqualTo(RequestStage.POLLING);
    }

    @Test
    void writingAStateBackKeepsWhatTheLifecycleDecided() {
        TrackedTask task = task().build();
        RequestState created = Lifecycle.next(StoredStage.of(task, null, false),
                new LifecycleInput.Created("t-3", "queued", NOW + 5_000), NOW, LifecycleTest.SETTINGS).state();
        StoredStage.apply(created, task);
        assertThat(task.getPhase()).isEqualTo(TrackedPhase.in_flight);
        assertThat(task.getUpstreamTaskId()).isEqualTo("t-3");
        assertThat(task.getSubmittedAt()).isEqualTo(NOW);
        assertThat(task.getNextPollAt()).isEqualTo(NOW + 5_000);
        assertThat(task.getPendingRequest()).as("the request is no longer needed").isNull();
        assertThat(task.getSentRequest()).as("but still shown").isEqualTo(task().build().getPendingRequest());
        assertThat(StoredStage.of(task, null, false)).isEqualTo(created);
    }

    @Test
    void theRequestShownIsKeptFromTheFirstTimeItIsNoLongerNeeded() {
        TrackedTask task = task().build();
        RequestState created = Lifecycle.next(StoredStage.of(task, null, false),
                new LifecycleInput.Created("t-3", "queued", NOW + 5_000), NOW, LifecycleTest.SETTINGS).state();
        StoredStage.apply(created, task);
        VideoRequested kept = task.getSentRequest();

        StoredStage.apply(created, task);

        assertThat(task.getSentRequest()).isSameAs(kept);
        assertThat(StoredStage.of(task, null, false).keepsRequest()).as("a kept copy is not a request to resend")
                .isFalse();
    }

    private static RequestStage stage(TrackedTask task, RequestStage local) {
        return StoredStage.of(task, local, false).stage();
    }

    private static TrackedTask.Builder task() {
        return TrackedTask.newBuilder().setRequestId("r-1").setPhase(TrackedPhase.submitting).setProvider("tokenlab")
                .setModel("veo3.1").setIntentAt(NOW - 1_000).setPendingRequest(VideoRequested.newBuilder()
                        .setRequestId("r-1").setModel("veo3.1").setPrompt("a cat").build());
    }

    /** Avro single-object encoding, written by hand for a schema with no generated class. */
    private static byte[] singleObject(GenericRecord record, Schema schema) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0xC3, 0x01});
        long fp = SchemaNormalization.parsingFingerprint64(schema);
        for (int i = 0; i < 8; i++) {
            out.write((int) (fp >>> (8 * i)) & 0xff);
        }
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
