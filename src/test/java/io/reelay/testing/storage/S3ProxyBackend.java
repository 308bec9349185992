package io.reelay.testing.storage;

import java.net.URI;
import java.util.Properties;
import java.util.function.IntSupplier;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.FilesystemApiMetadata;

/**
 * s3proxy itself, loaded only by {@link S3Server}'s isolated class loader (never by the test's own): jclouds needs
 * Guice 7, and the test classpath also holds the Guice 5 that Quarkus's Maven resolver brings.
 */
public final class S3ProxyBackend implements AutoCloseable, IntSupplier {

    private final S3Proxy proxy;
    private final BlobStoreContext context;

    private S3ProxyBackend(S3Proxy proxy, BlobStoreContext context) {
        this.proxy = proxy;
        this.context = context;
    }

    /** Called by reflection from {@link S3Server}. */
    public static Object start(int port, String dir, String accessKey, String secretKey) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", dir);
        // By its metadata, not by name: a lookup by name loads every provider s3proxy registers, the cloud ones
        // whose SDKs are left out of the test classpath (pom.xml) included.
        BlobStoreContext context = ContextBuilder.newBuilder(new FilesystemApiMetadata())
                .credentials("identity", "credential")
                .overrides(properties)
                .build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        try {
            proxy.start();
            long until = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            if (!"STARTED".equals(proxy.getState())) {
                throw new IllegalStateException("s3proxy did not start within 30 s: " + proxy.getState());
            }
        } catch (Exception e) {
            context.close();
            throw e;
        }
        return new S3ProxyBackend(proxy, context);
    }

    @Override
    public int getAsInt() {
        return proxy.getPort();
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            context.close();
        }
    }
}
