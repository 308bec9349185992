package io.reelay.delivery.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The delivery-state topic is read back at every start: whatever a record holds (random bytes, a real state cut short
 * or with a byte changed, deep nesting, a huge attempt list), decoding never throws, and what it returns has every
 * field a delivery needs and at most {@link DeliveryState#MAX_ATTEMPTS_KEPT} attempts.
 */
class DeliveryStateCodecPropertiesTest {

    @Property(tries = 3000)
    void randomBytesAreSkippedNeverThrown(@ForAll("bytes") byte[] bytes) {
        assertUsableOrEmpty(DeliveryStateCodec.decode(bytes));
    }

    @Property(tries = 3000)
    void aRealStateCutOrChangedIsReadOrSkipped(@ForAll("states") DeliveryState state, @ForAll("cuts") int cut,
            @ForAll("cuts") int at, @ForAll byte value) {
        byte[] valid = DeliveryStateCodec.encode(state);
        byte[] changed = valid.clone();
        changed[at % changed.length] = value;
        assertUsableOrEmpty(DeliveryStateCodec.decode(Arrays.copyOf(valid, cut % (valid.length + 1))));
        assertUsableOrEmpty(DeliveryStateCodec.decode(changed));
    }

    @Property(tries = 500)
    void aRealStateRoundTrips(@ForAll("states") DeliveryState state) {
        assertThat(DeliveryStateCodec.decode(DeliveryStateCodec.encode(state))).contains(state);
    }

    @Property(tries = 200)
    void deepNestingAndLongListsAreBounded(@ForAll("depths") int depth) {
        String nested = "[".repeat(depth) + "]".repeat(depth);
        assertUsableOrEmpty(DeliveryStateCodec.decode(("{\"webhook_id\":" + nested + "}").getBytes(StandardCharsets.UTF_8)));
        StringBuilder attempts = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            attempts.append(i == 0 ? "" : ",").append("{\"status\":500,\"latency_ms\":1}");
        }
        String json = "{\"webhook_id\":\"msg_1\",\"request_id\":\"r\",\"event_type\":\"video.completed\","
                + "\"endpoint\":\"ok\",\"status\":\"pending\",\"attempts\":[" + attempts + "]}";
        Optional<DeliveryState> read = DeliveryStateCodec.decode(json.getBytes(StandardCharsets.UTF_8));
        assertThat(read).isPresent();
        assertThat(read.get().attempts()).hasSize(Math.min(depth, DeliveryState.MAX_ATTEMPTS_KEPT));
    }

    private static void assertUsableOrEmpty(Optional<DeliveryState> read) {
        read.ifPresent(s -> {
            assertThat(s.webhookId()).isNotNull();
            assertThat(s.requestId()).isNotNull();
            assertThat(s.endpoint()).isNotNull();
            assertThat(s.status()).isNotNull();
            assertThat(s.eventType()).isNotNull();
            assertThat(s.attempts()).hasSizeLessThanOrEqualTo(DeliveryState.MAX_ATTEMPTS_KEPT);
        });
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.strings().ofMaxLength(300).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.strings().withChars("{}[]\":,0123456789abcdefnulltrue ").ofMaxLength(300)
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)));
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.integers().between(0, 100_000);
    }

    @Provide
    Arbitrary<Integer> depths() {
        return Arbitraries.integers().between(1, 5_000);
    }

    @Provide
    Arbitrary<DeliveryState> states() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40);
        Arbitrary<DeliveryState.AttemptRecord> attempt = Arbitraries.integers().between(0, 599)
                .map(code -> new DeliveryState.AttemptRecord(Instant.ofEpochMilli(1_700_000_000_000L + code), code,
                        code == 0 ? "timeout" : null, code));
        return Arbitraries.of(DeliveryState.Status.values()).flatMap(status -> text.list().ofSize(3)
                .flatMap(t -> attempt.list().ofMaxSize(DeliveryState.MAX_ATTEMPTS_KEPT).map(list ->
                        new DeliveryState("msg_" + t.get(0), "r-" + t.get(1), "video.completed", "ok",
                                "https://example.com/hook", status, 7L, list.size(), Instant.ofEpochMilli(1_000),
                                null, new ArrayList<>(list), 0, t.get(2)))));
    }
}
