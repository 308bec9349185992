package io.reelay.intake.validation;

import io.reelay.net.HostPolicy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * callback_url values: whatever a producer writes, the policy answers without throwing, and it never admits a URL that
 * is not https, carries credentials, or names a private, loopback or internal host (but loopback where exempted).
 */
class CallbackUrlPolicyPropertiesTest {

    private static final CallbackUrlPolicy STRICT = CallbackUrlPolicy.STRICT;

    @Test
    void examples() {
        assertThat(STRICT.refusal("https://hooks.acme.com/reelay?x=1")).isEmpty();
        assertThat(STRICT.refusal("https://hooks.acme.com:8443/reelay")).isEmpty();
        assertThat(STRICT.refusal("http://hooks.acme.com/reelay")).isPresent();
        assertThat(STRICT.refusal("https://user:pw@hooks.acme.com/")).isPresent();
        assertThat(STRICT.refusal("https://hooks.acme.com/#frag")).isPresent();
        assertThat(STRICT.refusal("https://10.0.0.5/hook")).isPresent();
        assertThat(STRICT.refusal("https://169.254.169.254/latest/meta-data")).isPresent();
        assertThat(STRICT.refusal("https://localhost/hook")).isPresent();
        assertThat(STRICT.refusal("http://127.0.0.1:9000/hook")).isPresent();
        assertThat(STRICT.refusal("https://[::1]/hook")).isPresent();
        assertThat(STRICT.refusal("data:text/plain,hi")).isPresent();
        assertThat(STRICT.refusal("https://" + "a".repeat(3000) + ".com/")).isPresent();
        assertThat(STRICT.refusal("")).isPresent();
        assertThat(STRICT.refusal(null)).isPresent();
    }

    @Test
    void theLoopbackExemptionAdmitsLoopbackOnly() {
        CallbackUrlPolicy loopback = CallbackUrlPolicy.LOOPBACK_ALLOWED;
        assertThat(loopback.refusal("http://127.0.0.1:9000/hook")).isEmpty();
        assertThat(loopback.refusal("http://localhost:9000/hook")).isEmpty();
        assertThat(loopback.refusal("http://[::1]:9000/hook")).isEmpty();
        assertThat(loopback.refusal("http://10.0.0.5/hook")).isPresent();
        assertThat(loopback.refusal("http://127.0.0.2/hook")).isPresent();
        assertThat(loopback.refusal("http://user@127.0.0.1/hook")).isPresent();
        assertThat(loopback.refusal("http://hooks.acme.com/hook")).isPresent();
        assertThat(loopback.refusal("ftp://127.0.0.1/hook")).isPresent();
    }

    @Property(tries = 5000)
    void anythingIsAnsweredAndWhatPassesIsAPublicHttpsUrlWithoutCredentials(@ForAll("hostileUrl") String url) {
        if (STRICT.refusal(url).isEmpty()) {
            URI uri = URI.create(url);
            assertThat(uri.getScheme().toLowerCase(Locale.ROOT)).as(url).isEqualTo("https");
            assertThat(uri.getRawUserInfo()).as(url).isNull();
            assertThat(url).as(url).doesNotContain("@");
            assertThat(HostPolicy.refusal(uri.getHost())).as(url).isEmpty();
            assertThat(url.length()).isLessThanOrEqualTo(CallbackUrlPolicy.MAX_LENGTH);
        }
    }

    @Property(tries = 3000)
    void privateAndLoopbackHostsAreAlwaysRefused(@ForAll("privateHost") String host, @ForAll("scheme") String scheme,
            @ForAll boolean upper) {
        String url = scheme + "://" + (upper ? host.toUpperCase(Locale.ROOT) : host) + "/hook";
        assertThat(STRICT.refusal(url)).as(url).isPresent();
    }

    @Property(tries = 2000)
    void credentialsAreAlwaysRefused(@ForAll("publicHost") String host, @ForAll("userInfo") String user) {
        String url = "https://" + user + "@" + host + "/hook";
        assertThat(STRICT.refusal(url)).as(url).isPresent();
        assertThat(CallbackUrlPolicy.LOOPBACK_ALLOWED.refusal(url)).as(url).isPresent();
    }

    @Property(tries = 2000)
    void publicHttpsHostsPass(@ForAll("publicHost") String host) {
        assertThat(STRICT.refusal("https://" + host + "/webhooks/reelay")).isEmpty();
    }

    @Provide
    Arbitrary<String> scheme() {
        return Arbitraries.of("https", "http", "HTTPS", "Https");
    }

    @Provide
    Arbitrary<String> userInfo() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8)
                .flatMap(u -> Arbitraries.of(u, u + ":pw", ":" + u, u + ":"));
    }

    @Provide
    Arbitrary<String> publicHost() {
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(15);
        return Combinators.combine(label, Arbitraries.of("com", "net", "org", "io", "de")).as((l, t) -> l + "." + t);
    }

    @Provide
    Arbitrary<String> privateHost() {
        Arbitrary<Integer> octet = Arbitraries.integers().between(0, 255);
        Arbitrary<String> v4 = Combinators.combine(Arbitraries.of(10, 127, 0, 169, 172, 192, 100), octet, octet, octet)
                .as((a, b, c, d) -> switch (a) {
                    case 169 -> "169.254." + c + "." + d;
                    case 172 -> "172." + (16 + b % 16) + "." + c + "." + d;
                    case 192 -> "192.168." + c + "." + d;
                    case 100 -> "100." + (64 + b % 64) + "." + c + "." + d;
                    default -> a + "." + b + "." + c + "." + d;
                });
        Arbitrary<String> names = Arbitraries.of("localhost", "metadata.google.internal", "db.svc.cluster.local",
                "kafka", "127.0.0.1.nip.io", "api.localhost", "[::1]", "[fd00::1]", "[fe80::1]", "[::ffff:10.0.0.1]",
                "0x7f.1", "2130706433", "017700000001", "127.1", "localtest.me", "host.docker.internal");
        return Arbitraries.oneOf(v4, names);
    }

    @Provide
    Arbitrary<String> hostileUrl() {
        Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(300);
        Arbitrary<String> ascii = Arbitraries.strings().withCharRange('!', '~').ofMaxLength(200);
        Arbitrary<String> shaped = Combinators.combine(Arbitraries.of("https://", "http://", "HTTPS://", "//", "",
                "https:", "https:///", "javascript:", "file://"), ascii).as(String::concat);
        Arbitrary<String> around = Combinators.combine(privateHost(), Arbitraries.of("", ":443", ":0", ":99999",
                "@hooks.acme.com", "#@hooks.acme.com", "\\@hooks.acme.com", "%2F", ".")).as((h, tail) ->
                        "https://" + h + tail + "/x");
        Arbitrary<String> smuggled = Combinators.combine(publicHost(), privateHost()).as((p, h) ->
                "https://" + p + "@" + h + "/");
        return Arbitraries.oneOf(anything, shaped, around, smuggled,
                publicHost().map(h -> "https://" + h + "/" + "a".repeat(2100)));
    }
}
