package io.reelay.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The raw answer kept on a terminal event: the whole answer when small, else a marked prefix, always safe text. */
class UpstreamAnswerTest {

    private static JsonNode json(String s) throws Exception {
        return UpstreamJson.MAPPER.readTree(s.replace('\'', '"'));
    }

    @Test
    void aSmallAnswerIsKeptWholeAsCompactJson() throws Exception {
        assertThat(UpstreamAnswer.of(json("{ 'status' : 'archived', 'ready' : true, 'data' : { 'n' : [1, 2] } }")))
                .isEqualTo("{\"status\":\"archived\",\"ready\":true,\"data\":{\"n\":[1,2]}}");
        assertThat(UpstreamAnswer.of(null)).isNull();
    }

    @Test
    void aLargeAnswerIsCutToFourKibibytesOfWholeCharactersAndMarked() {
        ObjectNode answer = JsonNodeFactory.instance.objectNode().put("status", "archived")
                .put("note", "\u89c6\u9891".repeat(5_000)); // 3 bytes a character in UTF-8
        String kept = UpstreamAnswer.of(answer);
        assertThat(kept).startsWith("{\"status\":\"archived\",\"note\":\"\u89c6\u9891").endsWith(UpstreamAnswer.CUT_MARK);
        assertThat(utf8(kept)).hasSizeLessThanOrEqualTo(UpstreamAnswer.MAX_BYTES)
                .hasSizeGreaterThan(UpstreamAnswer.MAX_BYTES - 6);
        assertThat(kept.substring(0, kept.length() - 3)).doesNotEndWith(".");
    }

    @Test
    void anAnswerOfExactlyTheLimitIsKeptWhole() {
        String exact = "x".repeat(UpstreamAnswer.MAX_BYTES);
        assertThat(UpstreamAnswer.bound(exact)).isEqualTo(exact);
        assertThat(UpstreamAnswer.bound(exact + "y")).hasSize(UpstreamAnswer.MAX_BYTES).endsWith("xx...");
    }

    @Test
    void controlCharactersAreEscapedAndALoneSurrogateReplaced() {
        // Jackson escapes C0 controls itself; DEL, C1 controls and half a surrogate pair it writes as they are.
        ObjectNode answer = JsonNodeFactory.instance.objectNode().put("status", "a\u007fb\u0085c\ud800d\ud83c\udfa5");
        assertThat(UpstreamAnswer.of(answer))
                .isEqualTo("{\"status\":\"a\\u007fb\\u0085c\uFFFDd\ud83c\udfa5\"}");
        assertThat(UpstreamAnswer.bound("line\nbreak")).isEqualTo("line\\u000abreak");
    }

    @Test
    void theRedactionSeesTheWholeAnswerBeforeTheCut() {
        String key = "sk-secret-0123456789";
        // The key straddles the 4 KiB boundary: cut first, its first half would survive.
        ObjectNode answer = JsonNodeFactory.instance.objectNode()
                .put("pad", "p".repeat(UpstreamAnswer.MAX_BYTES - 20)).put("echo", key);
        String kept = UpstreamAnswer.of(answer, text -> text.replace(key, "***"));
        assertThat(kept).doesNotContain("sk-secret").doesNotContain("sk-");
    }

    @Property(tries = 500)
    void anyTextIsKeptAsBoundedValidUtf8WithoutControlCharacters(@ForAll @StringLength(max = 6_000) String text) {
        String kept = UpstreamAnswer.bound(text);
        if (kept == null) {
            assertThat(text.isBlank()).isTrue();
            return;
        }
        byte[] bytes = utf8(kept);
        assertThat(bytes.length).isLessThanOrEqualTo(UpstreamAnswer.MAX_BYTES);
        // A lone surrogate has no UTF-8 form (getBytes writes '?'): only a text without one comes back unchanged.
        assertThat(new String(bytes, StandardCharsets.UTF_8)).as("valid UTF-8, no lone surrogate").isEqualTo(kept);
        assertThat(kept.codePoints().noneMatch(Character::isISOControl)).isTrue();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
