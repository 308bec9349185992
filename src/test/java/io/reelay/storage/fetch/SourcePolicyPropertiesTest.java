package io.reelay.storage.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import io.reelay.storage.MirrorFailure;
import io.reelay.storage.MirrorFailure.Reason;

/**
 * Hostile URLs and Location headers for the fetch's address rules. Generated URLs mix schemes, credentials, private
 * and loopback literals in every spelling, internal names and public ones; each name resolves (by a resolver the test
 * controls) to a generated address, private or public. The policy never throws, and what it lets through is https,
 * credential-free, and resolves only to public addresses, unless the dev/test exemptions are on, which let http and
 * loopback through and nothing else.
 */
class SourcePolicyPropertiesTest {

    static final List<String> SPECIAL_V4 = List.of("0.0.0.0", "10.0.0.1", "10.255.255.254", "100.64.0.1",
            "127.0.0.1", "127.1.2.3", "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.0.0.8", "192.0.2.1",
            "192.168.1.1", "198.18.0.1", "198.51.100.7", "203.0.113.9", "224.0.0.1", "239.255.255.250",
            "255.255.255.255");
    static final List<String> SPECIAL_V6 = List.of("::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "ff02::1",
            "::ffff:10.0.0.1", "::ffff:127.0.0.1", "64:ff9b::a00:1", "2001:db8::1", "2002:a00:1::1", "::10.0.0.1");
    static final List<String> PUBLIC_V4 = List.of("93.184.216.34", "8.8.8.8", "1.1.1.1", "151.101.1.69");
    static final List<String> PUBLIC_V6 = List.of("2606:4700::6810:84e5", "2a00:1450:4001:82a::200e");

    @Property(tries = 4000)
    void strictPolicyLetsThroughOnlyHttpsToPublicAddresses(@ForAll("urls") String url,
            @ForAll("addresses") List<InetAddress> resolved) {
        SourcePolicy policy = new SourcePolicy(false, false, host -> resolved.toArray(InetAddress[]::new));
        URI uri = parse(url);
        if (uri == null) {
            return;
        }
        Optional<MirrorFailure> verdict = policy.check(uri);
        verdict.ifPresent(f -> assertThat(f.reason()).isIn(Reason.forbidden_address, Reason.source_error));
        if (verdict.isEmpty()) {
            assertThat(uri.getScheme().toLowerCase(Locale.ROOT)).isEqualTo("https");
            assertThat(uri.getRawUserInfo()).isNull();
            assertThat(uri.getRawAuthority()).doesNotContain("@");
            assertThat(publicLiteral(uri.getHost())).as(url).isTrue();
            assertThat(resolved).isNotEmpty().allSatisfy(a -> assertThat(isPublic(a)).as(a.toString()).isTrue());
        }
    }

    @Property(tries = 3000)
    void devExemptionsLetThroughHttpAndLoopbackButNothingElsePrivate(@ForAll("urls") String url,
            @ForAll("addresses") List<InetAddress> resolved) {
        SourcePolicy policy = new SourcePolicy(true, true, host -> resolved.toArray(InetAddress[]::new));
        URI uri = parse(url);
        if (uri == null) {
            return;
        }
        if (policy.check(uri).isEmpty()) {
            assertThat(uri.getScheme().toLowerCase(Locale.ROOT)).isIn("https", "http");
            assertThat(uri.getRawAuthority()).doesNotContain("@");
            assertThat(resolved).allSatisfy(
                    a -> assertThat(isPublic(a) || a.isLoopbackAddress()).as(a.toString()).isTrue());
        }
    }

    @Property(tries = 3000)
    void anyLocationHeaderIsJudgedWithoutThrowing(@ForAll("locations") String location,
            @ForAll("addresses") List<InetAddress> resolved) {
        SourcePolicy policy = new SourcePolicy(false, false, host -> resolved.toArray(InetAddress[]::new));
        Optional<URI> target = SourcePolicy.redirectTarget(URI.create("https://cdn.example.com/a/b.mp4?x=1"),
                location);
        target.ifPresent(uri -> {
            assertThat(uri.isAbsolute()).isTrue();
            assertThat(uri.getRawFragment()).isNull();
            if (policy.check(uri).isEmpty()) {
                assertThat(uri.getScheme()).isEqualToIgnoringCase("https");
                assertThat(resolved).allSatisfy(a -> assertThat(isPublic(a)).isTrue());
            }
        });
    }

    @Property(tries = 1000)
    void arbitraryTextNeverBreaksIt(@ForAll @Size(max = 300) String text) {
        SourcePolicy policy = new SourcePolicy(false, false, host -> {
            throw new UnknownHostException(host);
        });
        URI uri = parse(text);
        if (uri != null) {
            policy.check(uri);
        }
        SourcePolicy.redirectTarget(URI.create("https://cdn.example.com/v.mp4"), text);
    }

