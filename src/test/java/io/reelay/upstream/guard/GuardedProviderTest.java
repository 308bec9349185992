package io.reelay.upstream.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.Test;

import io.reelay.config.ReelayConfig;
import io.reelay.config.TestConfig;
import io.reelay.intake.VideoRequest;
import io.reelay.upstream.FailureClass;
import io.reelay.upstream.LocalCallException;
import io.reelay.upstream.SubmittedTask;
import io.reelay.upstream.TaskHandle;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamError;
import io.reelay.upstream.UpstreamException;
import io.reelay.upstream.UpstreamStatus;
import io.reelay.upstream.VideoProvider;
import io.smallrye.mutiny.Uni;

class GuardedProviderTest {

    private static final ReelayConfig.Upstream.CircuitBreaker SETTINGS = TestConfig.defaults()
            .set(c -> c.upstream().circuitBreaker().requestVolume(), 4)
            .set(c -> c.upstream().circuitBreaker().delay(), Duration.ofMillis(300))
            .set(c -> c.upstream().circuitBreaker().successThreshold(), 1)
            .circuitBreaker();
    /** The defaults of reelay.upstream.circuit-breaker.*: the window and ratio a deployment runs with. */
    private static final ReelayConfig.Upstream.CircuitBreaker DEFAULTS = TestConfig.defaults().circuitBreaker();
    private static final TaskHandle TASK = new TaskHandle("t-1", null);

    /** An upstream whose answer the test sets, counting the calls that reach it. */
    static class Upstream implements VideoProvider {
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

    // ---- what counts: only what says the upstream is in trouble

    private static final UpstreamException OK = null;

    private static UpstreamException rateLimited() {
        return new UpstreamException(UpstreamException.Kind.ERROR_ANSWER,
                new UpstreamError(429, "rate_limit_exceeded", null, "Slow down", null, true, Duration.ofSeconds(1)),
                null);
    }

    private static UpstreamException materialPreparing() {
        return new UpstreamException(UpstreamException.Kind.ERROR_ANSWER, FailureClass.RETRY_LATER,
                new UpstreamError(409, "seedance_material_preparing", null, "later", null, true, null), null);
    }

    private static UpstreamException serverError() {
        return new UpstreamException(UpstreamException.Kind.ERROR_ANSWER,
                new UpstreamError(503, "all_channels_failed", null, "down", null, true, null), null);
    }

    /** A deadline the upstream let pass: the timer fired on time. */
    private static UpstreamException timedOut(boolean submit) {
        return new UpstreamException(UpstreamException.Kind.NO_ANSWER, FailureClass.UNAVAILABLE,
                new UpstreamError(null, null, null, "timed out", null, !submit, null), null);
    }

    /** A deadline noticed late: this process was behind when it fell. */
    private static UpstreamException stalled(boolean submit) {
        return new UpstreamException(UpstreamException.Kind.NO_ANSWER, FailureClass.LOCAL_STALL,
                new UpstreamError(null, null, null, "timed out", null, !submit, null), null);
    }

    /** Makes one call that ends with {@code outcome} (null: answered), a submit or a poll in turn. */
    private static void call(GuardedProvider guarded, Upstream upstream, Throwable outcome, int i) {
        upstream.failure = outcome;
        Throwable t = catchThrowable(() -> (i % 2 == 0 ? guarded.submit(request()) : guarded.poll(TASK))
                .await().atMost(Duration.ofSeconds(1)));
        assertThat(t instanceof CircuitBreakerOpenException).as("call %d was held back", i).isFalse();
        assertThat(t).as("call %d", i).isSameAs(outcome);
    }

    private static void assertStillCalls(GuardedProvider guarded, Upstream upstream) {
        int before = upstream.calls.get();
        upstream.failure = null;
        assertThat(guarded.acceptsCalls()).isTrue();
        assertThat(guarded.submit(request()).await().atMost(Duration.ofSeconds(1)).upstreamTaskId()).isEqualTo("t-1");
        assertThat(upstream.calls).as("the submit went out").hasValue(before + 1);
    }

    /**
     * After a broker outage the backlog goes out at once: the upstream rate-limits part of the burst, asks
     * for a material again later, and the calls that waited behind our own stall see their deadlines late.
     * Before, 429s and 409s (retryable) and every timeout counted: 14 of 20, and the circuit opened on a
     * healthy upstream, holding back every poll and submit for 30 s.
     */
    @Test
    void theBurstAfterABrokerOutageDoesNotOpenTheCircuitOfAHealthyUpstream() {
        Upstream upstream = new Upstream();
        GuardedProvider guarded = new GuardedProvider(upstream, DEFAULTS);
        Throwable[] burst = {OK, rateLimited(), rateLimited(), stalled(true), OK, rateLimited(), materialPreparing(),
            rateLimited(), stalled(false), rateLimited(), OK, rateLimited(), stalled(false), rateLimited(),
            materialPreparing(), OK, stalled(true), rateLimited(), OK, OK};
        for (int i = 0; i < burst.length; i++) {
            call(guarded, upstream, burst[i], i);
        }

        assertStillCalls(guarded, upstream);
    }

