package io.reelay.testing.storage;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/**
 * A real S3 API server for the tests and the demo: s3proxy over the jclouds {@code filesystem} backend, in a
 * directory of its own, on a free loopback port, with a known access key and secret (those of the dev, demo and
 * test profiles: {@link #ACCESS_KEY}, {@link #SECRET_KEY}). Speaks SigV4 (headers and presigned URLs), multipart
 * uploads and path-style addressing ({@code reelay.storage.path-style=true}).
 *
 * <p>s3proxy runs in this JVM in a class loader of its own ({@link S3ProxyBackend}), built from this JVM's class
 * path without the Guice 5 jar Quarkus's test tooling brings (jclouds needs Guice 7): nothing of s3proxy meets the
 * test's or the application's classes.
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

    private final AutoCloseable backend;
    private final int port;
    private final URLClassLoader loader;
    private final Path dir;
    private final boolean ownsDir;

    private S3Server(AutoCloseable backend, URLClassLoader loader, Path dir, boolean ownsDir) {
        this.backend = backend;
        this.port = ((IntSupplier) backend).getAsInt();
        this.loader = loader;
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
        URLClassLoader loader = isolatedLoader();
        try {
            Object backend = loader.loadClass(S3ProxyBackend.class.getName())
                    .getMethod("start", int.class, String.class, String.class, String.class)
                    .invoke(null, port, dir.toAbsolutePath().toString(), ACCESS_KEY, SECRET_KEY);
            return new S3Server((AutoCloseable) backend, loader, dir, ownsDir);
        } catch (InvocationTargetException e) {
            close(loader);
            throw new IllegalStateException("s3proxy did not start", e.getCause());
        } catch (ReflectiveOperationException e) {
            close(loader);
            throw new IllegalStateException("s3proxy is not on the class path", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: {@code reelay.storage.endpoint}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** Where the buckets live: one directory per bucket, one file per object. */
    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        try {
            backend.close();
        } catch (Exception e) {
            // stopping: nothing left to do with it
        }
        close(loader);
        if (ownsDir) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory: the system cleans it up eventually
            }
        }
    }

    /** This JVM's class path without Guice before 7, under the platform loader (not the application's). */
    private static URLClassLoader isolatedLoader() {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = new File(entry).getName();
            boolean oldGuice = name.matches("guice-[1-6]\\..*\\.jar");
            if (entry.isEmpty() || oldGuice) {
                continue;
            }
            try {
                urls.add(new File(entry).toURI().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalStateException("class path entry " + entry, e);
            }
        }
        return new URLClassLoader("s3proxy", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    private static void close(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            // its jars stay open until exit
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
