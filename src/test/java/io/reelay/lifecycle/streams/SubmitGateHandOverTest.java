package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelay.catalog.ModelCatalog;
import io.reelay.config.ReelayConfig;
import io.reelay.events.VideoRequested;
import io.reelay.events.VideoTaskEvent;
import io.reelay.intake.mapping.RequestMapper;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.lifecycle.submit.mapping.TaskEventFactory;
import io.reelay.observability.metrics.TrackerMetrics;
import io.reelay.upstream.budget.RateBudgets;
import io.smallrye.mutiny.Uni;

/**
 * A stream task that closes (its partition handed over, or the instance stopping) gives up the marks it wrote and
 * never called, and only those: a mark read back has its call under way, which answers for itself. An instance that
 * stops first lets the calls under way answer, granting no new one.
 */
class SubmitGateHandOverTest {

    private static final ReelayConfig SETTINGS = TrackerTestConfig.fixedPolling().build();
    private static final long T0 = Instant.parse("2026-12-04T10:00:00Z").toEpochMilli();

    private final Semaphore permits = new Semaphore(3);
    private final SubmitDrain drain = new SubmitDrain();
    private final SubmitGate gate = new SubmitGate(permits, new TrackerServices(
            new RequestIntake(new RequestValidator(ModelCatalog.load(), SETTINGS.validation())), name -> null,
            outcome -> Uni.createFrom().voidItem(), new TrackerMetrics(new SimpleMeterRegistry()),
            RateBudgets.unlimited()).withDrain(drain), SETTINGS);

    @Test
    void aStoppingInstanceGrantsNoNewSubmitAndWaitsUntilTheCallsUnderWayHaveTheirAnswersRecorded() throws Exception {
        drain.watch(new Semaphore(3), 3); // a topology the extension built and does not run: its pool stays full
        drain.watch(permits, 3);
        List.of("a", "b", "c").forEach(id -> gate.enqueue(id, intent(id), 0));
        assertThat(gate.readyToSend(T0)).containsExactly("a", "b", "c"); // three calls under way, each with a permit
        permits.release(); // a's answer is recorded
        var stopping = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return drain.drain(java.time.Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(drain::draining);
        assertThat(stopping).as("b's and c's calls are still under way").isNotDone();
        gate.enqueue("d", intent("d"), 0);
        assertThat(gate.readyToSend(T0 + 1_000)).as("nothing new is granted while the instance stops").isEmpty();
        permits.release(2); // b's and c's answers are recorded
        assertThat(stopping.get(5, java.util.concurrent.TimeUnit.SECONDS)).as("none left under way").isZero();
    }

    @Test
    void theStopWaitsNoLongerThanItsBoundForACallThatDoesNotAnswer() throws Exception {
        drain.watch(permits, 3);
        gate.enqueue("a", intent("a"), 0);
        assertThat(gate.readyToSend(T0)).containsExactly("a");
        long began = System.nanoTime();
        assertThat(drain.drain(java.time.Duration.ofMillis(300))).as("a's call, still under way").isEqualTo(1);
        assertThat((System.nanoTime() - began) / 1_000_000).isBetween(300L, 5_000L);
    }

    @Test
    void closingGivesUpTheMarksNotCalledWithTheirIntentsAndTheirPermits() {
        List.of("a", "b", "c", "d").forEach(id -> gate.enqueue(id, intent(id), 0));
        List<String> granted = gate.readyToSend(T0);
        assertThat(granted).as("one grant a permit").containsExactly("a", "b", "c");
        granted.forEach(id -> gate.marks().markWritten(id));
        assertThat(gate.marks().markCommitted("a", T0)).as("a's mark read back: its call goes out").isTrue();
        assertThat(gate.marks().markCommitted("b", T0)).isTrue();
        gate.marks().held("b"); // the circuit held b's call back: it never left

        SubmitGate.Uncalled uncalled = gate.close();

        assertThat(uncalled.unread()).as("c's mark was never read back; a's call is under way").containsOnlyKeys("c");
        assertThat(uncalled.heldBack()).as("b's call was held back: this process read its mark").containsOnlyKeys("b");
        assertThat(uncalled.unread().get("c").getRequest().getPrompt()).isEqualTo("a cat in a garden");
        assertThat(permits.availablePermits()).as("b's and c's permits back; a's held until its answer").isEqualTo(2);
        assertThat(gate.marks().markCommitted("c", T0)).as("read back after all: not this process's any more")
                .isFalse();
        assertThat(gate.marks().step("d")).as("queued, unmarked: stored as such, resumed from the store")
                .isNotNull();
    }

    @Test
    void aCallTheCircuitHoldsBackAfterItsStreamTaskClosedIsAnsweredNotSentAndGivesItsPermitBack() throws Exception {
        SubmitGate calling = callingGate();
        calling.enqueue("a", intent("a"), 0);
        assertThat(calling.readyToSend(T0)).containsExactly("a");
        calling.marks().markWritten("a");
        assertThat(calling.marks().markCommitted("a", T0)).isTrue();
        calling.send("a", io.opentelemetry.context.Context.root(), T0); // under way when the partition moves

        assertThat(calling.close().isEmpty()).as("a's call is under way: it answers for itself").isTrue();
        answer.completeExceptionally(new org.eclipse.microprofile.faulttolerance.exceptions
                .CircuitBreakerOpenException("open"));

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> permits.availablePermits() == 3);
        assertThat(recorded).as("the partition's owner reads an answer it retries; the call never left")
                .singleElement().satisfies(failed -> {
                    assertThat(failed.getType()).isEqualTo(io.reelay.events.VideoTaskEventType.submit_failed);
                    assertThat(failed.getFailureReason()).isEqualTo(io.reelay.events.FailureReason.upstream_unavailable);
                    assertThat(failed.getRetryable()).isTrue();
                    assertThat(failed.getFailureMessage()).contains("not sent");
                });
        assertThat(calling.marks().drainHeld()).as("nothing left for a stream thread that is gone").isEmpty();
    }

