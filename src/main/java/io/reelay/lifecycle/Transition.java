package io.reelay.lifecycle;

import java.util.List;

/**
 * Where a request is after an input, and what to do about it.
 *
 * @param state its new state
 * @param effects what the processor does, in order; none when the input is ignored
 */
public record Transition(RequestState state, List<Effect> effects) {

    public Transition {
        effects = List.copyOf(effects);
    }

    static Transition to(RequestState state, Effect... effects) {
        return new Transition(state, List.of(effects));
    }

    /** The input changes nothing. */
    static Transition ignore(RequestState state) {
        return new Transition(state, List.of());
    }

    public boolean ignored() {
        return effects.isEmpty();
    }

    /** True when one of the effects ends the request. */
    public boolean ends() {
        return effects.stream().anyMatch(e -> e instanceof Effect.Complete || e instanceof Effect.Fail
                || e instanceof Effect.FailAsRefused);
    }

    public <T extends Effect> boolean has(Class<T> type) {
        return effects.stream().anyMatch(type::isInstance);
    }
}