    @Example
    void aPublicNameThatResolvesToAPrivateAddressIsRefused() throws Exception {
        SourcePolicy policy = new SourcePolicy(false, false,
                host -> new InetAddress[] {InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.5")});

        assertThat(policy.check(URI.create("https://videos.example.com/v.mp4")))
                .hasValueSatisfying(f -> assertThat(f.reason()).isEqualTo(Reason.forbidden_address));
    }

    @Example
    void aNameThatDoesNotResolveIsASourceError() {
        SourcePolicy policy = new SourcePolicy(false, false, host -> {
            throw new UnknownHostException(host);
        });

        assertThat(policy.check(URI.create("https://videos.example.com/v.mp4")))
                .hasValueSatisfying(f -> assertThat(f.reason()).isEqualTo(Reason.source_error));
    }

    @Example
    void aPublicHttpsSourceIsFetched() throws Exception {
        SourcePolicy policy = new SourcePolicy(false, false,
                host -> new InetAddress[] {InetAddress.getByName("93.184.216.34")});

        assertThat(policy.check(URI.create("https://videos.example.com/v.mp4?sig=abc"))).isEmpty();
    }

    @Provide
    Arbitrary<String> urls() {
        Arbitrary<String> scheme = Arbitraries.of("https", "http", "HTTPS", "ftp", "file", "gopher", "javascript",
                "data", "");
        Arbitrary<String> userInfo = Arbitraries.of("", "", "", "user@", "user:pass@", "a@b@", ":@", "%40@");
        Arbitrary<String> host = Arbitraries.oneOf(
                Arbitraries.of(SPECIAL_V4), Arbitraries.of(SPECIAL_V6).map(h -> "[" + h + "]"),
                Arbitraries.of(PUBLIC_V4), Arbitraries.of(PUBLIC_V6).map(h -> "[" + h + "]"),
                Arbitraries.of("localhost", "LOCALHOST", "localhost.", "foo.internal", "svc.cluster.local",
                        "metadata.google.internal", "10.0.0.1.nip.io", "127-0-0-1.sslip.io", "ec2-10-0-0-1.compute",
                        "2130706433", "0x7f.1", "017700000001", "0177.0.0.1", "127.1", "0", "intranet", "[::1%eth0]",
                        "cdn.example.com", "videos.tokenlab.sh", "a.b.c.d.e", "xn--bcher-kva.example", "_x.example.com",
                        ""),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12).map(s -> s + ".com"));
        Arbitrary<String> port = Arbitraries.of("", ":443", ":80", ":8080", ":0", ":99999", ":");
        Arbitrary<String> path = Arbitraries.of("/v.mp4", "", "/a/../b", "/x?y=z#f", "/%2e%2e/", "?q", "#frag");
        return Combinators.combine(scheme, userInfo, host, port, path)
                .as((s, u, h, p, q) -> s + "://" + u + h + p + q);
    }

    @Provide
    Arbitrary<String> locations() {
        return Arbitraries.oneOf(urls(),
                Arbitraries.of("/relative.mp4", "../up.mp4", "//10.0.0.1/x", "//169.254.169.254/", "?x=1", "#f",
                        "https:/one-slash", "https:///no-host", "http://[::1]/", "  https://cdn.example.com/",
                        "https://cdn.example.com/\r\nSet-Cookie: x"),
                Arbitraries.strings().ofMaxLength(120));
    }

    @Provide
    Arbitrary<List<InetAddress>> addresses() {
        Arbitrary<InetAddress> special = Arbitraries.of(SPECIAL_V4).map(SourcePolicyPropertiesTest::address);
        Arbitrary<InetAddress> special6 = Arbitraries.of(SPECIAL_V6).map(SourcePolicyPropertiesTest::address);
        Arbitrary<InetAddress> pub = Arbitraries.of(PUBLIC_V4).map(SourcePolicyPropertiesTest::address);
        Arbitrary<InetAddress> pub6 = Arbitraries.of(PUBLIC_V6).map(SourcePolicyPropertiesTest::address);
        Arbitrary<InetAddress> random = Arbitraries.bytes().array(byte[].class).ofSize(4)
                .map(b -> address(b));
        Arbitrary<InetAddress> random6 = Arbitraries.bytes().array(byte[].class).ofSize(16)
                .map(b -> address(b));
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, special), net.jqwik.api.Tuple.of(2, special6),
                        net.jqwik.api.Tuple.of(4, pub), net.jqwik.api.Tuple.of(2, pub6),
                        net.jqwik.api.Tuple.of(2, random), net.jqwik.api.Tuple.of(2, random6))
                .list().ofMinSize(0).ofMaxSize(3);
    }

    static URI parse(String url) {
        try {
            return new URI(url);
        } catch (Exception e) {
            return null;
        }
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The oracle, from the JDK's own flags and the shared and reserved ranges they miss. */
    static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 && first != 10 && first != 127 && !(first == 100 && second >= 64 && second < 128)
                    && !(first == 169 && second == 254) && !(first == 172 && second >= 16 && second < 32)
                    && !(first == 192 && second == 168) && first < 224 && !(first == 198 && (second & 0xfe) == 18);
        }
        int top = b[0] & 0xff;
        return (top & 0xfe) != 0xfc && top != 0 && (top & 0xe0) == 0x20;
    }

    /** A host as a URL carries it is public when it is a public literal or a name that is no literal at all. */
    static boolean publicLiteral(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.matches("[0-9.]+") || h.contains(":")) {
            return isPublic(address(h));
        }
        return !h.equalsIgnoreCase("localhost") && !h.toLowerCase(Locale.ROOT).endsWith(".internal");
    }
}
