package io.reelay.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import io.reelay.api.query.UsageService;
import io.reelay.kafka.TenantNames;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The path segment of {@code GET /v1/tenants/{tenant}/usage} is the caller's input: any string either names a tenant
 * (and the path forwarded to the tenant's owner is that one segment, nothing more) or is refused before anything is
 * looked up, with the echo of it bounded.
 */
class TenantPathPropertiesTest {

    private static final int ECHO = 200;

    @Property(tries = 4000)
    void anySegmentIsATenantOrRefusedWithABoundedEcho(@ForAll("segments") String tenant) {
        if (TenantNames.valid(tenant)) {
            assertThat(tenant.length()).isBetween(1, TenantNames.MAX_LENGTH);
            String path = UsageService.path(tenant);
            assertThat(path).startsWith("/v1/tenants/").endsWith("/usage");
            String segment = path.substring("/v1/tenants/".length(), path.length() - "/usage".length());
            assertThat(segment).doesNotContain("/", "?", "#").isNotEmpty().isNotIn(".", "..");
            assertThat(URLDecoder.decode(segment, StandardCharsets.UTF_8)).isEqualTo(tenant);
        } else {
            // At most ECHO characters of it, and a marker saying how long it was.
            String echoed = Echo.cap(tenant, ECHO);
            assertThat(echoed.length()).isLessThanOrEqualTo(ECHO + "...( characters)".length() + 10);
            // Uncut means unchanged: a cut echo can be as long as the original (218 characters, a pair kept whole).
            String kept = echoed.equals(tenant) ? echoed : echoed.substring(0, echoed.lastIndexOf("...("));
            assertThat(tenant).startsWith(kept);
        }
    }

    @Provide
    Arbitrary<String> segments() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcz09._-").ofMinLength(0).ofMaxLength(80),
                Arbitraries.strings().withChars("aZ9._-/%?#\\ \u0000\u00e9\ud83d\ude00").ofMaxLength(100),
                Arbitraries.strings().all().ofMaxLength(5000),
                Arbitraries.of("default", "..", ".", "-", "a/b", "a%2Fb", "A", "a".repeat(64), "a".repeat(65),
                        "a".repeat(199) + "\ud83d\ude00" + "b".repeat(17)));
    }
}
