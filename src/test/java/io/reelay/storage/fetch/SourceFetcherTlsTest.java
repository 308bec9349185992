package io.reelay.storage.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.reelay.storage.MirrorFailure;
import io.reelay.storage.MirrorFailure.Reason;

/**
 * Result fetches over real TLS: local HTTPS servers with certificates made for the test (the JDK's keytool), which
 * only a fetcher given the test's trust store accepts. A chain of https redirects is followed and its bytes copied;
 * a downgrade to http, a redirect to a private or loopback address, too many redirects, a certificate not trusted and
 * a certificate for another name are refused, and the refused hop is never connected to.
 */
class SourceFetcherTlsTest {

    private static final String PASSWORD = "test-only";
    /** A public-looking name the test's proxy takes to the local server: how loopback is tested as forbidden. */
    private static final String PUBLIC_NAME = "media.reelay-tls-test.com";
    private static final FetchLimits LIMITS = new FetchLimits(Duration.ofSeconds(5), Duration.ofSeconds(5),
            Duration.ofSeconds(20), 3);
    private static final byte[] VIDEO = new byte[200_000];

    @TempDir
    static Path dir;

    private static HttpsServer trusted;
    private static HttpsServer untrusted;
    private static HttpsServer otherName;
    private static HttpServer plain;
    private static ConnectProxy proxy;
    private static SSLContext clientTrust;
    private static final Map<String, AtomicInteger> HITS = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        new Random(7).nextBytes(VIDEO);
        KeyStore good = keyPair("good", "CN=localhost", "SAN=dns:localhost,dns:" + PUBLIC_NAME + ",ip:127.0.0.1");
        KeyStore stranger = keyPair("stranger", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
        KeyStore elsewhere = keyPair("elsewhere", "CN=cdn.other-name.com", "SAN=dns:cdn.other-name.com");

        // The fetcher trusts "good" and "elsewhere" (issued for another name), never "stranger".
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("good", good.getCertificate("good"));
        trust.setCertificateEntry("elsewhere", elsewhere.getCertificate("elsewhere"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        clientTrust = SSLContext.getInstance("TLS");
        clientTrust.init(null, tmf.getTrustManagers(), null);

        plain = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        plain.createContext("/", e -> answer(e, "http"));
        plain.start();
        trusted = https(good);
        untrusted = https(stranger);
        otherName = https(elsewhere);
        proxy = new ConnectProxy(trusted.getAddress().getPort());
    }

    @AfterAll
    static void stop() throws IOException {
        for (HttpServer s : new HttpServer[] {trusted, untrusted, otherName, plain}) {
            if (s != null) {
                s.stop(0);
            }
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void anHttpsRedirectChainAcrossNamesIsFollowedAndEveryByteCopied() throws Exception {
        // 127.0.0.1 -> localhost (another name) -> a relative Location on it.
        try (SourceFetcher fetcher = fetcher(loopbackAllowed(), b -> b.sslContext(clientTrust));
                Source source = fetcher.open(url(trusted, "127.0.0.1", "/hop1"), 1_000_000, null)) {
            assertThat(source.readAllBytes()).isEqualTo(VIDEO);
            assertThat(source.contentType()).contains("video/mp4");
        }
        assertThat(hits("https /hop1")).isEqualTo(1);
        assertThat(hits("https /hop2")).isEqualTo(1);
        assertThat(hits("https /video")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aRedirectFromHttpsDownToHttpIsRefusedAndNeverConnected() {
        int before = hits("http /video");
        assertRefused(loopbackAllowed(), url(trusted, "127.0.0.1", "/down"), Reason.forbidden_address, "scheme");
        assertThat(hits("http /video")).as("the http target is never asked").isEqualTo(before);
    }

    @Test
    void redirectsToPrivateAndSpecialAddressesAreRefusedEvenWhereLoopbackIsAllowed() {
        for (String target : List.of("https://10.0.0.7/v.mp4", "https://169.254.169.254/latest/meta-data/",
                "https://192.168.1.1/v.mp4", "https://[::ffff:127.0.0.1]:" + port(trusted) + "/video",
                "https://0.0.0.0:" + port(trusted) + "/video", "https://[fd00::1]/v.mp4")) {
            assertRefused(loopbackAllowed(), url(trusted, "127.0.0.1", "/to?" + target), Reason.forbidden_address,
                    null);
        }
        // A public-looking name that resolves to a private address is refused before any connection.
        SourcePolicy rebinding = new SourcePolicy(false, true, host -> host.equals("cdn.rebound-example.com")
                ? new InetAddress[] {address("10.9.8.7")} : InetAddress.getAllByName(host));
        assertRefused(rebinding, url(trusted, "127.0.0.1", "/to?https://cdn.rebound-example.com/v.mp4"),
                Reason.forbidden_address, "resolves to a forbidden address");
    }

    @Test
    void aRedirectToLoopbackIsRefusedWhereLoopbackIsNotAllowed() {
        // Reached under a public name (resolved as public by the policy; the test's proxy carries the connection to
        // the local server), the source redirects to loopback, by address and by name: refused, never fetched.
        SourcePolicy production = new SourcePolicy(false, false, host -> host.equals(PUBLIC_NAME)
                ? new InetAddress[] {address("93.184.216.34")} : InetAddress.getAllByName(host));
        Consumer<java.net.http.HttpClient.Builder> viaProxy = b -> b.sslContext(clientTrust)
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxy.port())));
        URI start = URI.create("https://" + PUBLIC_NAME + ":" + port(trusted) + "/video");
        try (SourceFetcher fetcher = fetcher(production, viaProxy); Source source = fetcher.open(start, 1_000_000,
                null)) {
            assertThat(source.readAllBytes()).as("the public name itself is fetched, over TLS").isEqualTo(VIDEO);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        int before = hits("https /video");
        for (String target : List.of("https://127.0.0.1:" + port(trusted) + "/video",
                "https://localhost:" + port(trusted) + "/video", "https://[::1]:" + port(trusted) + "/video")) {
            URI hop = URI.create("https://" + PUBLIC_NAME + ":" + port(trusted) + "/to?" + target);
            try (SourceFetcher fetcher = fetcher(production, viaProxy)) {
                assertThatThrownBy(() -> fetcher.open(hop, 1_000_000, null)).as(target)
                        .isInstanceOfSatisfying(MirrorFailure.class, f -> {
                            assertThat(f.reason()).isEqualTo(Reason.forbidden_address);
                            assertThat(f.getMessage()).containsAnyOf("127.0.0.0/8", "localhost", "::1");
                        });
            }
        }
        assertThat(hits("https /video")).as("no loopback target was fetched").isEqualTo(before);
    }

    @Test
    void moreRedirectsThanAllowedAreRefused() {
        assertRefused(loopbackAllowed(), url(trusted, "127.0.0.1", "/loop/0"), Reason.too_many_redirects, "3");
        assertThat(hits("https /loop/3")).isEqualTo(1);
        assertThat(hits("https /loop/4")).as("the hop past the limit is never asked").isZero();
    }

    @Test
    void aCertificateTheFetcherDoesNotTrustIsRefusedAndNothingIsRead() {
        int before = hits("stranger");
        assertRefused(loopbackAllowed(), url(untrusted, "127.0.0.1", "/video"), Reason.source_error,
                "SSLHandshakeException");
        // A redirect from a trusted source to an untrusted one fails the same way.
        assertRefused(loopbackAllowed(), url(trusted, "127.0.0.1", "/to?" + url(untrusted, "localhost", "/video")),
                Reason.source_error, "SSLHandshakeException");
        assertThat(hits("stranger")).as("the untrusted server is never asked for bytes").isEqualTo(before);
    }

    @Test
    void aTrustedCertificateForAnotherNameIsRefused() {
        assertRefused(loopbackAllowed(), url(otherName, "127.0.0.1", "/video"), Reason.source_error, "SSL");
    }

    @Test
    void theProductionConstructorDoesNotTrustTheTestCertificate() {
        try (SourceFetcher production = new SourceFetcher(loopbackAllowed(), LIMITS, Clock.systemUTC())) {
            assertThatThrownBy(() -> production.open(url(trusted, "127.0.0.1", "/video"), 1_000_000, null))
                    .isInstanceOfSatisfying(MirrorFailure.class,
                            f -> assertThat(f.getMessage()).contains("SSLHandshakeException"));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void assertRefused(SourcePolicy policy, URI source, Reason reason, String inMessage) {
        try (SourceFetcher fetcher = fetcher(policy, b -> b.sslContext(clientTrust))) {
            assertThatThrownBy(() -> fetcher.open(source, 1_000_000, null)).as(source.toString())
                    .isInstanceOfSatisfying(MirrorFailure.class, f -> {
                        assertThat(f.reason()).isEqualTo(reason);
                        if (inMessage != null) {
                            assertThat(f.getMessage()).contains(inMessage);
                        }
                    });
        }
    }

    private static SourceFetcher fetcher(SourcePolicy policy, Consumer<java.net.http.HttpClient.Builder> seam) {
        return new SourceFetcher(policy, LIMITS, Clock.systemUTC(), seam);
    }

    /** https only (no http), loopback allowed: the test servers are local. */
    private static SourcePolicy loopbackAllowed() {
        return new SourcePolicy(false, true, SourcePolicy.Resolver.SYSTEM);
    }

    private static URI url(HttpServer server, String host, String path) {
        return URI.create("https://" + host + ":" + port(server) + path);
    }

    private static int port(HttpServer server) {
        return server.getAddress().getPort();
    }

    private static int hits(String key) {
        return HITS.computeIfAbsent(key, k -> new AtomicInteger()).get();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpsServer https(KeyStore keys) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        String name = keys.aliases().nextElement();
        server.createContext("/", e -> {
            if (!name.equals("good")) {
                HITS.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            }
            answer(e, "https");
        });
        server.start();
        return server;
    }

    /** What each test server answers, by path; every request counted under "<scheme> <path>". */
    private static void answer(HttpExchange exchange, String scheme) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        HITS.computeIfAbsent(scheme + " " + path, k -> new AtomicInteger()).incrementAndGet();
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            int port = exchange.getLocalAddress().getPort();
            if (path.equals("/video")) {
                exchange.getResponseHeaders().add("Content-Type", "video/mp4");
                exchange.sendResponseHeaders(200, VIDEO.length);
                exchange.getResponseBody().write(VIDEO);
            } else if (path.equals("/hop1")) {
                redirect(exchange, 302, "https://localhost:" + port + "/hop2");
            } else if (path.equals("/hop2")) {
                redirect(exchange, 307, "/video");
            } else if (path.equals("/down")) {
                redirect(exchange, 301, "http://127.0.0.1:" + plain.getAddress().getPort() + "/video");
            } else if (path.equals("/to") && query != null) {
                redirect(exchange, 302, query);
            } else if (path.startsWith("/loop/")) {
                redirect(exchange, 302, "/loop/" + (Integer.parseInt(path.substring(6)) + 1));
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private static void redirect(HttpExchange exchange, int status, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(status, -1);
    }

    /** A key pair and self-signed certificate made by the JDK's keytool, for this test only. */
    private static KeyStore keyPair(String alias, String dname, String san) throws Exception {
        Path file = dir.resolve(alias + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-ext", san, "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    /**
     * An HTTP CONNECT proxy that takes every tunnel to the local HTTPS server, whatever host it names: so the client
     * reaches the server under a public name, and TLS (its certificate names that name) is checked end to end.
     */
    private static final class ConnectProxy implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "tls-test-proxy");
            t.setDaemon(true);
            return t;
        });

        ConnectProxy(int target) throws IOException {
            threads.execute(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket client = socket.accept();
                        threads.execute(() -> tunnel(client, target));
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        private void tunnel(Socket client, int target) {
            try (client; Socket server = new Socket(InetAddress.getLoopbackAddress(), target)) {
                InputStream in = client.getInputStream();
                // The CONNECT request's head, up to its blank line.
                int matched = 0;
                while (matched < 4) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                OutputStream out = client.getOutputStream();
                out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                var back = threads.submit(() -> {
                    server.getInputStream().transferTo(out);
                    return null;
                });
                in.transferTo(server.getOutputStream());
                server.shutdownOutput();
                back.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // a tunnel the client or server closed: nothing to keep
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            threads.shutdownNow();
        }
    }
}
