package io.reelay.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a URL's host may be fetched, by the upstream on Reelay's behalf or by Reelay itself: only public names and
 * public literal addresses. Judged from the text alone, never by a DNS lookup (the stream thread must not block, and
 * an answer could change by the time the upstream resolves the name anyway); a caller that connects itself also
 * judges the addresses it resolved ({@link #refusal(InetAddress)}). Shared by the request URL policy
 * (intake.validation) and the fetch of result URLs (storage.fetch).
 *
 * <p>Written by hand: the JDK's {@code InetAddress.isSiteLocalAddress()} and friends miss most of the IANA
 * special-purpose ranges, and no library on the classpath has the registry. {@link InetAddress} is used only to
 * parse bracketed IPv6 literals, which it does without a lookup.
 */
public final class HostPolicy {

    /** IANA IPv4 special-purpose registry (RFC 6890 and updates), plus multicast and the reserved class E. */
    private static final List<V4Range> SPECIAL_V4 = List.of(
            v4("0.0.0.0", 8), v4("10.0.0.0", 8), v4("100.64.0.0", 10), v4("127.0.0.0", 8), v4("169.254.0.0", 16),
            v4("172.16.0.0", 12), v4("192.0.0.0", 24), v4("192.0.2.0", 24), v4("192.31.196.0", 24),
            v4("192.52.193.0", 24), v4("192.88.99.0", 24), v4("192.168.0.0", 16), v4("192.175.48.0", 24),
            v4("198.18.0.0", 15), v4("198.51.100.0", 24), v4("203.0.113.0", 24), v4("224.0.0.0", 4),
            v4("240.0.0.0", 4));

    /** Special-purpose ranges inside 2000::/3 (everything outside 2000::/3 is refused as not global unicast). */
    private static final List<V6Range> SPECIAL_V6 = List.of(
            v6(0x20010000, 23, "IETF protocol assignments (Teredo, benchmarking, ORCHID...)"),
            v6(0x20010db8, 32, "documentation"), v6(0x20020000, 16, "6to4"), v6(0x3fff0000, 20, "documentation"),
            v6(0x2620004f, 32, "AS112"));

    /** Names that only mean something inside a network: special-use TLDs and common private ones. */
    private static final Set<String> INTERNAL_SUFFIXES = Set.of("localhost", "local", "internal", "localdomain",
            "lan", "home", "corp", "intranet", "private", "priv", "test", "invalid", "example", "arpa", "onion", "alt",
            "svc", "cluster", "kubernetes", "consul", "docker", "intra", "mail", "workgroup", "domain");

    /** Wildcard-DNS services: any name under them resolves to an address written in the name (or rebinds). */
    private static final Set<String> ADDRESS_IN_NAME_SERVICES = Set.of("nip.io", "sslip.io", "xip.io", "xip.name",
            "nip.direct", "traefik.me", "localtest.me", "lvh.me", "vcap.me", "lacolhost.com", "fuf.me", "localho.st",
            "lcl.host", "local.gd", "1u.ms", "rbndr.us", "backname.io", "ip6.name");

    private static final Pattern DECIMAL_OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");
    private static final Pattern NUMBER_LIKE = Pattern.compile("[0-9]+|0x[0-9a-f]*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
    /** An IPv4 address written into a name: 127.0.0.1.example.com, ec2-10-0-0-1.example.com. */
    private static final Pattern EMBEDDED_V4 = Pattern.compile(
            "(?<![0-9])([0-9]{1,3})[.-]([0-9]{1,3})[.-]([0-9]{1,3})[.-]([0-9]{1,3})(?![0-9])");

    /** Longest host quoted in a refusal (intake quotes producer text at the same length). */
    private static final int ECHO_LENGTH = 64;

    private HostPolicy() {
    }

    /** Why {@code host} (as a URL carries it: a name, dotted-decimal IPv4 or [IPv6]) must not be fetched, if so. */
    public static Optional<String> refusal(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            return ipv6(h);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1); // one trailing dot: the absolute form of the same name
        }
        String quoted = "host " + quote(h);
        String[] labels = h.split("\\.", -1);
        if (h.isEmpty() || h.length() > 253) {
            return Optional.of(quoted + " is not a valid host name");
        }
        if (NUMBER_LIKE.matcher(labels[labels.length - 1]).matches()) {
            // Ends in a number: URL parsers read it as IPv4 (012.0.0.1 is octal, 0x7f.1 and 2130706433 too).
            int[] octets = canonicalV4(labels);
            if (octets == null) {
                return Optional.of(quoted + " is not a canonical dotted-decimal IPv4 address");
            }
            return special(octets).map(range -> quoted + " is in the special-purpose range " + range);
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.of(quoted + " is not a valid host name");
            }
        }
        if (labels.length == 1) {
            return Optional.of(quoted + " is a single-label name, which only resolves inside a network");
        }
        if (INTERNAL_SUFFIXES.contains(labels[labels.length - 1]) || h.endsWith(".home.arpa")) {
            return Optional.of(quoted + " is an internal name");
        }
        for (String service : ADDRESS_IN_NAME_SERVICES) {
            if (h.equals(service) || h.endsWith("." + service)) {
                return Optional.of(quoted + " is under " + service + ", which resolves names to the address in them");
            }
        }
        Matcher m = EMBEDDED_V4.matcher(h);
        while (m.find()) {
            int[] octets = new int[4];
            boolean valid = true;
            for (int i = 0; i < 4; i++) {
                octets[i] = Integer.parseInt(m.group(i + 1));
                valid &= octets[i] <= 255;
            }
            if (valid && special(octets).isPresent()) {
                return Optional.of(quoted + " names the special-purpose address " + dotted(octets));
            }
        }
        return Optional.empty();
    }

    /** Why a resolved {@code address} must not be connected to, if so: the same ranges as a literal in a URL. */
    public static Optional<String> refusal(InetAddress address) {
        if (address instanceof Inet4Address) {
            return refusal(address.getHostAddress());
        }
        String text = address.getHostAddress();
        int zone = text.indexOf('%');
        return refusal("[" + (zone < 0 ? text : text.substring(0, zone)) + "]");
    }

    /** True when {@code host} is number-like enough that URL parsers would read it as an IPv4 address. */
    public static boolean numberLike(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] labels = h.toLowerCase(Locale.ROOT).split("\\.", -1);
        return NUMBER_LIKE.matcher(labels[labels.length - 1]).matches();
    }

    private static Optional<String> ipv6(String bracketed) {
        String quoted = "host " + quote(bracketed);
        if (!bracketed.endsWith("]") || !bracketed.substring(1, bracketed.length() - 1).matches("[0-9a-f:.]+")) {
            return Optional.of(quoted + " is not an IPv6 address (zone ids are not accepted)");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bracketed); // a literal: parsed, never looked up
        } catch (UnknownHostException | RuntimeException e) {
            return Optional.of(quoted + " is not an IPv6 address");
        }
        if (address instanceof Inet4Address) { // the JDK turns ::ffff:a.b.c.d into the IPv4 address
            return Optional.of(quoted + " is an IPv4-mapped address");
        }
        byte[] b = address.getAddress();
        if ((b[0] & 0xe0) != 0x20) {
            // Loopback, unspecified, IPv4-compatible/mapped/translated, NAT64, discard, unique-local, link-local,
            // multicast...: every special form that embeds an IPv4 address lies outside 2000::/3 but 6to4 and Teredo.
            return Optional.of(quoted + " is not a global unicast address" + embedded(b));
        }
        int head = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        for (V6Range range : SPECIAL_V6) {
            if (range.contains(head)) {
                return Optional.of(quoted + " is in the special-purpose range for " + range.purpose() + embedded(b));
            }
        }
        return Optional.empty();
    }

    /** The IPv4 address an IPv6 address carries, for the message (the address is refused whatever it carries). */
    private static String embedded(byte[] b) {
        boolean zeroHead = true;
        for (int i = 0; i < 10; i++) {
            zeroHead &= b[i] == 0;
        }
        if (zeroHead || (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b)) {
            return " (it embeds " + dotted(octets(b, 12)) + ")";
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return " (it embeds " + dotted(octets(b, 2)) + ")";
        }
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
            int[] client = octets(b, 12);
            for (int i = 0; i < 4; i++) {
                client[i] ^= 0xff;
            }
            return " (Teredo, for " + dotted(client) + ")";
        }
        return "";
    }

    private static int[] octets(byte[] b, int from) {
        return new int[] {b[from] & 0xff, b[from + 1] & 0xff, b[from + 2] & 0xff, b[from + 3] & 0xff};
    }

    private static int[] canonicalV4(String[] labels) {
        if (labels.length != 4) {
            return null;
        }
        int[] octets = new int[4];
        for (int i = 0; i < 4; i++) {
            if (!DECIMAL_OCTET.matcher(labels[i]).matches() || Integer.parseInt(labels[i]) > 255) {
                return null;
            }
            octets[i] = Integer.parseInt(labels[i]);
        }
        return octets;
    }

    private static Optional<String> special(int[] o) {
        int address = (o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3];
        return SPECIAL_V4.stream().filter(r -> r.contains(address)).map(V4Range::toString).findFirst();
    }

    private static String dotted(int[] o) {
        return o[0] + "." + o[1] + "." + o[2] + "." + o[3];
    }

    private static V4Range v4(String base, int prefix) {
        String[] p = base.split("\\.");
        int address = (Integer.parseInt(p[0]) << 24) | (Integer.parseInt(p[1]) << 16) | (Integer.parseInt(p[2]) << 8)
                | Integer.parseInt(p[3]);
        return new V4Range(address, prefix, base + "/" + prefix);
    }

    private static V6Range v6(int head, int prefix, String purpose) {
        return new V6Range(head, prefix, purpose);
    }

    private record V4Range(int base, int prefix, String text) {
        boolean contains(int address) {
            int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
            return (address & mask) == (base & mask);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A range given by its first 32 bits (every range here has a prefix of at most 32). */
    private record V6Range(int head, int prefix, String purpose) {
        boolean contains(int first32) {
            int mask = -1 << (32 - prefix);
            return (first32 & mask) == (head & mask);
        }
    }

    /** The host as a message quotes it: at most {@link #ECHO_LENGTH} characters, control characters as '?'. */
    private static String quote(String text) {
        int end = Math.min(text.length(), ECHO_LENGTH);
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        StringBuilder sb = new StringBuilder(end + 1);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        return end < text.length() ? sb.append('…').toString() : sb.toString();
    }
}
