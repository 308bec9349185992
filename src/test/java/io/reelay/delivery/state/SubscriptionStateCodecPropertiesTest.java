package io.reelay.delivery.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A subscription's record on the state topic is read back at every start, by every instance: whatever it holds
 * (random bytes, a real record cut or with a byte changed, deep nesting, huge strings), decoding never throws, and
 * what it returns names a subscription (bounded), a 64-hex URL hash and a time, with a bounded cause.
 */
class SubscriptionStateCodecPropertiesTest {

    @Property(tries = 3000)
    void randomBytesAreSkippedNeverThrown(@ForAll("bytes") byte[] bytes) {
        assertUsableOrEmpty(DeliveryStateCodec.decodeSubscription(bytes));
    }

    @Property(tries = 3000)
    void aRealRecordCutOrChangedIsReadOrSkipped(@ForAll("records") SubscriptionState state, @ForAll("cuts") int cut,
            @ForAll("cuts") int at, @ForAll byte value) {
        byte[] valid = DeliveryStateCodec.encode(state);
        byte[] changed = valid.clone();
        changed[at % changed.length] = value;
        assertUsableOrEmpty(DeliveryStateCodec.decodeSubscription(Arrays.copyOf(valid, cut % (valid.length + 1))));
        assertUsableOrEmpty(DeliveryStateCodec.decodeSubscription(changed));
    }

    @Property(tries = 1000)
    void aRealRecordRoundTripsAndStillDisablesItsUrl(@ForAll("records") SubscriptionState state) {
        Optional<SubscriptionState> read = DeliveryStateCodec.decodeSubscription(DeliveryStateCodec.encode(state));
        assertThat(read).contains(state);
        assertThat(read.get().disables("https://hooks.example.com/" + state.subscription()))
                .isEqualTo(state.disabled());
    }

    @Property(tries = 300)
    void deepNestingHugeStringsAndForeignRecordsAreSkipped(@ForAll("depths") int depth) {
        String nested = "[".repeat(depth) + "]".repeat(depth);
        assertUsableOrEmpty(DeliveryStateCodec.decodeSubscription(("{\"subscription\":" + nested + "}")
                .getBytes(StandardCharsets.UTF_8)));
        String longName = "{\"subscription\":\"" + "n".repeat(depth) + "\",\"url_sha256\":\"" + "a".repeat(64)
                + "\",\"disabled\":true,\"changed_at\":\"2026-12-02T12:00:00Z\",\"cause\":\"" + "c".repeat(depth)
                + "\",\"revision\":1}";
        Optional<SubscriptionState> read = DeliveryStateCodec.decodeSubscription(
                longName.getBytes(StandardCharsets.UTF_8));
        assertUsableOrEmpty(read);
        if (depth <= SubscriptionState.MAX_NAME && longName.length() <= DeliveryStateCodec.MAX_SUBSCRIPTION_BYTES) {
            assertThat(read).as("a short enough name is read").isPresent();
        }
        // A delivery's record under a subscription key is not a subscription record.
        byte[] delivery = DeliveryStateCodec.encode(new DeliveryState("msg_1", "r", "video.completed", "ok", "u",
                DeliveryState.Status.pending, 1, 0, null, null, null, 0, "{}"));
        assertThat(DeliveryStateCodec.decodeSubscription(delivery)).isEmpty();
    }

    private static void assertUsableOrEmpty(Optional<SubscriptionState> read) {
        read.ifPresent(s -> {
            assertThat(s.subscription()).isNotEmpty().hasSizeLessThanOrEqualTo(SubscriptionState.MAX_NAME);
            assertThat(s.urlSha256()).matches("[0-9a-f]{64}");
            assertThat(s.changedAt()).isNotNull();
            if (s.cause() != null) {
                assertThat(s.cause()).hasSizeLessThanOrEqualTo(SubscriptionState.MAX_CAUSE);
            }
        });
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.strings().ofMaxLength(300).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.strings().withChars("{}[]\":,0123456789abcdefnulltrue_subscriptionurlsha256disabled ")
                        .ofMaxLength(300).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMinSize(4_000).ofMaxSize(5_000));
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
    Arbitrary<SubscriptionState> records() {
        Arbitrary<String> name = Arbitraries.strings().ofMinLength(1).ofMaxLength(40);
        return Combinators.combine(name, Arbitraries.of(true, false), Arbitraries.strings().ofMaxLength(400),
                Arbitraries.longs().between(0, 4_000_000_000_000L)).as((n, disabled, cause, at) -> {
                    String url = "https://hooks.example.com/" + n;
                    Instant when = Instant.ofEpochMilli(at);
                    return disabled ? SubscriptionState.gone(n, url, cause, when, null)
                            : SubscriptionState.enabled(n, url, cause, when, null);
                });
    }
}
