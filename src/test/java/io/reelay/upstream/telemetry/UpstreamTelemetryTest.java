package io.reelay.upstream.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelay.request.VideoRequest;
import io.reelay.testing.LoopbackHttp;
import io.reelay.testing.RecordingServer;
import io.reelay.testing.RecordingServer.Answer;
import io.reelay.upstream.TaskHandle;
import io.reelay.upstream.tokenlab.TokenLabProvider;
import io.reelay.upstream.tokenlab.TokenLabSettings;
import io.smallrye.mutiny.Uni;

/** Every upstream HTTP call is counted by provider, endpoint, HTTP status and outcome, over real HTTP. */
class UpstreamTelemetryTest {

    private static final String KEY = "sk-telemetry-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private LoopbackHttp http;

    @BeforeEach
    void start() {
        http = LoopbackHttp.start();
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    @Test
    void answersAreCountedByEndpointAndStatus() throws Exception {
        RecordingServer upstream = http.recording(r -> r.method().name().equals("POST")
                ? Answer.json(200, "{\"id\":\"ldtask_1\",\"status\":\"pending\"}")
                : r.method().name().equals("GET") ? Answer.json(429, "{\"error\":{\"code\":\"rate_limit_exceeded\"}}")
                : Answer.json(400, "{\"error\":{\"code\":\"not_cancellable\"}}"));
        TokenLabProvider tokenlab = provider(upstream.baseUrl(), Duration.ofSeconds(5));

        tokenlab.submit(request()).await().atMost(WAIT);
        end(tokenlab.poll(new TaskHandle("ldtask_1", null)));
        end(tokenlab.poll(new TaskHandle("ldtask_1", null)));
        end(tokenlab.cancel(new TaskHandle("ldtask_1", null)));

        assertThat(calls("submit", "200", "success").count()).isEqualTo(1);
        assertThat(calls("poll", "429", "error_answer").count()).isEqualTo(2);
        assertThat(calls("cancel", "400", "error_answer").count()).isEqualTo(1);
        assertThat(calls("submit", "200", "success").totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(meters.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags().toString()).doesNotContain(KEY));
    }

    @Test
    void callsWithoutAnAnswerAreTimeoutsOrConnectionErrors() throws Exception {
        RecordingServer silent = http.recording(r -> Answer.never());
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        end(provider(silent.baseUrl(), Duration.ofMillis(300)).poll(new TaskHandle("ldtask_s", null)));
        end(provider("http://127.0.0.1:" + closedPort, Duration.ofSeconds(2)).poll(new TaskHandle("ldtask_c", null)));

        assertThat(calls("poll", "none", "timeout").count()).isEqualTo(1);
        assertThat(calls("poll", "none", "connection_error").count()).isEqualTo(1);
    }

    private Timer calls(String endpoint, String status, String outcome) {
        return meters.get(UpstreamTelemetry.CALLS)
                .tags("provider", "tokenlab", "endpoint", endpoint, "status", status, "outcome", outcome).timer();
    }

    private TokenLabProvider provider(String baseUrl, Duration timeout) {
        return new TokenLabProvider(http.webClient(), new TokenLabSettings(baseUrl, Optional.of(KEY), timeout, timeout),
                new UpstreamTelemetry(meters));
    }

    private static void end(Uni<?> call) {
        catchThrowable(() -> call.await().atMost(WAIT));
    }

    private static VideoRequest request() {
        return VideoRequest.builder("req-t", "veo3.1-fast").operation("text-to-video").prompt("a cat").build();
    }
}
