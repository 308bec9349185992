package io.reelay.upstream.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.Test;

import io.reelay.request.VideoRequest;
import io.reelay.upstream.SubmittedTask;
import io.reelay.upstream.TaskHandle;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamError;
import io.reelay.upstream.UpstreamException;
import io.reelay.upstream.UpstreamStatus;
import io.reelay.upstream.VideoProvider;
import io.smallrye.mutiny.Uni;

class GuardedProviderTest {

    private static final CircuitSettings SETTINGS = new CircuitSettings(4, 0.5, Duration.ofMillis(300), 1);
    private static final TaskHandle TASK = new TaskHandle("t-1", null);

    /** An upstream whose answer the test sets, counting the calls that reach it. */
    static final class Upstream implements VideoProvider {
        final AtomicInteger calls = new AtomicInteger();
        volatile Throwable failure;

        @Override
        public String name() {
            return "tokenlab";
        }

        @Override
        public Uni<SubmittedTask> submit(VideoRequest request) {
            calls.incrementAndGet();
            return failure == null ? Uni.createFrom().item(new SubmittedTask("t-1", null, "pending"))
                    : Uni.createFrom().failure(failure);
        }

        @Override
        public Uni<TaskReport> poll(TaskHandle task) {
            calls.incrementAndGet();
            return failure == null ? Uni.createFrom().item(new TaskReport(UpstreamStatus.PENDING, "pending", null,
                    null, null, false, null)) : Uni.createFrom().failure(failure);
        }
    }

    @Test
    void anUpstreamThatStopsAnsweringIsLeftAloneUntilItRecovers() {
        Upstream upstream = new Upstream();
        GuardedProvider guarded = new GuardedProvider(upstream, SETTINGS);
        upstream.failure = new UpstreamException(UpstreamException.Kind.NO_ANSWER, UpstreamError.ofMessage("reset"), null);
        for (int i = 0; i < 4; i++) {
            catchThrowable(() -> guarded.poll(TASK).await().atMost(Duration.ofSeconds(1)));
        }

        Throwable prevented = catchThrowable(() -> guarded.submit(request()).await().atMost(Duration.ofSeconds(1)));

        assertThat(prevented).isInstanceOf(CircuitBreakerOpenException.class);
        assertThat(upstream.calls).as("the call was not sent").hasValue(4);

        upstream.failure = null;
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(catchThrowable(() -> guarded.poll(TASK).await().atMost(Duration.ofSeconds(1)))).isNull());
        assertThat(guarded.submit(request()).await().atMost(Duration.ofSeconds(1)).upstreamTaskId()).isEqualTo("t-1");
    }

    @Test
    void refusalsOfARequestDoNotOpenTheCircuit() {
        Upstream upstream = new Upstream();
        GuardedProvider guarded = new GuardedProvider(upstream, SETTINGS);
        upstream.failure = new UpstreamException(UpstreamException.Kind.ERROR_ANSWER,
                new UpstreamError(402, "insufficient_balance", null, "no money", null, false, null), null);
        for (int i = 0; i < 10; i++) {
            Throwable t = catchThrowable(() -> guarded.submit(request()).await().atMost(Duration.ofSeconds(1)));
            assertThat(t).isInstanceOf(UpstreamException.class);
        }
        assertThat(upstream.calls).hasValue(10);
    }

    private static VideoRequest request() {
        return VideoRequest.builder("r-1", "veo3.1").prompt("x").build();
    }
}
