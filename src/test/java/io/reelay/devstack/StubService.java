package io.reelay.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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

/**
 * Stands in for the packaged service in {@code DemoMainIT}: launched the same way (same system properties), it
 * answers the readiness check and ends every request at once, failing those whose prompt asks for it.
 */
public final class StubService {

    private StubService() {
    }

    public static void main(String[] args) throws IOException {
        // Before anything touches java.util.logging, as Quarkus's own launcher does.
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        LogContext.getLogContext().getLogger("org.apache.kafka").setLevel(Level.WARNING);
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
