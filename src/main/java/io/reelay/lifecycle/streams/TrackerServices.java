package io.reelay.lifecycle.streams;

import java.util.function.Function;

import io.reelay.kafka.EventSerdes;
import io.reelay.lifecycle.query.QueueBoard;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.lifecycle.submit.SubmitOutcomes;
import io.reelay.observability.metrics.TrackerMetrics;
import io.reelay.observability.tracing.TrackerTracing;
import io.reelay.upstream.VideoProvider;
import io.reelay.upstream.budget.RateBudgets;

/**
 * What the topology works with besides its settings.
 *
 * @param intake reads and validates request records
 * @param providers upstream provider by name
 * @param outcomes where submit answers are written
 * @param metrics where the tracker counts what it sees
 * @param budgets each provider's request rate budget (submits and polls)
 * @param serdes the wire format of the Avro topics (registry-less or registry mode); build {@code intake} with the
 *     same one
 * @param tracing where the tracker's spans start, and how a request's trace travels with it
 * @param guards the signatures on video.tasks, and the partition count that tells misplaced records
 * @param mirroring where completed videos are copied (off: they are not)
 * @param queues where each stream task shows the places of its waiting submits to the status API
 * @param calls where upstream calls are started (set up: the request built, its span and guards), with the trace
 *     current where each is handed over kept for the whole call: the event loops in the service
 *     ({@link EventLoopCalls}); at once, on the caller's thread, in topology tests
 * @param drain what lets the calls under way finish before the instance stops
 */
public record TrackerServices(RequestIntake intake, Function<String, VideoProvider> providers, SubmitOutcomes outcomes,
        TrackerMetrics metrics, RateBudgets budgets, EventSerdes serdes, TrackerTracing tracing, TrackerGuards guards,
        MirrorServices mirroring, QueueBoard queues, java.util.concurrent.Executor calls, SubmitDrain drain) {

    public TrackerServices(RequestIntake intake, Function<String, VideoProvider> providers, SubmitOutcomes outcomes,
            TrackerMetrics metrics, RateBudgets budgets, EventSerdes serdes, TrackerTracing tracing,
            TrackerGuards guards, MirrorServices mirroring) {
        this(intake, providers, outcomes, metrics, budgets, serdes, tracing, guards, mirroring, new QueueBoard(),
                Runnable::run, new SubmitDrain());
    }

    /** The same services, draining submits with {@code value} when the instance stops. */
    public TrackerServices withDrain(SubmitDrain value) {
        return new TrackerServices(intake, providers, outcomes, metrics, budgets, serdes, tracing, guards, mirroring,
                queues, calls, value);
    }

    /** The same services, showing the queues' places on {@code value}. */
    public TrackerServices withQueues(QueueBoard value) {
        return new TrackerServices(intake, providers, outcomes, metrics, budgets, serdes, tracing, guards, mirroring,
                value, calls, drain);
    }

    /** The same services, starting upstream calls on {@code value}. */
    public TrackerServices withCalls(java.util.concurrent.Executor value) {
        return new TrackerServices(intake, providers, outcomes, metrics, budgets, serdes, tracing, guards, mirroring,
                queues, value, drain);
    }

    public TrackerServices(RequestIntake intake, Function<String, VideoProvider> providers, SubmitOutcomes outcomes,
            TrackerMetrics metrics, RateBudgets budgets, EventSerdes serdes, TrackerTracing tracing,
            TrackerGuards guards) {
        this(intake, providers, outcomes, metrics, budgets, serdes, tracing, guards, MirrorServices.off());
    }

    /** The same services, copying completed videos with {@code value}. */
    public TrackerServices withMirroring(MirrorServices value) {
        return new TrackerServices(intake, providers, outcomes, metrics, budgets, serdes, tracing, guards, value,
                queues, calls, drain);
    }

    public TrackerServices(RequestIntake intake, Function<String, VideoProvider> providers, SubmitOutcomes outcomes,
            TrackerMetrics metrics, RateBudgets budgets, EventSerdes serdes, TrackerTracing tracing) {
        this(intake, providers, outcomes, metrics, budgets, serdes, tracing, TrackerGuards.forTests());
    }

    public TrackerServices(RequestIntake intake, Function<String, VideoProvider> providers, SubmitOutcomes outcomes,
            TrackerMetrics metrics, RateBudgets budgets, EventSerdes serdes) {
        this(intake, providers, outcomes, metrics, budgets, serdes, TrackerTracing.disabled());
    }

    public TrackerServices(RequestIntake intake, Function<String, VideoProvider> providers, SubmitOutcomes outcomes,
            TrackerMetrics metrics, RateBudgets budgets, TrackerTracing tracing) {
        this(intake, providers, outcomes, metrics, budgets, EventSerdes.singleObject(), tracing);
    }

    public TrackerServices(RequestIntake intake, Function<String, VideoProvider> providers, SubmitOutcomes outcomes,
            TrackerMetrics metrics, RateBudgets budgets) {
        this(intake, providers, outcomes, metrics, budgets, EventSerdes.singleObject(), TrackerTracing.disabled());
    }

    public TrackerServices(RequestIntake intake, Function<String, VideoProvider> providers, SubmitOutcomes outcomes,
            TrackerMetrics metrics) {
        this(intake, providers, outcomes, metrics, RateBudgets.unlimited());
    }
}
