package io.reelay.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The bounds on single fields, and the regression cases the property tests shrank to. */
class UpstreamBoundsTest {

    private static JsonNode json(String s) throws Exception {
        return UpstreamJson.MAPPER.readTree(s.replace('\'', '"'));
    }

    @Test
    void retryAfterHeadersAreHeldToAnHourAndGarbageIsNoHint() {
        // Shrunk counterexample of the answer properties (with the clamp taken out): Retry-After 3601.
        assertThat(UpstreamErrors.retryAfter("3601")).isEqualTo(Duration.ofHours(1));
        assertThat(UpstreamErrors.retryAfter("999999999999999999999999")).isEqualTo(Duration.ofHours(1));
        assertThat(UpstreamErrors.retryAfter(" 7 ")).isEqualTo(Duration.ofSeconds(7));
        for (String garbage : new String[] {"-1", "soon", "1e300", "NaN", "", "\u0661\u0662", "9".repeat(400) + "x"}) {
            assertThat(UpstreamErrors.retryAfter(garbage)).as(garbage).isNull();
        }
    }

    @Test
    void retryAfterInABodyIsHeldToAnHourAndNonNumbersAreNoHint() throws Exception {
        assertThat(UpstreamErrors.fromObject(json("{'message':'m','retry_after':1e300}")).retryAfter())
                .isEqualTo(Duration.ofHours(1));
        assertThat(UpstreamErrors.fromObject(json("{'message':'m','retry_after':'NaN'}")).retryAfter()).isNull();
        assertThat(UpstreamErrors.fromObject(json("{'message':'m','retry_after':-3}")).retryAfter()).isNull();
        assertThat(UpstreamErrors.fromObject(json("{'message':'m','retry_after':2.5}")).retryAfter())
                .isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void timestampsOutsideTwoCenturiesAreNoTime() {
        assertThat(UpstreamBounds.epochSeconds(1e300)).isNull();
        assertThat(UpstreamBounds.epochSeconds((double) Long.MIN_VALUE)).isNull();
        assertThat(UpstreamBounds.epochSeconds(-1.0)).isNull();
        assertThat(UpstreamBounds.epochSeconds(1_706_000_000.0)).isEqualTo(Instant.ofEpochSecond(1_706_000_000L));
        assertThat(UpstreamBounds.instant(Instant.MAX)).isNull();
    }

    @Test
    void numbersNeverWrapAround() throws Exception {
        assertThat(UpstreamJson.integer(json("1e300"))).isNull();
        assertThat(UpstreamJson.integer(json("12345678901234567890"))).isNull();
        assertThat(UpstreamJson.whole(json("9.3e18"))).isNull();
        assertThat(UpstreamJson.whole(json("'1e999'"))).isNull();
        assertThat(UpstreamJson.integer(json("720"))).isEqualTo(720);
    }

    @Test
    void textIsCutAndCleanedWhileIdsAndUrlsAreRefused() {
        assertThat(UpstreamBounds.text("a\r\nb\u0000", 64)).isEqualTo("a  b ");
        assertThat(UpstreamBounds.text("x".repeat(5000), 64)).hasSize(64).endsWith("...");
        assertThat(UpstreamBounds.usableTaskId("ldtask_0123abcdef")).isTrue();
        assertThat(UpstreamBounds.usableTaskId("hub-1b2c-3d")).isTrue();
        assertThat(UpstreamBounds.usableTaskId("x".repeat(257))).isFalse();
        assertThat(UpstreamBounds.usableTaskId("ld\r\ntask")).isFalse();
        assertThat(UpstreamBounds.usableTaskId("a/../b")).isFalse();
        assertThat(UpstreamBounds.whyUnusable("x".repeat(100_000))).hasSizeLessThan(100);
        assertThat(UpstreamBounds.url("https://cdn.test/" + "a".repeat(5000))).isNull();
        assertThat(UpstreamBounds.url("https://cdn.test/a b.mp4")).isNull();
        assertThat(UpstreamBounds.url(" https://cdn.test/a.mp4 ")).isEqualTo("https://cdn.test/a.mp4");
    }

    @Test
    void theRecordsHoldTheirOwnBoundsWhoeverBuildsThem() {
        TaskReport report = new TaskReport(UpstreamStatus.PROCESSING, "s".repeat(1000), 1_000_000,
                java.util.Collections.nCopies(40, new VideoOutput("https://cdn.test/a.mp4", -1.0, 0, 1_000_000, null)),
                new UpstreamError(999, "c".repeat(500), null, "m\n".repeat(5000), null, true, Duration.ofDays(9999)),
                false, Instant.ofEpochSecond(Long.MAX_VALUE / 1000));

        AnswerBounds.assertWithin(report);
        assertThat(report.progress()).isEqualTo(100);
        assertThat(report.videos()).hasSize(UpstreamBounds.MAX_VIDEOS);
        assertThat(report.updatedAt()).isNull();
        assertThat(report.error().retryAfter()).isEqualTo(Duration.ofHours(1));
        assertThat(report.error().httpStatus()).isNull();
    }

    @Test
    void deepOrLongJsonIsRefusedByTheParserItself() {
        String deep = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
        assertThat(parses(deep)).isFalse();
        assertThat(parses("{\"a\":" + "1".repeat(100) + "}")).isFalse();
        assertThat(parses("{\"a\":" + "[".repeat(50) + "]".repeat(50) + "}")).isTrue();
    }

    private static boolean parses(String body) {
        try {
            UpstreamJson.MAPPER.readTree(body);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
