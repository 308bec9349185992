package io.reelay.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.reelay.config.TestConfig;
import io.reelay.storage.MirrorFailure.Reason;
import io.reelay.storage.MirrorJob.Kind;
import io.reelay.storage.s3.StorageProducer;
import io.reelay.testing.storage.S3Server;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 mirror against a real S3 server (s3proxy on the filesystem) and a real HTTP source: what is stored, where,
 * and how every kind of bad source or store ends (one bounded reason each).
 */
class S3VideoMirrorTest {

    static final String BUCKET = "mirror-test";
    static final long MAX_VIDEO = 12L * 1024 * 1024;
    static final byte[] MP4 = resource("/io/reelay/simulator/media/sample.mp4");
    static final byte[] JPEG = resource("/io/reelay/simulator/media/sample-last-frame.jpg");

    static S3Server s3;
    static SourceServer source;
    static VideoMirror mirror;
    static S3Client reader;

    @BeforeAll
    static void start() {
        s3 = S3Server.start();
        source = new SourceServer();
        mirror = mirror(s3.endpoint());
        reader = S3Client.builder().endpointOverride(s3.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY)))
                .build();
    }

    @AfterAll
    static void stop() {
        if (mirror instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // closing
            }
        }
        reader.close();
        source.close();
        s3.close();
    }

    static VideoMirror mirror(URI endpoint) {
        return StorageProducer.create(TestConfig.defaults()
                .with("reelay.storage.endpoint", endpoint.toString())
                .with("reelay.storage.bucket", BUCKET)
                .with("reelay.storage.path-style", "true")
                .with("reelay.storage.create-bucket", "true")
                .with("reelay.storage.access-key-id", S3Server.ACCESS_KEY)
                .with("reelay.storage.secret-access-key", S3Server.SECRET_KEY)
                .with("reelay.storage.max-video-bytes", Long.toString(MAX_VIDEO))
                .with("reelay.storage.max-image-bytes", "1048576")
                .with("reelay.storage.part-size", "5242880")
                .with("reelay.storage.store-call-timeout", "PT30S") // a loaded build machine
                .with("reelay.storage.fetch.allow-http", "true")
                .with("reelay.storage.fetch.allow-loopback", "true")
                .with("reelay.storage.fetch.connect-timeout", "PT2S")
                .with("reelay.storage.fetch.read-timeout", "PT3S")
                .with("reelay.storage.fetch.total-timeout", "PT20S")
                .with("reelay.storage.fetch.max-redirects", "3")
                .build().storage(), Clock.systemUTC());
    }

    @Test
    void aVideoIsStoredUnderItsKeyWithTheSha256OfTheServedBytesAndItsPresignedUrlReadsThemBack() throws Exception {
        URI url = source.bytes("/good.mp4", MP4, "video/mp4", true);

        StoredObject stored = copy(new MirrorJob("req-good", 0, Kind.VIDEO, url, null));

        assertThat(stored.bucket()).isEqualTo(BUCKET);
        assertThat(stored.key()).isEqualTo("videos/req-good/0.mp4");
        assertThat(stored.sizeBytes()).isEqualTo(MP4.length);
        assertThat(stored.sha256()).isEqualTo(sha256(MP4));
        assertThat(stored.contentType()).isEqualTo("video/mp4");
        assertThat(stored.urlExpiresAt()).isAfter(Instant.now().plus(Duration.ofDays(6)));
        assertThat(download(stored.url())).isEqualTo(MP4);
        assertThat(reader.getObjectAsBytes(b -> b.bucket(BUCKET).key(stored.key())).asByteArray()).isEqualTo(MP4);
        ReadUrl fresh = mirror.readUrl(stored);
        assertThat(download(fresh.url())).isEqualTo(MP4);
    }

    @Test
    void aLastFrameIsStoredBesideItsVideo() throws Exception {
        URI url = source.bytes("/frame.jpg", JPEG, "image/jpeg", true);

        StoredObject stored = copy(new MirrorJob("req-frame", 2, Kind.LAST_FRAME, url, null));

        assertThat(stored.key()).isEqualTo("videos/req-frame/2-last-frame.jpg");
        assertThat(stored.sha256()).isEqualTo(sha256(JPEG));
        assertThat(download(stored.url())).isEqualTo(JPEG);
    }

    @Test
    void aSourceWithoutALengthLargerThanOnePartGoesUpInPartsAndKeepsItsBytes() throws Exception {
        byte[] big = new byte[11 * 1024 * 1024 + 123];
        new Random(7).nextBytes(big);
        System.arraycopy(MP4, 0, big, 0, 64); // a real ftyp box first
        URI url = source.bytes("/chunked.mp4", big, null, false);

        StoredObject stored = copy(new MirrorJob("req-chunked", 1, Kind.VIDEO, url, null));

        assertThat(stored.sizeBytes()).isEqualTo(big.length);
        assertThat(stored.sha256()).isEqualTo(sha256(big));
        assertThat(sha256(reader.getObjectAsBytes(b -> b.bucket(BUCKET).key(stored.key())).asByteArray()))
                .isEqualTo(sha256(big));
    }

    @Test
    void copyingTheSameJobAgainLeavesExactlyOneObjectAtTheSameKey() throws Exception {
        URI url = source.bytes("/again.mp4", MP4, "video/mp4", true);
        MirrorJob job = new MirrorJob("req-again", 0, Kind.VIDEO, url, null);

        StoredObject first = copy(job);
        StoredObject second = copy(job);
        StoredObject third = copy(job);

        assertThat(List.of(second.key(), third.key())).containsOnly(first.key());
        List<S3Object> objects = objects("videos/req-again/");
        assertThat(objects).as(objects.toString()).extracting(S3Object::key)
                .containsExactly("videos/req-again/0.mp4");
        assertThat(objects.get(0).size()).isEqualTo(MP4.length);
    }

    @Test
    void aDeclaredLengthAboveTheLimitIsRefusedWithoutReadingTheBody() {
        URI url = source.serve("/huge-declared.mp4", (exchange, sent) -> {
            exchange.getResponseHeaders().set("Content-Type", "video/mp4");
            exchange.sendResponseHeaders(200, 1L << 40);
            endless(exchange.getResponseBody(), sent);
        });

        assertFails(new MirrorJob("req-huge", 0, Kind.VIDEO, url, null), Reason.too_large);
        assertThat(source.sent("/huge-declared.mp4")).isLessThan(MAX_VIDEO);
    }

    @Test
    void anUndeclaredBodyIsCutOffAtTheLimitWhileStreaming() {
        URI url = source.serve("/huge-chunked.mp4", (exchange, sent) -> {
            exchange.sendResponseHeaders(200, 0);
            endless(exchange.getResponseBody(), sent);
        });

        assertFails(new MirrorJob("req-huge-chunked", 0, Kind.VIDEO, url, null), Reason.too_large);
        // Past the limit the transfer stops: what was sent is the limit plus what the socket buffers held.
        assertThat(source.sent("/huge-chunked.mp4")).isLessThan(MAX_VIDEO + 16L * 1024 * 1024);
        assertThat(objects("videos/req-huge-chunked/"))
                .isEmpty();
    }

    @Test
    void aBodyThatStallsTimesOut() {
        URI url = source.serve("/slow.mp4", (exchange, sent) -> {
            exchange.getResponseHeaders().set("Content-Type", "video/mp4");
            exchange.sendResponseHeaders(200, MP4.length);
            OutputStream out = exchange.getResponseBody();
            out.write(MP4, 0, 1000);
            out.flush();
            hold(); // stalls until the test is over
        });

        long start = System.nanoTime();
        assertFails(new MirrorJob("req-slow", 0, Kind.VIDEO, url, null), Reason.source_timeout);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void headersThatNeverComeTimeOut() {
        URI url = source.serve("/silent.mp4", (exchange, sent) -> hold()); // no headers until the test is over

        assertFails(new MirrorJob("req-silent", 0, Kind.VIDEO, url, null), Reason.source_timeout);
    }

    @Test
    void aRedirectToAPrivateAddressIsRefused() {
        URI url = source.status("/to-private.mp4", 302, Map.of("Location", "http://10.1.2.3/video.mp4"));
        URI metadata = source.status("/to-metadata.mp4", 307,
                Map.of("Location", "http://169.254.169.254/latest/meta-data/"));

        assertFails(new MirrorJob("req-private", 0, Kind.VIDEO, url, null), Reason.forbidden_address);
        assertFails(new MirrorJob("req-metadata", 0, Kind.VIDEO, metadata, null), Reason.forbidden_address);
    }

    @Test
    void redirectsAreFollowedUpToTheLimit() throws Exception {
        source.bytes("/target.mp4", MP4, "video/mp4", true);
        URI hop = source.status("/hop1.mp4", 301, Map.of("Location", "/target.mp4"));
        source.status("/loop-a", 302, Map.of("Location", "/loop-b"));
        URI loop = source.status("/loop-b", 302, Map.of("Location", "/loop-a"));

        assertThat(copy(new MirrorJob("req-hop", 0, Kind.VIDEO, hop, null)).sha256()).isEqualTo(sha256(MP4));
        assertFails(new MirrorJob("req-loop", 0, Kind.VIDEO, loop, null), Reason.too_many_redirects);
    }

    @Test
    void bytesThatAreNotWhatTheSourceSaysAreRefused() {
        URI html = source.bytes("/lie.mp4", "<html><body>not a video</body></html>".getBytes(), "video/mp4", true);
        URI declaredHtml = source.bytes("/declared-html.mp4", MP4, "text/html", true);
        URI imageAsVideo = source.bytes("/image-as-video.mp4", JPEG, null, true);
        URI videoAsFrame = source.bytes("/video-as-frame.jpg", MP4, null, true);

        assertFails(new MirrorJob("req-lie", 0, Kind.VIDEO, html, null), Reason.wrong_content_type);
        assertFails(new MirrorJob("req-lie", 1, Kind.VIDEO, declaredHtml, null), Reason.wrong_content_type);
        assertFails(new MirrorJob("req-lie", 2, Kind.VIDEO, imageAsVideo, null), Reason.wrong_content_type);
        assertFails(new MirrorJob("req-lie", 3, Kind.LAST_FRAME, videoAsFrame, null), Reason.wrong_content_type);
        assertThat(objects("videos/req-lie/")).isEmpty();
    }

    @Test
    void aBodyShorterThanItsDeclaredLengthIsASourceError() {
        URI url = source.serve("/short.mp4", (exchange, sent) -> {
            exchange.sendResponseHeaders(200, MP4.length);
            exchange.getResponseBody().write(MP4, 0, MP4.length / 2);
            exchange.getResponseBody().flush();
            exchange.close(); // the connection ends early
        });

        assertFails(new MirrorJob("req-short", 0, Kind.VIDEO, url, null), Reason.source_error);
    }

    @Test
    void errorStatusesEndWithTheirReasons() {
        URI gone = source.status("/gone.mp4", 404, Map.of());
        URI expired = source.status("/expired.mp4", 403, Map.of());
        URI broken = source.status("/broken.mp4", 500, Map.of());

        assertFails(new MirrorJob("req-status", 0, Kind.VIDEO, gone, null), Reason.source_gone);
        assertFails(new MirrorJob("req-status", 1, Kind.VIDEO, expired, Instant.now().minusSeconds(5)),
                Reason.source_gone);
        assertFails(new MirrorJob("req-status", 2, Kind.VIDEO, expired, Instant.now().plusSeconds(3600)),
                Reason.source_error);
        assertFails(new MirrorJob("req-status", 3, Kind.VIDEO, broken, null), Reason.source_error);
    }

    @Test
    void anUnreachableStoreIsStorageUnavailable() throws Exception {
        URI url = source.bytes("/for-nowhere.mp4", MP4, "video/mp4", true);
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        VideoMirror nowhere = mirror(URI.create("http://127.0.0.1:" + closedPort));
        try {
            Throwable failure = nowhere.copy(new MirrorJob("req-nowhere", 0, Kind.VIDEO, url, null))
                    .toCompletableFuture().handle((ok, e) -> e).get(30, TimeUnit.SECONDS);
            assertThat(failure).isInstanceOfSatisfying(MirrorFailure.class,
                    f -> assertThat(f.reason()).isEqualTo(Reason.storage_unavailable));
            assertThat(((MirrorFailure) failure).retryable()).isTrue();
        } finally {
            ((AutoCloseable) nowhere).close();
        }
    }

    @Test
    void aPlainHttpSourceIsRefusedWhereOnlyHttpsIsAllowed() throws Exception {
        URI url = source.bytes("/plain.mp4", MP4, "video/mp4", true);
        VideoMirror strict = StorageProducer.create(TestConfig.defaults()
                .with("reelay.storage.endpoint", s3.endpoint().toString())
                .with("reelay.storage.bucket", BUCKET)
                .with("reelay.storage.path-style", "true")
                .with("reelay.storage.access-key-id", S3Server.ACCESS_KEY)
                .with("reelay.storage.secret-access-key", S3Server.SECRET_KEY)
                .build().storage(), Clock.systemUTC());
        try {
            Throwable failure = strict.copy(new MirrorJob("req-strict", 0, Kind.VIDEO, url, null))
                    .toCompletableFuture().handle((ok, e) -> e).get(30, TimeUnit.SECONDS);
            assertThat(failure).isInstanceOfSatisfying(MirrorFailure.class,
                    f -> assertThat(f.reason()).isEqualTo(Reason.forbidden_address));
            assertThat(source.sent("/plain.mp4")).isZero();
        } finally {
            ((AutoCloseable) strict).close();
        }
    }

    @Test
    void aDisabledMirrorSaysSo() {
        VideoMirror off = StorageProducer.create(TestConfig.defaults().with("reelay.storage.enabled", "false")
                .build().storage(), Clock.systemUTC());

        assertThat(off.enabled()).isFalse();
    }

    @Test
    void theMirrorNeverShowsItsSecret() {
        assertThat(mirror.toString()).doesNotContain(S3Server.SECRET_KEY).doesNotContain(S3Server.ACCESS_KEY)
                .contains(BUCKET);
    }

    /** An MP4 head, then a terabyte of zeros: what a hostile source sends until the client hangs up. */
    static void endless(OutputStream body, java.util.concurrent.atomic.AtomicLong sent) throws IOException {
        try (OutputStream out = body) {
            byte[] chunk = new byte[65536];
            System.arraycopy(MP4, 0, chunk, 0, 64);
            for (int i = 0; i < 1 << 24; i++) {
                out.write(chunk);
                sent.addAndGet(chunk.length);
            }
        }
    }

    static StoredObject copy(MirrorJob job) throws Exception {
        return mirror.copy(job).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    static void assertFails(MirrorJob job, Reason reason) {
        assertThatThrownBy(() -> mirror.copy(job).toCompletableFuture().get(60, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(MirrorFailure.class, f -> assertThat(f.reason())
                        .as(f.getMessage()).isEqualTo(reason));
    }

    /** The bucket's objects under {@code prefix}, every page. */
    static List<S3Object> objects(String prefix) {
        return reader.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream()
                .filter(o -> o.key().startsWith(prefix) && !o.key().endsWith("/")) // the filesystem's folders
                .toList();
    }

    static byte[] download(URI url) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as("GET %s: %s", url, new String(response.body())).isEqualTo(200);
        return response.body();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** A source that never answers holds its handler here until the test's teardown: no thread left asleep. */
    private final CountDownLatch released = new CountDownLatch(1);

    @AfterEach
    void releaseHeldHandlers() {
        released.countDown();
    }

    private void hold() {
        try {
            released.await(5, TimeUnit.MINUTES); // bounded, should the teardown never run
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = S3VideoMirrorTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
