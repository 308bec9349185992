package io.reelay.intake.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import io.reelay.config.TestConfig;
import io.reelay.intake.IntakeLimits;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Generated evasions of every class the URL policy refuses, each in many spellings, must be refused; generated
 * public https URLs must pass.
 */
class UrlPolicyPropertiesTest {

    private static final UrlPolicy POLICY = new UrlPolicy(TestConfig.defaults().validation(), IntakeLimits.DEFAULTS);

    /** A base address and prefix of each special-purpose IPv4 range. */
    private static final int[][] SPECIAL_V4 = {{0, 0, 0, 0, 8}, {10, 0, 0, 0, 8}, {100, 64, 0, 0, 10},
        {127, 0, 0, 0, 8}, {169, 254, 0, 0, 16}, {172, 16, 0, 0, 12}, {192, 0, 0, 0, 24}, {192, 0, 2, 0, 24},
        {192, 88, 99, 0, 24}, {192, 168, 0, 0, 16}, {198, 18, 0, 0, 15}, {198, 51, 100, 0, 24}, {203, 0, 113, 0, 24},
        {224, 0, 0, 0, 4}, {240, 0, 0, 0, 4}, {255, 255, 255, 255, 32}};

    @Property(tries = 3000)
    void everySpellingOfASpecialIPv4AddressIsRefused(@ForAll("specialV4") long address,
            @ForAll("v4Spelling") int spelling, @ForAll("field") String field) {
        String url = "https://" + spell(address, spelling) + pathAndPort(address);
        assertThat(POLICY.check(field, url)).as(url).isPresent();
    }

    @Property(tries = 2000)
    void ipv6FormsEmbeddingOrNamingSpecialAddressesAreRefused(@ForAll("specialV6") String host) {
        assertThat(POLICY.check("video_url", "https://[" + host + "]/v.mp4")).as(host).isPresent();
    }

    @Property(tries = 2000)
    void internalSingleLabelAndAddressInNameHostsAreRefused(@ForAll("internalName") String host,
            @ForAll boolean trailingDot, @ForAll boolean upper) {
        String h = (upper ? host.toUpperCase(Locale.ROOT) : host) + (trailingDot ? "." : "");
        assertThat(POLICY.check("image_url", "https://" + h + "/a.png")).as(h).isPresent();
    }

    @Property(tries = 1000)
    void otherSchemesCredentialsAndWrongDataUrlsAreRefused(@ForAll("refusedUrl") String url) {
        assertThat(POLICY.check("image_url", url)).as(url).isPresent();
    }

