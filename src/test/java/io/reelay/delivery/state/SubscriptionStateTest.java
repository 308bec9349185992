package io.reelay.delivery.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** A subscription that answered 410 Gone stays disabled at that URL, through a restart, until it is enabled. */
class SubscriptionStateTest {

    private static final String URL = "https://hooks.example.com/reelay?token=abc";
    private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");

    @Test
    void aGoneSubscriptionIsDisabledAtItsUrlOnlyAndTheUrlIsNeverKept() {
        SubscriptionState gone = SubscriptionState.gone("crm", URL, "410 Gone answered to msg_1", T0, null);
        assertThat(gone.disables(URL)).isTrue();
        assertThat(gone.disables("https://hooks.example.com/reelay-v2")).as("a new URL enables it again").isFalse();
        assertThat(gone.disables(null)).isFalse();
        assertThat(new String(DeliveryStateCodec.encode(gone), java.nio.charset.StandardCharsets.UTF_8))
                .doesNotContain("hooks.example.com").doesNotContain("token");
        assertThat(gone.key()).isEqualTo("subscription:crm");
    }

    @Test
    void enablingLiftsItAndEveryWriteIsNewerThanTheLastEvenWithAClockBehind() {
        SubscriptionState gone = SubscriptionState.gone("crm", URL, "410", T0, null);
        SubscriptionState enabled = SubscriptionState.enabled("crm", URL, "by admin", T0.minusSeconds(60), gone);
        assertThat(enabled.disables(URL)).isFalse();
        assertThat(enabled.revision()).isGreaterThan(gone.revision());

        DeliveryStore store = new DeliveryStore();
        assertThat(store.apply(gone)).isTrue();
        assertThat(store.apply(enabled)).isTrue();
        assertThat(store.apply(gone)).as("an older record read back never wins").isFalse();
        assertThat(store.subscription("crm")).contains(enabled);
    }

    @Test
    void aRestartedWorkerReadsTheDisablingBackFromTheTopicAndATombstoneForgetsIt() {
        SubscriptionState gone = SubscriptionState.gone("crm", URL, "410 Gone answered to msg_1", T0, null);
        DeliveryStore afterRestart = new DeliveryStore();
        DeliveryStateCodec.decodeSubscription(DeliveryStateCodec.encode(gone)).ifPresent(afterRestart::apply);
        assertThat(afterRestart.subscription("crm")).hasValueSatisfying(s -> assertThat(s.disables(URL)).isTrue());
        afterRestart.remove(gone.key());
        assertThat(afterRestart.subscription("crm")).isEmpty();
    }

    @Test
    void aLongCauseIsCut() {
        assertThat(SubscriptionState.gone("crm", URL, "x".repeat(10_000), T0, null).cause())
                .hasSize(SubscriptionState.MAX_CAUSE);
    }
}