    /**
     * Low traffic: the window of 20 calls reaches minutes back, to a few 429s; then 7 slow answers time
     * out together. Before, the 429s and the 7 timeouts made 10 of 20 and opened the circuit. Now the 7
     * timeouts alone are under the ratio, whether the upstream let them pass or our process was behind.
     */
    @Test
    void sevenSlowAnswersTimingOutTogetherAtLowTrafficDoNotOpenTheCircuit() {
        for (boolean noticedLate : new boolean[] {false, true}) {
            Upstream upstream = new Upstream();
            GuardedProvider guarded = new GuardedProvider(upstream, DEFAULTS);
            int i = 0;
            for (Throwable earlier : new Throwable[] {OK, rateLimited(), OK, OK, rateLimited(), OK, OK, OK, OK,
                rateLimited(), OK, OK, OK}) {
                call(guarded, upstream, earlier, i++);
            }
            for (int slow = 0; slow < 7; slow++) {
                call(guarded, upstream, noticedLate ? stalled(false) : timedOut(false), i++);
            }

            assertStillCalls(guarded, upstream);
        }
    }

    /** The rule keeps its teeth: an upstream that stops answering, or fails, is still held off. */
    @Test
    void anUpstreamThatIsSilentOrFailingStillOpensTheCircuitAtTheDefaults() {
        for (Throwable trouble : new Throwable[] {timedOut(false), serverError()}) {
            Upstream upstream = new Upstream();
            GuardedProvider guarded = new GuardedProvider(upstream, DEFAULTS);
            for (int i = 0; i < 20; i++) {
                call(guarded, upstream, i % 2 == 0 ? OK : trouble, i);
            }

            assertThat(guarded.acceptsCalls()).as("open after 10 of 20").isFalse();
            assertThat(catchThrowable(() -> guarded.submit(request()).await().atMost(Duration.ofSeconds(1))))
                    .isInstanceOf(CircuitBreakerOpenException.class);
            assertThat(upstream.calls).as("the held-back submit was not sent").hasValue(20);
        }
    }

    /**
     * What happens to an answer after the call (recorded in Kafka, which fails through a broker outage),
     * calls that fail before they leave, and calls their caller gives up on, never reach the breaker.
     */
    @Test
    void localFailuresCancellationsAndTheCallersOwnWorkAreNeverCounted() {
        Upstream upstream = new Upstream();
        GuardedProvider guarded = new GuardedProvider(upstream, SETTINGS);
        for (int i = 0; i < 10; i++) {
            upstream.failure = null;
            Throwable recorded = catchThrowable(() -> guarded.submit(request())
                    .chain(task -> Uni.createFrom().failure(new IllegalStateException("broker unavailable")))
                    .await().atMost(Duration.ofSeconds(1)));
            assertThat(recorded).hasMessage("broker unavailable");
        }
        for (Throwable local : new Throwable[] {new LocalCallException("not sent: building the body", null),
            new IllegalArgumentException("bug"), new java.util.concurrent.CancellationException("cancelled")}) {
            for (int i = 0; i < 4; i++) {
                call(guarded, upstream, local, i);
            }
        }
        Upstream hanging = new Upstream() {
            @Override
            public Uni<TaskReport> poll(TaskHandle task) {
                calls.incrementAndGet();
                return Uni.createFrom().nothing();
            }
        };
        GuardedProvider slowCaller = new GuardedProvider(hanging, SETTINGS);
        for (int i = 0; i < 10; i++) {
            // The caller's own deadline, shorter than the call's: it cancels its subscription.
            Throwable gaveUp = catchThrowable(() -> slowCaller.poll(TASK).ifNoItem().after(Duration.ofMillis(20)).fail()
                    .await().atMost(Duration.ofSeconds(1)));
            assertThat(gaveUp).isInstanceOf(io.smallrye.mutiny.TimeoutException.class);
        }

        assertStillCalls(guarded, upstream);
        assertThat(slowCaller.acceptsCalls()).isTrue();
        assertThat(hanging.calls).as("every poll went out").hasValue(10);
    }

    @Test
    void acceptsCallsSaysWhetherACallWouldBeHeldBackWithoutMakingOne() {
        Upstream upstream = new Upstream();
        GuardedProvider guarded = new GuardedProvider(upstream, SETTINGS);
        assertThat(guarded.acceptsCalls()).isTrue();
        assertThat(guarded.onTrial()).as("closed: calls go as they come").isFalse();

        for (int i = 0; i < 4; i++) {
            call(guarded, upstream, timedOut(false), i);
        }
        assertThat(guarded.acceptsCalls()).as("open").isFalse();
        assertThat(guarded.acceptsCalls()).as("asking again does not change it").isFalse();
        assertThat(guarded.onTrial()).as("open before its delay: no call at all, not even a trial").isFalse();
        assertThat(upstream.calls).hasValue(4);

        // Once the delay has passed, trial calls may go: it says so without a call to move it on.
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(guarded::acceptsCalls);
        assertThat(guarded.onTrial()).as("past its delay: the next call is a trial").isTrue();
        assertThat(upstream.calls).hasValue(4);
        assertStillCalls(guarded, upstream);
        assertThat(guarded.onTrial()).as("the trial succeeded: closed again").isFalse();
    }

    @Test
    void aProviderWithoutABreakerAlwaysAcceptsCalls() {
        assertThat(new Upstream().acceptsCalls()).isTrue();
        assertThat(new Upstream().onTrial()).isFalse();
    }

    private static VideoRequest request() {
        return VideoRequest.builder("r-1", "veo3.1").prompt("x").build();
    }
}
