package io.reelay.api.limit;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.reelay.config.ReelayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Each configured client's own budgets: calls a minute and open event streams. Budgets exist only for the
 * configured client names (a caller is one of them once its key matched), so their number is bounded by the
 * configuration, never by what callers send. A name without a budget (the anonymous caller while authentication
 * is off) is not limited.
 */
@ApplicationScoped
public class ClientLimits {

    private final Map<String, CallBudget> calls = new ConcurrentHashMap<>();
    private final Map<String, StreamSlots> streams = new ConcurrentHashMap<>();

    @Inject
    ClientLimits(ReelayConfig config) {
        this(config.api().auth().enabled() ? limits(config.api()) : Map.of());
    }

    /** @param perClient client name to its (calls a minute, open streams) */
    ClientLimits(Map<String, Limit> perClient) {
        perClient.forEach((client, limit) -> {
            calls.put(client, new CallBudget(client, limit.callsPerMinute()));
            streams.put(client, new StreamSlots(limit.streams()));
        });
    }

    private static Map<String, Limit> limits(ReelayConfig.Api config) {
        Map<String, Limit> limits = new java.util.HashMap<>();
        config.auth().clients().forEach((name, client) -> limits.put(name, new Limit(
                client.callsPerMinute().orElse(config.limits().callsPerMinute()),
                client.streams().orElse(config.limits().streams()))));
        return limits;
    }

    /** Spends one of {@code client}'s calls: empty when allowed, else how long until the next one is. */
    public Optional<Duration> spendCall(String client) {
        CallBudget budget = client == null ? null : calls.get(client);
        return budget == null ? Optional.empty() : budget.spend();
    }

    /** One of {@code client}'s event stream slots, or empty when all are taken. */
    public Optional<StreamSlots.Slot> openStream(String client) {
        StreamSlots slots = client == null ? null : streams.get(client);
        return slots == null ? Optional.of(StreamSlots.Slot.UNLIMITED) : slots.take();
    }

    /** A client's budgets. */
    public record Limit(int callsPerMinute, int streams) {
    }
}
