package io.reelay.delivery.state;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every delivery this instance has read from the state topic (or written itself), by key and by request: what
 * {@code GET /v1/requests/{id}} shows and what a restarted worker resumes. Only newer revisions replace a state.
 */
public final class DeliveryStore {

    private final Map<String, DeliveryState> byKey = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byRequest = new ConcurrentHashMap<>();
    private final Map<String, SubscriptionState> subscriptions = new ConcurrentHashMap<>();

    /** Takes a subscription's record if it is newer than the one held; true when it did. */
    public boolean apply(SubscriptionState state) {
        boolean[] taken = {false};
        subscriptions.compute(state.subscription(), (k, old) -> {
            if (old != null && old.revision() >= state.revision()) {
                return old;
            }
            taken[0] = true;
            return state;
        });
        return taken[0];
    }

    /** The latest record of a subscription's disabling or enabling, if any was ever written. */
    public Optional<SubscriptionState> subscription(String name) {
        return Optional.ofNullable(subscriptions.get(name));
    }

    /** Takes {@code state} if it is newer than the one held; true when it did. */
    public boolean apply(DeliveryState state) {
        boolean[] taken = {false};
        byKey.compute(state.key(), (k, old) -> {
            if (old != null && old.revision() >= state.revision()) {
                return old;
            }
            taken[0] = true;
            return state;
        });
        if (taken[0]) {
            byRequest.computeIfAbsent(state.requestId(), r -> ConcurrentHashMap.newKeySet()).add(state.key());
        }
        return taken[0];
    }

    /** Forgets a key (a tombstone on the state topic). */
    public void remove(String key) {
        if (key.startsWith(SubscriptionState.KEY_PREFIX)) {
            subscriptions.remove(key.substring(SubscriptionState.KEY_PREFIX.length()));
            return;
        }
        DeliveryState old = byKey.remove(key);
        if (old != null) {
            Set<String> keys = byRequest.get(old.requestId());
            if (keys != null) {
                keys.remove(key);
            }
        }
    }

    public Optional<DeliveryState> get(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** A request's deliveries, by endpoint name. */
    public List<DeliveryState> ofRequest(String requestId) {
        Set<String> keys = byRequest.getOrDefault(requestId, Set.of());
        return keys.stream().map(byKey::get).filter(s -> s != null)
                .sorted(Comparator.comparing(DeliveryState::eventType).thenComparing(DeliveryState::endpoint))
                .toList();
    }

    /** Every delivery still waiting for an attempt. */
    public List<DeliveryState> pending() {
        return byKey.values().stream().filter(s -> !s.terminal()).toList();
    }
}
