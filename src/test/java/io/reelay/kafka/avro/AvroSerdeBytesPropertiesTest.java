package io.reelay.kafka.avro;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;

import io.reelay.events.FailureReason;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoTaskEvent;
import io.reelay.events.VideoTaskEventType;
import io.reelay.lifecycle.query.StoreRecordArbitraries;
import io.reelay.state.FinishedRequest;
import io.reelay.state.TrackedTask;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * AvroSerde writes its own buffer: the bytes must stay exactly those of Avro's BinaryMessageEncoder (what every
 * record written so far holds and every reader expects), whatever the values, one record after another on a thread.
 */
class AvroSerdeBytesPropertiesTest {

    private static final AvroSerde<VideoFailed> FAILED = AvroSerde.of(VideoFailed.class);
    private static final AvroSerde<VideoTaskEvent> TASKS = AvroSerde.of(VideoTaskEvent.class);
    private static final AvroSerde<TrackedTask> IN_FLIGHT = AvroSerde.of(TrackedTask.class);
    private static final AvroSerde<FinishedRequest> FINISHED = AvroSerde.of(FinishedRequest.class);

    @Property(tries = 2000)
    void aFailureIsWrittenAsAvroWritesIt(@ForAll String id, @ForAll @Size(max = 3000) String message,
            @ForAll boolean retryable, @ForAll long at) throws Exception {
        VideoFailed failure = VideoFailed.newBuilder().setRequestId(id).setReason(FailureReason.timeout)
                .setMessage(message).setRetryable(retryable).setFailedAt(Instant.ofEpochMilli(at / 2)).build();

        byte[] bytes = FAILED.encode(failure);

        assertThat(bytes).isEqualTo(failure.toByteBuffer().array());
        assertThat(VideoFailed.fromByteBuffer(ByteBuffer.wrap(bytes))).isEqualTo(failure);
        assertThat(FAILED.decode(bytes)).isEqualTo(failure);
    }

    @Property(tries = 2000)
    void aTaskEventIsWrittenAsAvroWritesIt(@ForAll String id, @ForAll String model, @ForAll long at) throws Exception {
        VideoTaskEvent event = VideoTaskEvent.newBuilder().setRequestId(id).setType(VideoTaskEventType.submitting)
                .setOccurredAt(Instant.ofEpochMilli(at / 2)).setProvider("tokenlab").setModel(model).build();

        byte[] bytes = TASKS.encode(event);

        assertThat(bytes).isEqualTo(event.toByteBuffer().array());
        assertThat(TASKS.decode(bytes)).isEqualTo(event);
    }

    /** Every optional field set or left out, nested records and decimals among them: the union branch follows. */
    @Property(tries = 2000)
    void anInFlightRequestIsWrittenAsAvroWritesIt(@ForAll("inFlight") TrackedTask task) throws Exception {
        byte[] bytes = IN_FLIGHT.encode(task);

        assertThat(bytes).isEqualTo(task.toByteBuffer().array());
        assertThat(IN_FLIGHT.decode(bytes)).isEqualTo(task);
    }

    @Property(tries = 2000)
    void aFinishedRequestIsWrittenAsAvroWritesIt(@ForAll("finished") FinishedRequest done) throws Exception {
        byte[] bytes = FINISHED.encode(done);

        assertThat(bytes).isEqualTo(done.toByteBuffer().array());
        assertThat(FINISHED.decode(bytes)).isEqualTo(done);
    }

    @Provide
    Arbitrary<TrackedTask> inFlight() {
        return StoreRecordArbitraries.inFlight();
    }

    @Provide
    Arbitrary<FinishedRequest> finished() {
        return StoreRecordArbitraries.finished();
    }
}
