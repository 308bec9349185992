package io.reelay.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;

import org.jboss.logmanager.LogContext;

import com.sun.net.httpserver.HttpServer;

import io.reelay.events.FailureReason;
import io.reelay.events.VideoAsset;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoRequested;
import io.reelay.kafka.Topics;
import io.reelay.testing.kafka.TopicClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Stands in for the packaged service in {@code DemoMainIT}: launched the same way (same system properties and
 * environment), it proves the storage settings reach a working bucket (creates it and writes {@link #READY_OBJECT}),
 * then answers the readiness check and ends every request at once, failing those whose prompt asks for it.
 */
public final class StubService {

    /** The object the stub writes into the demo's bucket before it reports ready. */
    static final String READY_OBJECT = "stub-service/ready";

    private StubService() {
    }

    public static void main(String[] args) throws IOException {
        // Before anything touches java.util.logging, as Quarkus's own launcher does.
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        LogContext.getLogContext().getLogger("org.apache.kafka").setLevel(Level.WARNING);
        writeToTheBucket();
        int httpPort = Integer.parseInt(System.getProperty("quarkus.http.port"));
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort), 0);
        http.createContext("/q/health/ready", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        http.start();
        try (TopicClient kafka = new TopicClient(System.getProperty("kafka.bootstrap.servers"))) {
            kafka.readUntil(List.of(Topics.REQUESTS), Duration.ofMinutes(10), record -> {
                VideoRequested request = record.value(VideoRequested.class);
                if (request.getPrompt().contains(DemoSamples.SIMULATE_FAIL)) {
                    kafka.send(Topics.FAILED, record.key(), failed(request));
                } else {
                    kafka.send(Topics.COMPLETED, record.key(), completed(request));
                }
                return false;
            });
        }
    }

    /** With the settings the real service reads: endpoint, bucket and addressing as options, keys from the environment. */
    private static void writeToTheBucket() {
        String bucket = System.getProperty("reelay.storage.bucket");
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(System.getProperty("reelay.storage.endpoint")))
                .region(Region.US_EAST_1)
                .forcePathStyle(Boolean.parseBoolean(System.getProperty("reelay.storage.path-style")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        System.getenv("REELAY_STORAGE_ACCESS_KEY_ID"), System.getenv("REELAY_STORAGE_SECRET_ACCESS_KEY"))))
                // As the service's client: s3proxy does not take the SDK's newer trailing checksums.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder())
                .build()) {
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(o -> o.bucket(bucket).key(READY_OBJECT), RequestBody.fromString("ready"));
        }
    }

    private static VideoCompleted completed(VideoRequested request) {
        return VideoCompleted.newBuilder()
                .setRequestId(request.getRequestId())
                .setUpstreamTaskId("stub-" + request.getRequestId())
                .setProvider("stub")
                .setModel(request.getModel())
                .setVideos(List.of(VideoAsset.newBuilder()
                        .setUrl("https://videos.example/" + request.getRequestId() + ".mp4").build()))
                .setCompletedAt(Instant.now())
                .build();
    }

    private static VideoFailed failed(VideoRequested request) {
        return VideoFailed.newBuilder()
                .setRequestId(request.getRequestId())
                .setReason(FailureReason.upstream_failed)
                .setMessage("simulated upstream failure")
                .setRetryable(false)
                .setModel(request.getModel())
                .setFailedAt(Instant.now())
                .build();
    }
}
