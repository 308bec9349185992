package io.reelay.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.reelay.faults.TerminalEvents.FileRef;
import io.reelay.faults.TerminalEvents.StoredFile;
import io.reelay.faults.TerminalEvents.Terminal;
import io.reelay.testing.webhooks.WebhookReceiver.Delivery;

/**
 * The webhook checks of the fault run: a consumer that dedupes on webhook-id must see every terminal event exactly
 * once, signed, with the event's stored copies; repeats through crashes are counted, not refused; and the failing
 * endpoint beside it must really have been called.
 */
class WebhookAuditTest {

    private static final Terminal DONE = MirrorAuditTest.completion("r-1", "stored", List.of(new FileRef(0, false)),
            List.of(new StoredFile(new FileRef(0, false), "b", "videos/r-1/0.mp4", 10, "ab")), List.of());
    private static final Terminal FAILED = new Terminal("r-2", false, "upstream_failed", null, "video.failed", 0, 0,
            "failed", 2_000, null);
    private static final Map<String, Terminal> TERMINALS = new TreeMap<>(Map.of("r-1", DONE, "r-2", FAILED));

    @Test
    void eachEventOnceAfterTheDedupeHoldsAndRepeatsAreCounted() {
        List<Delivery> consumer = List.of(done("msg_1", 1_400), failed("msg_2", 2_300), done("msg_1", 9_000));

        WebhookAudit audit = new WebhookAudit(TERMINALS, consumer, List.of(failed("msg_9", 2_100)));

        assertThat(audit.violations()).isEmpty();
        assertThat(String.join("\n", audit.lines())).containsPattern("distinct webhook-ids\\) +2")
                .containsPattern("raw repeats of a webhook-id .* +1")
                .containsPattern("p50 / p99 / max +0.3 s / 0.4 s / 0.4 s")
                .containsPattern("calls to the endpoint answering 500 .* +1");
    }

    @Test
    void anEventNeverDeliveredIsLost() {
        WebhookAudit audit = new WebhookAudit(TERMINALS, List.of(done("msg_1", 1_400)), List.of(failed("x", 1)));

        assertThat(audit.violations()).singleElement().asString().contains("never got").contains("r-2 video.failed");
    }

    @Test
    void anEventUnderTwoWebhookIdsIsSeenTwiceByADedupingConsumer() {
        List<Delivery> consumer = List.of(done("msg_1", 1_400), done("msg_1b", 1_500), failed("msg_2", 2_300));

        assertThat(new WebhookAudit(TERMINALS, consumer, List.of(failed("x", 1))).violations()).singleElement()
                .asString().contains("more than one webhook-id").contains("r-1 video.completed under [msg_1, msg_1b]");
    }

    @Test
    void aRepeatWithAnotherBodyOrAnIdForTwoEventsIsCaught() {
        Delivery changed = new Delivery("msg_1", true, "video.completed", "r-1", 9_000, "stored",
                List.of("videos/r-1/0.mp4 ab"), "{\"other\":true}");
        Delivery reused = new Delivery("msg_2", true, "video.completed", "r-1", 9_000, "stored",
                List.of("videos/r-1/0.mp4 ab"), "{}");
        List<Delivery> consumer = List.of(done("msg_1", 1_400), changed, failed("msg_2", 2_300), reused);

        List<String> violations = new WebhookAudit(TERMINALS, consumer, List.of(failed("x", 1))).violations();

        assertThat(violations).anySatisfy(v -> assertThat(v).contains("carried more than one event").contains("msg_2"))
                .anySatisfy(v -> assertThat(v).contains("repeated with another body").contains("msg_1"));
    }

    @Test
    void aBodyWithoutTheEventsStoredCopyIsNotTheEvent() {
        Delivery bare = new Delivery("msg_1", true, "video.completed", "r-1", 1_400, "failed", List.of(), "{}");

        assertThat(new WebhookAudit(TERMINALS, List.of(bare, failed("msg_2", 2_300)), List.of(failed("x", 1)))
                .violations()).singleElement().asString().contains("stored copies are not the event's")
                .contains("r-1: body failed []");
    }

    @Test
    void anUnverifiedSignatureOnEitherEndpointFailsTheRun() {
        List<Delivery> consumer = new ArrayList<>(List.of(done("msg_1", 1_400), failed("msg_2", 2_300)));
        Delivery forged = new Delivery("msg_x", false, "video.failed", "r-2", 2_000, null, List.of(), "{}");

        assertThat(new WebhookAudit(TERMINALS, consumer, List.of(forged)).violations()).singleElement().asString()
                .contains("did not verify").contains("msg_x for r-2");
    }

    @Test
    void aFailingEndpointNeverCalledLeavesIsolationUntested() {
        List<Delivery> consumer = List.of(done("msg_1", 1_400), failed("msg_2", 2_300));

        assertThat(new WebhookAudit(TERMINALS, consumer, List.of()).violations()).singleElement().asString()
                .contains("answering 500 was never called");
    }

    @Test
    void theNearestRankPercentile() {
        List<Long> values = new ArrayList<>();
        for (long i = 1; i <= 200; i++) {
            values.add(i);
        }

        assertThat(WebhookAudit.percentile(values, 50)).isEqualTo(100);
        assertThat(WebhookAudit.percentile(values, 99)).isEqualTo(198);
        assertThat(WebhookAudit.percentile(List.of(7L), 99)).isEqualTo(7);
    }

    private static Delivery done(String id, long at) {
        return new Delivery(id, true, "video.completed", "r-1", at, "stored", List.of("videos/r-1/0.mp4 ab"),
                "{\"type\":\"video.completed\"}");
    }

    private static Delivery failed(String id, long at) {
        return new Delivery(id, true, "video.failed", "r-2", at, null, List.of(), "{\"type\":\"video.failed\"}");
    }
}
