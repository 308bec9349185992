package io.reelay.kafka.avro;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;

import io.reelay.events.FailureReason;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoTaskEvent;
import io.reelay.events.VideoTaskEventType;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * AvroSerde writes its own buffer: the bytes must stay exactly those of Avro's BinaryMessageEncoder (what every
 * record written so far holds and every reader expects), whatever the values, one record after another on a thread.
 */
class AvroSerdeBytesPropertiesTest {

    private static final AvroSerde<VideoFailed> FAILED = AvroSerde.of(VideoFailed.class);
    private static final AvroSerde<VideoTaskEvent> TASKS = AvroSerde.of(VideoTaskEvent.class);

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
}
