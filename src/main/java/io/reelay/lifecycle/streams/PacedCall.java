package io.reelay.lifecycle.streams;

import java.time.Duration;

import io.smallrye.mutiny.Uni;

/** An upstream call (submit or poll) held until its paced moment ({@code RateBudgets.callWait}), off the stream thread. */
final class PacedCall {

    private PacedCall() {
    }

    /** The call, subscribed to after {@code waitMs} (at once when it is not positive). */
    static <T> Uni<T> after(Uni<T> call, long waitMs) {
        return waitMs <= 0 ? call : Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(waitMs))
                .onItem().transformToUni(ignored -> call);
    }
}