    @Property(tries = 2000)
    void publicHttpsUrlsPass(@ForAll("publicUrl") String url) {
        assertThat(POLICY.check("image_url", url)).as(url).isEmpty();
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<Long> specialV4() {
        return Arbitraries.of(SPECIAL_V4).flatMap(r -> {
            long base = ((long) r[0] << 24) | (r[1] << 16) | (r[2] << 8) | r[3];
            long size = 1L << (32 - r[4]);
            return Arbitraries.longs().between(0, size - 1).map(offset -> base + offset);
        });
    }

    @Provide
    Arbitrary<Integer> v4Spelling() {
        return Arbitraries.integers().between(0, 9);
    }

    @Provide
    Arbitrary<String> field() {
        return Arbitraries.of("image_url", "video_url", "reference_images[0]", "parameters.callback_url",
                "kling_elements[0].element_input_urls[1]");
    }

    /** Dotted, trailing dot, octal, hex, integer, hex integer, short forms, leading zeros, mixed. */
    static String spell(long a, int how) {
        int o0 = (int) (a >> 24) & 0xff;
        int o1 = (int) (a >> 16) & 0xff;
        int o2 = (int) (a >> 8) & 0xff;
        int o3 = (int) a & 0xff;
        return switch (how) {
            case 0 -> o0 + "." + o1 + "." + o2 + "." + o3;
            case 1 -> o0 + "." + o1 + "." + o2 + "." + o3 + ".";
            case 2 -> "0" + Integer.toOctalString(o0) + ".0" + Integer.toOctalString(o1) + "." + o2 + "." + o3;
            case 3 -> "0x" + Integer.toHexString(o0) + ".0x" + Integer.toHexString(o1) + ".0x"
                    + Integer.toHexString(o2) + ".0x" + Integer.toHexString(o3);
            case 4 -> Long.toString(a);
            case 5 -> "0x" + Long.toHexString(a);
            case 6 -> o0 + "." + ((o1 << 16) | (o2 << 8) | o3);
            case 7 -> o0 + "." + o1 + "." + ((o2 << 8) | o3);
            case 8 -> String.format("%03d.%d.%d.%03d", o0, o1, o2, o3).replace("000.", "00.");
            default -> "[::ffff:" + o0 + "." + o1 + "." + o2 + "." + o3 + "]";
        };
    }

    private static String pathAndPort(long address) {
        return (address % 3 == 0 ? ":8443" : "") + "/latest/meta-data?x=" + address;
    }

    @Provide
    Arbitrary<String> specialV6() {
        Arbitrary<Long> v4 = specialV4();
        Arbitrary<Long> any = Arbitraries.longs().between(0, 0xffffffffL);
        Arbitrary<String> embedded = Combinators.combine(Arbitraries.oneOf(v4, any), Arbitraries.integers().between(0, 7))
                .as((a, form) -> {
                    String dotted = ((a >> 24) & 0xff) + "." + ((a >> 16) & 0xff) + "." + ((a >> 8) & 0xff) + "."
                            + (a & 0xff);
                    String hi = Long.toHexString((a >> 16) & 0xffff);
                    String lo = Long.toHexString(a & 0xffff);
                    return switch (form) {
                        case 0 -> "::" + dotted;                   // IPv4-compatible
                        case 1 -> "::ffff:" + dotted;              // mapped
                        case 2 -> "::ffff:0:" + dotted;            // translated
                        case 3 -> "64:ff9b::" + hi + ":" + lo;     // NAT64
                        case 4 -> "64:ff9b:1::" + dotted;          // local-use NAT64
                        case 5 -> "2002:" + hi + ":" + lo + "::1"; // 6to4
                        case 6 -> "2001:0:4136:e378:8000:63bf:" + hi + ":" + lo; // Teredo
                        default -> "0:0:0:0:0:ffff:" + hi + ":" + lo;
                    };
                });
        Arbitrary<String> hex = Arbitraries.integers().between(0, 0xffff).map(Integer::toHexString);
        Arbitrary<String> whole = Arbitraries.of("::", "::1", "0::1", "0:0:0:0:0:0:0:1", "100::", "100::1:2:3:4",
                "3fff:fff::1", "2001::1", "2001:0:4136:e378::1");
        Arbitrary<String> prefixed = Combinators.combine(Arbitraries.of("fc00:", "fd12:", "fe80:", "febf:", "fec0:",
                "ff02:", "ff0e:", "2001:db8:", "2001:0db8:", "2001:2:", "2001:10:", "2002:"), hex, hex)
                .as((prefix, a, b) -> prefix + a + "::" + b);
        Arbitrary<String> ranges = Arbitraries.oneOf(whole, prefixed);
        return Arbitraries.oneOf(embedded, ranges, ranges.map(h -> h.toUpperCase(Locale.ROOT)));
    }

    @Provide
    Arbitrary<String> internalName() {
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> suffixed = Combinators.combine(label, Arbitraries.of("localhost", "local", "internal",
                "localdomain", "cluster.local", "svc", "svc.cluster.local", "home.arpa", "lan", "corp", "intranet",
                "test", "invalid", "example", "in-addr.arpa", "onion")).as((l, s) -> l + "." + s);
        Arbitrary<String> single = Arbitraries.oneOf(label, Arbitraries.of("localhost", "metadata", "kubernetes"));
        Arbitrary<String> wildcard = Combinators.combine(specialV4(), Arbitraries.of("nip.io", "sslip.io", "xip.io",
                "localtest.me", "lvh.me"), Arbitraries.of(".", "-")).as((a, s, sep) -> spell(a, 0).replace(".", sep)
                + "." + s);
        Arbitrary<String> plainWildcard = Combinators.combine(label, Arbitraries.of("localtest.me", "lvh.me",
                "nip.io", "sslip.io")).as((l, s) -> l + "." + s);
        Arbitrary<String> embedded = Combinators.combine(label, specialV4()).as((l, a) -> l + "-"
                + spell(a, 0).replace('.', '-') + ".example.com");
        return Arbitraries.oneOf(suffixed, single, wildcard, plainWildcard, embedded, Arbitraries.of("localhost",
                "localhost.", "LOCALHOST"));
    }

    @Provide
    Arbitrary<String> refusedUrl() {
        Arbitrary<String> path = Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(10);
        Arbitrary<String> schemes = Combinators.combine(Arbitraries.of("file:///etc/passwd", "file://localhost/",
                "gopher://example.com:70/_", "ftp://example.com/", "http://example.com/", "dict://example.com:11211/",
                "jar:https://example.com/a.jar!/", "javascript:alert(1)//", "ldap://example.com/", "HTTP://example.com/",
                "https://user@example.com/", "https://user:pw@example.com/", "https://example.com@127.0.0.1/",
                "https://[fe80::1%25eth0]/", "https:///", "https://exa mple.com/", "https://example.com/\r\nX:",
                "data:text/html;base64,PHNjcmlwdD4=", "data:,hello", "data:video/mp4;base64,AAAA",
                "data:image/png", "https://a..b.com/", "https://-a.com/", "https://10.0.0.1\u0000.example.com/"), path)
                .as((s, p) -> s + p);
        return schemes;
    }

    @Provide
    Arbitrary<String> publicUrl() {
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(15);
        Arbitrary<String> name = Combinators.combine(label, label, Arbitraries.of("com", "net", "org", "de",
                "co.uk", "jp", "cloud", "dev")).as((a, b, tld) -> a + "." + b + "." + tld);
        Arbitrary<String> address = Arbitraries.longs().between(0x01000000L, 0xdfffffffL)
                .filter(a -> !special(a)).map(a -> spell(a, 0));
        Arbitrary<String> v6 = Arbitraries.integers().between(0x2400, 0x2c0f).map(h -> "[" + Integer.toHexString(h)
                + ":cb00:2048:1::6814:155]");
        Arbitrary<String> path = Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(20);
        return Combinators.combine(Arbitraries.oneOf(name, name, address, v6), path, Arbitraries.of("", ":443",
                ":8443", "."))
                // a trailing dot only on names: "8.8.8.8." is not a canonical address
                .as((host, p, suffix) -> "https://" + host + (suffix.equals(".") && !Character.isLetter(
                        host.charAt(host.length() - 1)) ? "" : suffix) + "/" + p + ".png");
    }

    private static boolean special(long a) {
        for (int[] r : SPECIAL_V4) {
            long base = ((long) r[0] << 24) | (r[1] << 16) | (r[2] << 8) | r[3];
            long mask = (0xffffffffL << (32 - r[4])) & 0xffffffffL;
            if ((a & mask) == (base & mask)) {
                return true;
            }
        }
        return false;
    }
}
