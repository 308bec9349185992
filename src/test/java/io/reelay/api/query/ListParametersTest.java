package io.reelay.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.reelay.api.RequestView;
import io.reelay.lifecycle.query.ListCursor;
import io.reelay.lifecycle.query.RequestStatus;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** GET /v1/requests' parameters: whatever a caller sends, a bounded filter or field errors, never an exception. */
class ListParametersTest {

    @Test
    void absentParametersListTheNewestFiftyOfEverything() {
        ListParameters p = ListParameters.parse(null, "", null, null, "");
        assertThat(p.ok()).isTrue();
        assertThat(p.states()).isEmpty();
        assertThat(p.tenant()).isNull();
        assertThat(p.model()).isNull();
        assertThat(p.limit()).isEqualTo(50);
        assertThat(p.after()).isNull();
    }

    @Test
    void statusesTenantModelLimitAndCursorAreRead() {
        ListParameters p = ListParameters.parse("completed,failed", "acme", "veo3.1-fast", "200", "1764720000000.r-9");
        assertThat(p.ok()).isTrue();
        assertThat(p.states()).containsExactlyInAnyOrder(RequestStatus.State.COMPLETED, RequestStatus.State.FAILED);
        assertThat(p.tenant()).isEqualTo("acme");
        assertThat(p.model()).isEqualTo("veo3.1-fast");
        assertThat(p.limit()).isEqualTo(200);
        assertThat(p.after()).isEqualTo(new ListCursor(1764720000000L, "r-9"));
    }

    @Test
    void eachBadParameterIsNamedWithoutQuotingIt() {
        ListParameters p = ListParameters.parse("done", "Acme<script>", "a b", "201", "yesterday");
        assertThat(p.ok()).isFalse();
        assertThat(p.errors()).extracting(RequestView.FieldError::field)
                .containsExactly("status", "tenant", "model", "limit", "after");
        assertThat(p.errors().get(0).allowed()).contains("submitting", "in_progress", "mirroring", "completed",
                "failed");
        assertThat(p.errors()).allSatisfy(e -> assertThat(e.message()).doesNotContain("<script>", "yesterday"));
        assertThat(ListParameters.parse(null, null, null, "0", null).ok()).isFalse();
        assertThat(ListParameters.parse(null, null, null, "-1", null).ok()).isFalse();
        assertThat(ListParameters.parse(null, null, null, "99999999999999999999", null).ok()).isFalse();
    }

    @Property(tries = 5000)
    void anyParametersGiveABoundedFilterOrFieldErrors(@ForAll("hostile") String status,
            @ForAll("hostile") String tenant, @ForAll("hostile") String model, @ForAll("hostile") String limit,
            @ForAll("hostile") String after) {
        ListParameters p = ListParameters.parse(status, tenant, model, limit, after);

        assertThat(p.errors()).hasSizeLessThanOrEqualTo(5);
        assertThat(p.limit()).isBetween(1, ListParameters.MAX_LIMIT);
        p.errors().forEach(e -> assertThat(e.message().length()).isLessThan(200));
        if (p.ok()) {
            assertThat(p.tenant() == null || p.tenant().length() <= 64).isTrue();
            assertThat(p.model() == null || p.model().length() <= 200).isTrue();
            assertThat(p.after() == null || p.after().requestId().length() <= ListCursor.MAX_LENGTH).isTrue();
            // What is forwarded to the other instances is read there as the same parameters.
            Map<String, String> q = new HashMap<>();
            for (String pair : p.queryString().split("&")) {
                int eq = pair.indexOf('=');
                q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            ListParameters again = ListParameters.parse(q.get("status"), q.get("tenant"), q.get("model"),
                    q.get("limit"), q.get("after"));
            assertThat(again).isEqualTo(p);
        }
    }

    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.strings().withChars("0123456789-+.,e ").ofMaxLength(25),
                Arbitraries.of("completed", "in_progress,failed", "submitting,,", "acme", "veo3.1", "200", "1",
                        "1764720000000.r-1", "1.", ".x", "9223372036854775807.x", "99999999999999999999.x",
                        "completed,completed", " completed", "%00", "\u0000", "a".repeat(5000)),
                Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(70).map(s -> "1764720000000." + s),
                Arbitraries.strings().withCharRange('a', 'z').withChars("0123456789._-").ofMinLength(1)
                        .ofMaxLength(80));
    }
}
