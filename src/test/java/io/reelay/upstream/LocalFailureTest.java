package io.reelay.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.config.ReelayConfig;
import io.reelay.config.TestConfig;
import io.reelay.events.FailureReason;
import io.reelay.intake.VideoRequest;
import io.reelay.lifecycle.submit.SubmitFailure;
import io.reelay.testing.LoopbackHttp;
import io.reelay.testing.RecordingServer;
import io.reelay.testing.RecordingServer.Answer;
import io.reelay.upstream.guard.GuardedProvider;
import io.reelay.upstream.hub.HubProvider;
import io.reelay.upstream.tokenlab.TokenLabProvider;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failures before a request leaves Reelay: they fail that request as internal_error "not sent", reach
 * no upstream, and never open the circuit breaker for everyone else.
 */
class LocalFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final ReelayConfig.Upstream.CircuitBreaker BREAKER = TestConfig.defaults()
            .set(c -> c.upstream().circuitBreaker().requestVolume(), 4)
            .set(c -> c.upstream().circuitBreaker().successThreshold(), 1)
            .circuitBreaker();
    private static final String TASK = "{\"id\":\"ldtask_1\",\"task_id\":\"hub-1\",\"status\":\"pending\"}";

    private LoopbackHttp http;
    private RecordingServer upstream;

    @BeforeEach
    void start() throws Exception {
        http = LoopbackHttp.start();
        upstream = http.recording(r -> Answer.json(200, TASK));
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    private VideoProvider tokenlab() {
        return new TokenLabProvider(http.webClient(), TestConfig.tokenlab(upstream.baseUrl(), "sk-1", WAIT));
    }

    private VideoProvider hub() {
        return new HubProvider(http.webClient(), TestConfig.hub(upstream.baseUrl(), "sk-1", WAIT));
    }

    private static Throwable failure(Uni<?> call) {
        return call.onItemOrFailure().transform((item, failure) -> failure).await().atMost(WAIT);
    }

    private static VideoRequest request(String requestId) {
        return VideoRequest.builder(requestId, "veo3.1").operation("text-to-video").prompt("a cat").build();
    }

    @Test
    void aRequestIdTheHttpClientWouldRefuseIsNotSentAndFailsAsInternalError() {
        for (VideoProvider provider : new VideoProvider[] {tokenlab(), hub()}) {
            Throwable failure = failure(provider.submit(request("req\r\nX-Injected: 1")));

            assertThat(failure).as(provider.name()).isInstanceOf(LocalCallException.class);
            SubmitFailure submit = SubmitFailure.of(failure);
            assertThat(submit.reason()).isEqualTo(FailureReason.internal_error);
            assertThat(submit.message()).contains("not sent");
            assertThat(submit.retryable()).isFalse();
        }
        assertThat(upstream.received()).as("nothing reached the upstream").isEmpty();
    }

    @Test
    void aKeyWithALineBreakIsNotSentAndIsNotQuotedInTheMessage() {
        VideoProvider provider = new TokenLabProvider(http.webClient(),
                TestConfig.tokenlab(upstream.baseUrl(), "sk-secret\nX-Injected: 1", WAIT));

        Throwable failure = failure(provider.submit(request("req-1")));

        assertThat(failure).isInstanceOf(LocalCallException.class);
        assertThat(failure.getMessage()).doesNotContain("sk-secret");
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void manyLocalFailuresLeaveTheCircuitClosedForEveryoneElse() {
        for (VideoProvider provider : new VideoProvider[] {tokenlab(), hub()}) {
            GuardedProvider guarded = new GuardedProvider(provider, BREAKER);
            for (int i = 0; i < 40; i++) {
                assertThat(failure(guarded.submit(request("bad\n" + i)))).isInstanceOf(LocalCallException.class);
                assertThat(failure(guarded.poll(new TaskHandle("bad id " + i, null))))
                        .isInstanceOf(LocalCallException.class);
            }

            assertThat(failure(guarded.submit(request("good")))).as(provider.name()).isNull();
        }
        assertThat(upstream.received()).hasSize(2);
    }

    @Test
    void aProviderThatThrowsInsteadOfFailingItsUniIsALocalFailureThatDoesNotCount() {
        VideoProvider buggy = new ThrowingProvider(r -> {
            throw new NullPointerException("a bug");
        });
        GuardedProvider guarded = new GuardedProvider(buggy, BREAKER);

        for (int i = 0; i < 20; i++) {
            Throwable failure = failure(guarded.submit(request("r-" + i)));
            assertThat(failure).isInstanceOf(LocalCallException.class).hasMessageContaining("not sent");
        }
        // Had the bug counted, the circuit would be open now and this would be CircuitBreakerOpenException.
        assertThat(failure(guarded.poll(new TaskHandle("t-1", null)))).isInstanceOf(LocalCallException.class);
    }

    @Test
    void realUpstreamTroubleStillOpensTheCircuit() {
        VideoProvider down = new ThrowingProvider(r -> Uni.createFrom().failure(new UpstreamException(
                UpstreamException.Kind.NO_ANSWER, UpstreamError.ofMessage("reset"), null)));
        GuardedProvider guarded = new GuardedProvider(down, BREAKER);
        for (int i = 0; i < 4; i++) {
            failure(guarded.submit(request("r-" + i)));
        }

        assertThat(failure(guarded.submit(request("r-next"))))
                .isInstanceOf(org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException.class);
    }

    /** A provider whose every call does what {@code call} says (throws, or returns a Uni). */
    private record ThrowingProvider(Function<Object, Uni<?>> call) implements VideoProvider {

        @Override
        public String name() {
            return "buggy";
        }

        @SuppressWarnings("unchecked")
        @Override
        public Uni<SubmittedTask> submit(VideoRequest request) {
            return (Uni<SubmittedTask>) call.apply(request);
        }

        @SuppressWarnings("unchecked")
        @Override
        public Uni<TaskReport> poll(TaskHandle task) {
            return (Uni<TaskReport>) call.apply(task);
        }
    }
}
