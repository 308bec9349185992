package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.stream.IntStream;

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
import io.reelay.upstream.budget.ModelBudgets;
import io.reelay.upstream.budget.RateBudgets;
import io.smallrye.mutiny.Uni;

/**
 * Submits are granted no faster than their calls can leave: while granted calls wait for their marks to be read back,
 * the next grants wait in the queue (where priority and fairness order them), not behind the pacer in the order
 * granted.
 */
class SubmitGatePacingTest {

    private static final ReelayConfig SETTINGS = TrackerTestConfig.fixedPolling().build();
    private static final long T0 = Instant.parse("2026-12-03T10:00:00Z").toEpochMilli();

    @Test
    void grantsStopWhileTheCallsGrantedButNotSentFillThePacersBurst() {
        // 600 a minute: the pacer lets 40 calls (4 s of the rate) leave at once.
        RateBudgets budgets = new RateBudgets(Map.of("tokenlab", 600), ModelBudgets.none(), 0.2);
        var intake = new RequestIntake(new RequestValidator(ModelCatalog.load(), SETTINGS.validation()));
        var services = new TrackerServices(intake, name -> null, outcome -> Uni.createFrom().voidItem(),
                new TrackerMetrics(new SimpleMeterRegistry()), budgets);
        SubmitGate gate = new SubmitGate(new Semaphore(1_000), services, SETTINGS);
        IntStream.range(0, 100).forEach(i -> gate.enqueue("r-" + i, intent("r-" + i), 0));
        assertThat(budgets.callsLeavingAtOnce("tokenlab", T0)).isEqualTo(40);

        List<String> first = gate.readyToSend(T0);
        first.forEach(id -> gate.marks().markWritten(id)); // their marks are on their way back
        assertThat(first).as("the budget's burst, less what polls keep").isNotEmpty().hasSizeLessThan(40);

        // 10 s later the budget holds a burst again, but the first calls have not gone: only the pacer's rest is granted.
        List<String> second = gate.readyToSend(T0 + 10_000);
        assertThat(second).hasSize(40 - first.size())
                .containsExactlyElementsOf(IntStream.range(first.size(), 40).mapToObj(i -> "r-" + i).toList());
        second.forEach(id -> gate.marks().markWritten(id));
        assertThat(gate.readyToSend(T0 + 20_000)).as("nothing more until some are sent").isEmpty();

        // Read back and sent (paced): the burst they used refills with time, and grants go on.
        List.copyOf(first).forEach(id -> {
            gate.marks().markCommitted(id);
            budgets.callWait("tokenlab", T0 + 20_000);
        });
        assertThat(gate.readyToSend(T0 + 20_000)).as("the first ones left at once: their room is taken").isEmpty();
        assertThat(gate.readyToSend(T0 + 30_000)).as("10 s on, the pacer's burst again, less those still unsent")
                .hasSize(first.size());
    }

    private static VideoTaskEvent intent(String id) {
        VideoRequested request = VideoRequested.newBuilder().setRequestId(id).setModel("veo3.1")
                .setOperation("text-to-video").setPrompt("a cat in a garden").setRequestedAt(Instant.ofEpochMilli(T0))
                .setTenant("heavy").build();
        return TaskEventFactory.submitting(RequestMapper.toDomain(request), "tokenlab", Instant.ofEpochMilli(T0));
    }
}
