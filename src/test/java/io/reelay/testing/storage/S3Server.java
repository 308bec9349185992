package io.reelay.testing.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 API server for the tests and the demo: s3proxy over the jclouds {@code filesystem} backend, in a
 * directory of its own, on a free loopback port, with a known access key and secret (those of the dev, demo and
 * test profiles: {@link #ACCESS_KEY}, {@link #SECRET_KEY}). Speaks SigV4 (headers and presigned URLs), multipart
 * uploads and path-style addressing ({@code reelay.storage.path-style=true}).
 *
 * <p>In the JVM: {@code try (S3Server s3 = S3Server.start()) { ... s3.endpoint() ... }}. As a process of its own
 * (the demo, a packaged-service test): {@code java -cp <test classpath> io.reelay.testing.storage.S3Server [port]
 * [dir]} prints {@code REELAY-S3-READY endpoint=<url> dir=<dir>} once it listens and stops on SIGTERM.
 */
public final class S3Server implements AutoCloseable {

    /** The access key id of the dev, demo and test profiles ({@code reelay.storage.access-key-id}). */
    public static final String ACCESS_KEY = "reelay-local-access";
    /** Its secret ({@code reelay.storage.secret-access-key}). */
    public static final String SECRET_KEY = "reelay-local-secret";
    /** The line a process of its own prints once it listens. */
    public static final String READY = "REELAY-S3-READY";

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final Path dir;
    private final boolean ownsDir;

    private S3Server(S3Proxy proxy, BlobStoreContext context, Path dir, boolean ownsDir) {
        this.proxy = proxy;
        this.context = context;
        this.dir = dir;
        this.ownsDir = ownsDir;
    }

    /** On a free port, in a new temporary directory removed on {@link #close()}. */
    public static S3Server start() {
        try {
            return start(0, Files.createTempDirectory("reelay-s3-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * On {@code port} (0: any free one) of 127.0.0.1, keeping the buckets in {@code dir}.
     *
     * @param ownsDir remove {@code dir} on {@link #close()}
     */
    public static S3Server start(int port, Path dir, boolean ownsDir) {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", dir.toAbsolutePath().toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem")
                .credentials("identity", "credential")
                .overrides(properties)
                .build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start();
            long until = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < until) {
                Thread.sleep(10);
            }
        } catch (Exception e) {
            context.close();
            throw new IllegalStateException("s3proxy did not start", e);
        }
        if (!"STARTED".equals(proxy.getState())) {
            context.close();
            throw new IllegalStateException("s3proxy did not start within 30 s: " + proxy.getState());
        }
        return new S3Server(proxy, context, dir, ownsDir);
    }

    /** {@code http://127.0.0.1:<port>}: {@code reelay.storage.endpoint}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public int port() {
        return proxy.getPort();
    }

    /** Where the buckets live: one directory per bucket, one file per object. */
    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            // stopping: nothing left to do with it
        }
        context.close();
        if (ownsDir) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory: the system cleans it up eventually
            }
        }
    }

    /** {@code [port] [dir]}: serves until SIGTERM (defaults: any free port, a temporary directory). */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        boolean temporary = args.length < 2;
        Path dir = temporary ? Files.createTempDirectory("reelay-s3-") : Files.createDirectories(Path.of(args[1]));
        S3Server server = start(port, dir, temporary);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "s3-server-stop"));
        System.out.println(READY + " endpoint=" + server.endpoint() + " dir=" + dir.toAbsolutePath());
        System.out.flush();
        stopped.await();
    }
}
