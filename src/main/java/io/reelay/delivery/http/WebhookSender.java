package io.reelay.delivery.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import io.reelay.delivery.retry.RetryAfter;
import io.reelay.delivery.signing.WebhookSigner;
import io.reelay.intake.validation.CallbackUrlPolicy;

/**
 * Posts one signed delivery. The URL is checked again here, at send time (a request's callback_url was checked at
 * admission, but the policy or the subscription may have changed since); redirects are never followed; the answer's
 * body is discarded unread; nothing but the webhook headers is sent (no Reelay credential, no cookie).
 */
public final class WebhookSender {

    private static final String USER_AGENT = "Reelay-Webhooks/1";
    private static final int MAX_ERROR = 200;

    private final HttpClient client;
    private final CallbackUrlPolicy policy;
    private final Duration timeout;
    private final Clock clock;

    public WebhookSender(CallbackUrlPolicy policy, Duration timeout, Executor executor, Clock clock) {
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .executor(executor)
                .build();
        this.policy = policy;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Sends {@code body} to {@code url} signed by {@code signer}; the future always completes with an attempt. */
    public CompletableFuture<Attempt> send(String url, String webhookId, String body, WebhookSigner signer) {
        Instant start = clock.instant();
        Optional<String> refusal = policy.refusal(url);
        if (refusal.isPresent()) {
            return CompletableFuture.completedFuture(new Attempt(start, 0,
                    cut(Attempt.REFUSED_PREFIX + refusal.get()), Duration.ZERO, Optional.empty()));
        }
        long timestamp = start.getEpochSecond();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout)
                    .header("content-type", "application/json")
                    .header("user-agent", USER_AGENT)
                    .header("webhook-id", webhookId)
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", signer.sign(webhookId, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new Attempt(start, 0,
                    cut(Attempt.REFUSED_PREFIX + e.getClass().getSimpleName()), Duration.ZERO, Optional.empty()));
        }
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> {
                    Instant end = clock.instant();
                    Duration latency = Duration.between(start, end);
                    if (failure != null) {
                        return new Attempt(start, 0, describe(failure), latency, Optional.empty());
                    }
                    Optional<Duration> retryAfter = RetryAfter.parse(
                            response.headers().firstValue("retry-after").orElse(null), end);
                    return new Attempt(start, response.statusCode(), null, latency, retryAfter);
                });
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof HttpConnectTimeoutException) {
            return "connect timeout";
        }
        if (cause instanceof HttpTimeoutException) {
            return "timeout";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        if (cause instanceof IOException) {
            return cut("connection error: " + (cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : cause.getMessage()));
        }
        return cut("error: " + cause.getClass().getSimpleName());
    }

    private static String cut(String text) {
        return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR - 3) + "...";
    }
}
