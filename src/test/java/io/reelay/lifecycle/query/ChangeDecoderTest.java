package io.reelay.lifecycle.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoRequested;
import io.reelay.events.VideoTaskEvent;
import io.reelay.events.VideoTaskEventType;
import io.reelay.kafka.EventSerdes;
import io.reelay.kafka.InternalKey;
import io.reelay.kafka.TaskSignatures;
import io.reelay.kafka.Topics;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The change feed's records: what Reelay writes becomes the request's summary; anything else written to those topics
 * (garbage, a value cut or flipped, an unsigned video.tasks record, a value naming another request) is no change, and
 * nothing throws.
 */
class ChangeDecoderTest {

    private static final EventSerdes SERDES = EventSerdes.singleObject();
    private static final TaskSignatures SIGNATURES = new TaskSignatures(InternalKey.of("change-decoder-test-key-0123456789"));
    private static final ChangeDecoder DECODER = new ChangeDecoder(SERDES, SIGNATURES);

    static VideoTaskEvent intent(String id, String owner) {
        return VideoTaskEvent.newBuilder().setRequestId(id).setType(VideoTaskEventType.submitting)
                .setOccurredAt(Instant.now()).setProvider("tokenlab").setModel("veo3.1").setTenant("acme")
                .setRequestedAt(Instant.ofEpochMilli(1_764_720_000_000L))
                .setRequest(VideoRequested.newBuilder().setRequestId(id).setModel("veo3.1").setPrompt("<script>x</script>")
                        .setRequestedAt(Instant.ofEpochMilli(1_764_720_000_000L))
                        .setMetadata(owner == null ? Map.of() : Map.of("reelay:owner", owner)).build())
                .build();
    }

    static Signed signed(VideoTaskEvent event) {
        RecordHeaders headers = new RecordHeaders();
        byte[] bytes = SERDES.of(VideoTaskEvent.class).serializer().serialize(Topics.TASKS, event);
        SIGNATURES.sign(headers, bytes);
        return new Signed(headers, bytes);
    }

    record Signed(RecordHeaders headers, byte[] value) {
    }

    @Test
    void aSignedIntentIsASubmittingRequestWithItsOwner() {
        Signed record = signed(intent("r-1", "acme"));
        Optional<RequestSummary> change = DECODER.decode(Topics.TASKS, "r-1", record.headers(), record.value());
        assertThat(change).isPresent();
        assertThat(change.get().state()).isEqualTo(RequestStatus.State.SUBMITTING);
        assertThat(change.get().owner()).isEqualTo("acme");
        assertThat(change.get().tenant()).isEqualTo("acme");
        assertThat(change.get().model()).isEqualTo("veo3.1");
        assertThat(change.get().requestAsSent()).contains("<script>x</script>").doesNotContain("reelay:owner");
    }

    @Test
    void anUnsignedOrMisKeyedTaskRecordIsNoChange() {
        Signed record = signed(intent("r-1", "acme"));
        assertThat(DECODER.decode(Topics.TASKS, "r-1", new RecordHeaders(), record.value())).isEmpty();
        assertThat(DECODER.decode(Topics.TASKS, "r-2", record.headers(), record.value())).isEmpty();
        assertThat(DECODER.decode(Topics.REQUESTS, "r-1", record.headers(), record.value())).isEmpty();
    }

