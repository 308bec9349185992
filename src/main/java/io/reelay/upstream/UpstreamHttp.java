package io.reelay.upstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.reelay.upstream.UpstreamException.Kind;
import io.reelay.upstream.telemetry.UpstreamTelemetry;
import io.reelay.upstream.telemetry.UpstreamTelemetry.Endpoint;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP plumbing every provider shares: one deadline per call, the bearer key, no redirects, and
 * the "no usable answer" classification. Provider-specific paths, bodies and error formats stay in
 * the providers.
 */
public final class UpstreamHttp {

    private final WebClient client;
    private final Optional<String> apiKey;
    private final String provider;
    private final UpstreamTelemetry telemetry;

    /**
     * @param provider the provider's name, as tagged on the calls' metrics
     * @param telemetry where each call is recorded
     */
    public UpstreamHttp(WebClient client, Optional<String> apiKey, String provider, UpstreamTelemetry telemetry) {
        this.client = client;
        this.apiKey = ProviderSettings.apiKey(apiKey);
        this.provider = provider;
        this.telemetry = telemetry;
    }

    public WebClient client() {
        return client;
    }

    public void close() {
        client.close();
    }

    /**
     * Sends with the key (when configured) and a deadline on the whole call, and records it as a call
     * to {@code endpoint}; {@code body} may be null.
     */
    public Uni<HttpResponse<Buffer>> send(Endpoint endpoint, HttpRequest<Buffer> http, Duration timeout, Buffer body) {
        // Redirects could carry the Authorization header to another host; no provider documents one.
        http.followRedirects(false).timeout(timeout.toMillis());
        apiKey.ifPresent(key -> http.putHeader("Authorization", "Bearer " + key));
        return telemetry.observe(provider, endpoint, http, () -> {
            Uni<HttpResponse<Buffer>> sent = body == null ? http.send() : http.sendBuffer(body);
            // Vert.x's timeout restarts whenever bytes arrive; this one bounds the whole call.
            return sent.ifNoItem().after(timeout)
                    .failWith(() -> new TimeoutException("no answer within " + timeout));
        });
    }

    public static boolean isSuccess(HttpResponse<Buffer> response) {
        return response.statusCode() >= 200 && response.statusCode() < 300;
    }

    /** An id as one URL path segment: a task id can never add a path or a query. */
    public static String pathSegment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The body as a JSON object; anything else is no usable answer. */
    public JsonNode jsonObject(HttpResponse<Buffer> response, boolean submit) {
        String body = response.bodyAsString();
        String problem = "not a JSON object";
        try {
            JsonNode node = body == null ? null : UpstreamJson.MAPPER.readTree(body);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            // Jackson quotes the offending token; keep the message, drop the exception that carries it.
            problem = e.getOriginalMessage();
        }
        throw noAnswer(response.statusCode(), "malformed JSON answer: " + problem, submit);
    }

    /** A submit without an answer may have created (and charged) a task, so it is never marked retryable. */
    public UpstreamException noAnswer(Integer httpStatus, String message, boolean submit) {
        return new UpstreamException(Kind.NO_ANSWER,
                new UpstreamError(httpStatus, null, null, redact(message), null, !submit, null), null);
    }

    /** A call that failed without an HTTP answer: timeout, refused or reset connection. */
    public UpstreamException noAnswer(Throwable failure, boolean submit) {
        String message = failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException
                ? "timed out" : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return new UpstreamException(Kind.NO_ANSWER,
                new UpstreamError(null, null, null, redact(message), null, !submit, null), failure);
    }

    /** The error with the key taken out of every text field. */
    public UpstreamError redact(UpstreamError e) {
        return new UpstreamError(e.httpStatus(), redact(e.code()), redact(e.type()), redact(e.message()),
                redact(e.param()), e.retryable(), e.retryAfter());
    }

    public String redact(String text) {
        return ProviderSettings.redact(text, apiKey);
    }
}