    @Test
    void aCallHeldBackWhileItsStreamTaskRunsStaysForItsQueueWithItsPermit() throws Exception {
        SubmitGate calling = callingGate();
        calling.close();
        calling.open(); // a revived stream task: the same processor, initialised again
        calling.enqueue("a", intent("a"), 0);
        assertThat(calling.readyToSend(T0)).containsExactly("a");
        calling.marks().markWritten("a");
        assertThat(calling.marks().markCommitted("a", T0)).isTrue();
        calling.send("a", io.opentelemetry.context.Context.root(), T0);
        answer.completeExceptionally(new org.eclipse.microprofile.faulttolerance.exceptions
                .CircuitBreakerOpenException("open"));

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> calling.holds("a") == 1);
        assertThat(calling.marks().drainHeld()).as("back to its queue on the next tick").containsExactly("a");
        assertThat(recorded).as("held back, not answered").isEmpty();
        assertThat(permits.availablePermits()).as("kept until its mark is withdrawn").isEqualTo(2);
    }

    /** What the calling gate's submit answers: the test's to give. */
    private final java.util.concurrent.CompletableFuture<io.reelay.upstream.SubmittedTask> answer =
            new java.util.concurrent.CompletableFuture<>();
    /** What the calling gate recorded as answers. */
    private final List<VideoTaskEvent> recorded = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A gate whose TokenLab calls answer {@link #answer} and whose answers go to {@link #recorded}. */
    private SubmitGate callingGate() {
        return new SubmitGate(permits, new TrackerServices(
                new RequestIntake(new RequestValidator(ModelCatalog.load(), SETTINGS.validation())),
                name -> new HeldBackProvider(answer), outcome -> {
                    recorded.add(outcome);
                    return Uni.createFrom().voidItem();
                }, new TrackerMetrics(new SimpleMeterRegistry()), RateBudgets.unlimited()), SETTINGS);
    }

    /** TokenLab behind a circuit breaker: the submit's outcome is the test's to give. */
    private record HeldBackProvider(java.util.concurrent.CompletableFuture<io.reelay.upstream.SubmittedTask> answer)
            implements io.reelay.upstream.VideoProvider {
        @Override
        public String name() {
            return "tokenlab";
        }

        @Override
        public Uni<io.reelay.upstream.SubmittedTask> submit(io.reelay.intake.VideoRequest request) {
            return Uni.createFrom().completionStage(answer);
        }

        @Override
        public Uni<io.reelay.upstream.TaskReport> poll(io.reelay.upstream.TaskHandle task) {
            return Uni.createFrom().failure(new IllegalStateException("no poll here"));
        }
    }

    @Test
    void aStreamTaskClosingWithNothingMarkedGivesNothingUp() {
        gate.enqueue("a", intent("a"), 0);
        assertThat(gate.close().isEmpty()).isTrue();
        assertThat(permits.availablePermits()).isEqualTo(3);
    }

    private static VideoTaskEvent intent(String id) {
        VideoRequested request = VideoRequested.newBuilder().setRequestId(id).setModel("veo3.1")
                .setOperation("text-to-video").setPrompt("a cat in a garden").setRequestedAt(Instant.ofEpochMilli(T0))
                .build();
        return TaskEventFactory.submitting(RequestMapper.toDomain(request), "tokenlab", Instant.ofEpochMilli(T0));
    }
}