    @Property(tries = 300)
    void terminalEventsAreTheirRequestsEnd(@ForAll("completions") VideoCompleted completed,
            @ForAll("failures") VideoFailed failed) {
        byte[] c = SERDES.of(VideoCompleted.class).serializer().serialize(Topics.COMPLETED, completed);
        byte[] f = SERDES.of(VideoFailed.class).serializer().serialize(Topics.FAILED, failed);
        assertThat(DECODER.decode(Topics.COMPLETED, completed.getRequestId(), new RecordHeaders(), c))
                .hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(RequestStatus.State.COMPLETED));
        assertThat(DECODER.decode(Topics.FAILED, failed.getRequestId(), new RecordHeaders(), f))
                .hasValueSatisfying(s -> {
                    assertThat(s.state()).isEqualTo(RequestStatus.State.FAILED);
                    assertThat(s.failureReason()).isEqualTo(failed.getReason().name());
                });
    }

    /** Valid records cut, flipped or replaced, on every topic the feed reads: bounded summaries or nothing. */
    @Property(tries = 5000)
    void hostileRecordsNeverThrowAndNeverGiveUnboundedText(@ForAll("topics") String topic,
            @ForAll("values") byte[] value, @ForAll("keys") String key, @ForAll boolean sign) {
        RecordHeaders headers = new RecordHeaders();
        if (sign && value != null) {
            SIGNATURES.sign(headers, value);
        }
        Optional<RequestSummary> change = DECODER.decode(topic, key, headers, value);
        change.ifPresent(s -> {
            assertThat(s.requestId()).isEqualTo(key);
            for (String text : new String[] { s.provider(), s.model(), s.operation(), s.tenant(), s.owner(),
                    s.upstreamStatus(), s.failureReason(), s.failureMessage(), s.mirrorStatus() }) {
                assertThat(text == null || text.length() <= RequestSummary.MAX_TEXT).isTrue();
            }
            assertThat(s.requestAsSent() == null || s.requestAsSent().length() <= RequestSummary.MAX_REQUEST).isTrue();
            if (Topics.TASKS.equals(topic)) {
                assertThat(sign).as("an unsigned video.tasks record is never a change").isTrue();
            }
        });
    }

    @Provide
    Arbitrary<VideoCompleted> completions() {
        return StoreRecordArbitraries.completions();
    }

    @Provide
    Arbitrary<VideoFailed> failures() {
        return StoreRecordArbitraries.failures();
    }

    @Provide
    Arbitrary<String> topics() {
        return Arbitraries.of(Topics.TASKS, Topics.COMPLETED, Topics.FAILED, Topics.REQUESTS, "other", "");
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.oneOf(Arbitraries.of("r-1", "x".repeat(600)), Arbitraries.strings().ofMaxLength(10),
                Arbitraries.just(null));
    }

    @Provide
    Arbitrary<byte[]> values() {
        Arbitrary<byte[]> valid = Arbitraries.oneOf(
                Arbitraries.of("r-1", "x".repeat(600)).map(id -> SERDES.of(VideoTaskEvent.class).serializer()
                        .serialize(Topics.TASKS, VideoTaskEvent.newBuilder(intent(id, "o".repeat(2000)))
                                .setRawStatus("s".repeat(100_000)).build())),
                StoreRecordArbitraries.completions().map(e -> SERDES.of(VideoCompleted.class).serializer()
                        .serialize(Topics.COMPLETED, e)),
                StoreRecordArbitraries.failures().map(e -> SERDES.of(VideoFailed.class).serializer()
                        .serialize(Topics.FAILED, e)));
        Arbitrary<byte[]> cut = valid.flatMap(v -> Arbitraries.integers().between(0, v.length)
                .map(n -> java.util.Arrays.copyOf(v, n)));
        Arbitrary<byte[]> flipped = Arbitraries.lazy(() -> valid).flatMap(v -> Arbitraries.integers()
                .between(0, Math.max(0, v.length - 1)).flatMap(i -> Arbitraries.bytes().map(b -> {
                    byte[] copy = v.clone();
                    if (copy.length > 0) {
                        copy[i] = b;
                    }
                    return copy;
                })));
        Arbitrary<byte[]> garbage = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> marked = garbage.map(g -> {
            byte[] withMarker = new byte[g.length + 10];
            withMarker[0] = (byte) 0xC3;
            withMarker[1] = 0x01;
            System.arraycopy(g, 0, withMarker, 10, g.length);
            return withMarker;
        });
        return Arbitraries.oneOf(valid, cut, flipped, garbage, marked, Arbitraries.just(null));
    }
}
