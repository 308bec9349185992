package io.reelay.faults;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.reelay.faults.TerminalEvents.Terminal;
import io.reelay.testing.webhooks.WebhookReceiver.Delivery;

/**
 * The webhooks through kills and a broker restart, as a consumer that dedupes on {@code webhook-id} sees them: every
 * terminal event of the run reached it, each under one webhook-id (so once after the dedupe), signed, its body the
 * event (the stored copies included); a repeat carries the same id and the same body. Raw repeats (at least once
 * through crashes) are counted, not refused. Beside it an endpoint that answers 500 to everything gets the same
 * events: it must be called, and the good one's delivery lag shows whether it held anything up.
 */
final class WebhookAudit extends ReportSection {

    /**
     * @param terminals the first terminal event of each request of the run, by request id
     * @param consumer every call the good endpoint got
     * @param broken every call the failing endpoint got
     */
    WebhookAudit(Map<String, Terminal> terminals, List<Delivery> consumer, List<Delivery> broken) {
        super("webhooks (a verifying consumer that dedupes on webhook-id, and an endpoint that answers 500):");
        List<String> unverified = new ArrayList<>();
        for (List<Delivery> calls : List.of(consumer, broken)) {
            calls.stream().filter(d -> !d.verified()).forEach(d -> unverified.add(d.webhookId() + " for "
                    + d.requestId()));
        }
        List<Delivery> good = consumer.stream().filter(Delivery::verified).toList();
        Map<String, List<Delivery>> byId = new LinkedHashMap<>();
        good.forEach(d -> byId.computeIfAbsent(String.valueOf(d.webhookId()), k -> new ArrayList<>()).add(d));
        Map<String, Set<String>> idsByEvent = new HashMap<>();
        List<String> idReused = new ArrayList<>();
        List<String> bodyChanged = new ArrayList<>();
        byId.forEach((id, calls) -> {
            Set<String> events = calls.stream().map(WebhookAudit::event).collect(Collectors.toSet());
            if (events.size() > 1) {
                idReused.add(id + " " + events);
            }
            if (calls.stream().map(Delivery::body).distinct().count() > 1) {
                bodyChanged.add(id + " (" + calls.get(0).requestId() + ")");
            }
            events.forEach(e -> idsByEvent.computeIfAbsent(e, k -> new TreeSet<>()).add(id));
        });
        Set<String> expected = terminals.values().stream().map(t -> t.requestId() + " " + t.type())
                .collect(Collectors.toCollection(TreeSet::new));
        List<String> missing = expected.stream().filter(e -> !idsByEvent.containsKey(e)).toList();
        List<String> unexpected = idsByEvent.keySet().stream().filter(e -> !expected.contains(e)).sorted().toList();
        List<String> severalIds = idsByEvent.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " under " + e.getValue()).sorted().toList();
        List<String> notTheEvent = new ArrayList<>();
        List<Long> lags = new ArrayList<>();
        byId.values().forEach(calls -> {
            Delivery first = calls.get(0);
            Terminal t = terminals.get(first.requestId());
            if (t == null || !t.type().equals(first.type())) {
                return; // counted as unexpected
            }
            if (!sameCopies(t, first)) {
                notTheEvent.add(first.requestId() + ": body " + first.mirrorStatus() + " " + first.storedKeys()
                        + ", event " + (t.mirror() == null ? null : t.mirror().status()) + " " + storedKeys(t));
            }
            if (t.writtenAt() > 0) {
                lags.add(calls.stream().mapToLong(Delivery::receivedAt).min().orElseThrow() - t.writtenAt());
            }
        });
        lags.sort(null);
        Set<String> brokenIds = broken.stream().map(Delivery::webhookId).collect(Collectors.toSet());

        row("terminal events of the run", expected.size());
        row("delivered to the consumer (distinct webhook-ids)", byId.size());
        row("  calls it got, repeats included", consumer.size());
        row("  raw repeats of a webhook-id (at least once through crashes)", good.size() - byId.size());
        row("  terminal events never delivered (must be 0)", missing.size());
        row("  events delivered that the run never wrote (must be 0)", unexpected.size());
        row("  events delivered under more than one webhook-id (must be 0)", severalIds.size());
        row("  a webhook-id for more than one event, or repeated with another body (must be 0)",
                idReused.size() + bodyChanged.size());
        row("  bodies whose stored copies differ from the event's (must be 0)", notTheEvent.size());
        row("  delivery lag after the event was written, p50 / p99 / max", lags.isEmpty() ? "n/a"
                : String.format("%.1f s / %.1f s / %.1f s", percentile(lags, 50) / 1000.0, percentile(lags, 99)
                        / 1000.0, lags.get(lags.size() - 1) / 1000.0));
        row("signatures that did not verify, either endpoint (must be 0)", unverified.size());
        row("calls to the endpoint answering 500 (retried all run)", broken.size());
        row("  distinct webhook-ids it was sent", brokenIds.size());

        check(missing.isEmpty(), "terminal events the webhook consumer never got: " + show(missing));
        check(unexpected.isEmpty(), "webhooks for events the run never wrote: " + show(unexpected));
        check(severalIds.isEmpty(), "events delivered under more than one webhook-id (a receiver that dedupes on it "
                + "sees them twice): " + show(severalIds));
        check(idReused.isEmpty(), "a webhook-id carried more than one event: " + show(idReused));
        check(bodyChanged.isEmpty(), "a webhook-id repeated with another body: " + show(bodyChanged));
        check(notTheEvent.isEmpty(), "webhook bodies whose stored copies are not the event's: " + show(notTheEvent));
        check(unverified.isEmpty(), "webhook signatures that did not verify: " + show(unverified));
        check(expected.isEmpty() || !broken.isEmpty(), "the endpoint answering 500 was never called");
    }

    private static String event(Delivery d) {
        return d.requestId() + " " + d.type();
    }

    private static boolean sameCopies(Terminal t, Delivery d) {
        String status = t.mirror() == null ? null : t.mirror().status();
        return Objects.equals(status, d.mirrorStatus()) && storedKeys(t).equals(d.storedKeys());
    }

    private static List<String> storedKeys(Terminal t) {
        if (t.mirror() == null) {
            return List.of();
        }
        return t.mirror().stored().stream().map(s -> s.key() + " " + s.sha256()).sorted().toList();
    }

    /** Nearest rank: the smallest value at or above {@code p} percent of them. */
    static long percentile(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static Set<String> events(Collection<Terminal> terminals) {
        return terminals.stream().map(t -> t.requestId() + " " + t.type()).collect(Collectors.toCollection(HashSet::new));
    }
}
