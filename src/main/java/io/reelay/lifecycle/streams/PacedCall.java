package io.reelay.lifecycle.streams;

import java.time.Duration;
import java.util.concurrent.Executor;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import io.smallrye.mutiny.Uni;

/** An upstream call (submit or poll) held until its paced moment ({@code RateBudgets.callWait}), off the stream thread. */
final class PacedCall {

    private PacedCall() {
    }

    /**
     * The call, subscribed to after {@code waitMs} (at once when it is not positive) on {@code calls}, with the
     * caller's trace: the call's span joins the request's trace on whichever thread it starts. The trace is current
     * where {@code calls} is handed the call, which keeps it for the call ({@link EventLoopCalls}, or the caller's
     * own thread in topology tests); after a wait that is the timer's thread, where it is made current for the
     * hand-over.
     */
    static <T> Uni<T> after(Uni<T> call, long waitMs, Executor calls) {
        Context trace = Context.current();
        Executor traced = task -> {
            try (Scope ignored = trace.makeCurrent()) {
                calls.execute(task);
            }
        };
        return waitMs <= 0 ? call.runSubscriptionOn(traced)
                : Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(waitMs))
                        .emitOn(traced).onItem().transformToUni(ignored -> call);
    }
}
