package io.reelay.api.rest;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.reelay.delivery.Endpoint;
import io.reelay.delivery.state.DeliveryState;
import jakarta.ws.rs.core.Response;

/**
 * The {@code deliveries} section of {@code GET /v1/requests/{id}}: each webhook delivery of the request's terminal
 * event with its attempts (time, status code or error, latency). A subscription's URL is the operator's and is not
 * shown; a callback's is the caller's own.
 */
final class DeliveriesView {

    private DeliveriesView() {
    }

    /** The answer with a {@code deliveries} array added to its JSON body (left as it is when there are none). */
    static Response withDeliveries(Response answer, ObjectMapper json, List<DeliveryState> deliveries) {
        if (deliveries.isEmpty() || answer.getStatus() != 200 || answer.getEntity() == null) {
            return answer;
        }
        ObjectNode body = json.valueToTree(answer.getEntity());
        ArrayNode out = body.putArray("deliveries");
        for (DeliveryState d : deliveries) {
            ObjectNode node = out.addObject()
                    .put("webhook_id", d.webhookId())
                    .put("event_type", d.eventType())
                    .put("endpoint", d.endpoint())
                    .put("status", d.status().name())
                    .put("attempt_count", d.attemptCount())
                    .put("replays", d.replays())
                    .put("next_attempt_at", d.nextAttemptAt() == null ? null : d.nextAttemptAt().toString());
            if (Endpoint.CALLBACK.equals(d.endpoint())) {
                node.put("url", d.url());
            }
            ArrayNode attempts = node.putArray("attempts");
            d.attempts().forEach(a -> attempts.addObject()
                    .put("at", a.at() == null ? null : a.at().toString())
                    .put("status_code", a.status() == 0 ? null : a.status())
                    .put("error", a.error())
                    .put("latency_ms", a.latencyMs()));
        }
        Response.ResponseBuilder built = Response.ok(body);
        answer.getStringHeaders().forEach((name, values) -> values.forEach(v -> built.header(name, v)));
        return built.build();
    }
}
