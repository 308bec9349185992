package io.reelay.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelay.intake.VideoRequest;
import io.reelay.upstream.UpstreamException.Kind;
import io.reelay.upstream.UpstreamHttp.Answer;
import io.reelay.upstream.UpstreamHttp.Outgoing;
import io.reelay.observability.telemetry.UpstreamTelemetry;
import io.reelay.observability.telemetry.UpstreamTelemetry.Endpoint;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The one skeleton of an upstream video API client. It does what every upstream needs alike: JSON
 * bodies to the configured base URL only, the key on those calls only (through {@link UpstreamHttp}:
 * one deadline per call, no redirects, a bounded answer, failures classified, every call recorded), a
 * poll URL only ever on the configured origin, and error answers turned into {@link UpstreamException}s.
 * A provider is the small part that differs, its contract: the paths, the request body, how its
 * answers and its errors read, and (if it has them) which poll URLs it hands out and whether it cancels.
 *
 * <p>Every call fails its Uni rather than throwing: a {@link LocalCallException} when it was never sent,
 * else an {@link UpstreamException}.
 */
public abstract class ProviderClient implements VideoProvider {

    /** The code of a call to a provider without a base URL: nothing was sent. */
    public static final String NOT_CONFIGURED = "provider_not_configured";

    /**
     * The fields of a submit answer that the skeleton needs; each may be null.
     *
     * @param taskId the upstream's task id, as written (the skeleton refuses an unusable one)
     * @param pollUrl the poll URL the upstream handed out, as written, or null
     * @param status the status in the answer, cut to 64 characters
     */
    public record SubmitFields(String taskId, String pollUrl, String status) {
    }

    private final String name;
    private final UpstreamHttp http;
    private final Optional<String> baseUrl;
    private final String baseUrlProperty;
    private final Duration submitTimeout;
    private final Duration pollTimeout;

    private final boolean keyed;

    /**
     * @param baseUrl the configured base URL, checked here; empty when the provider is not configured (every call
     *     then fails at once with {@link #NOT_CONFIGURED}, naming {@code baseUrlProperty})
     * @param apiKey the configured key; a blank one (an empty environment variable) means no key
     * @throws IllegalArgumentException naming {@code baseUrlProperty} when the base URL is not an http(s) URL with a
     *     host: the service does not start
     */
    protected ProviderClient(String name, WebClient client, Optional<String> baseUrl, String baseUrlProperty,
            Optional<String> apiKey, Duration submitTimeout, Duration pollTimeout, UpstreamTelemetry telemetry) {
        this.name = Objects.requireNonNull(name, "name");
        Optional<String> key = ProviderSettings.apiKey(apiKey);
        this.keyed = key.isPresent();
        this.baseUrl = baseUrl.map(url -> ProviderSettings.baseUrl(url, baseUrlProperty));
        this.baseUrlProperty = baseUrlProperty;
        this.submitTimeout = Objects.requireNonNull(submitTimeout, "submitTimeout");
        this.pollTimeout = Objects.requireNonNull(pollTimeout, "pollTimeout");
        this.http = new UpstreamHttp(client, key, name, telemetry);
    }

    // ---- the contract: what each provider says

    /** Path of the submit call, e.g. {@code /v1/videos/generations}. */
    protected abstract String submitPath();

    /** Path of a task up to its id, e.g. {@code /v1/tasks/}: the canonical poll (and cancel) URL. */
    protected abstract String tasksPath();

    /** The submit's JSON body. Anything it throws fails the submit as not sent. */
    protected abstract String submitBody(VideoRequest request);

    /** Reads a submit answer (a JSON object). */
    protected abstract SubmitFields readSubmitAnswer(JsonNode answer);

    /**
     * Reads a task (a JSON object): what a poll saw. A report that ends the task on an answer the provider did
     * not fully understand carries a non-null {@link TaskReport#upstreamAnswer()} (e.g. {@link UpstreamAnswer#of});
     * the skeleton then keeps the whole answer, redacted.
     */
    protected abstract TaskReport readTask(JsonNode task);

    /** Reads an error answer, with its meaning from the provider's error table. Never fails. */
    protected abstract ErrorAnswer readError(int httpStatus, String body, String retryAfterHeader);

    /** Whether the upstream cancels tasks ({@code DELETE} on the task's canonical URL). */
    protected boolean cancels() {
        return false;
    }

    /**
     * The URL to poll a task at. By default its canonical URL on the current base, so that a moved base
     * still works; a provider that hands out poll URLs may prefer the task's own when it is on the base's origin.
     */
    protected String pollUrl(String base, TaskHandle task) {
        UpstreamHttp.requireUsableTaskId(task.upstreamTaskId());
        return taskUrl(base, task.upstreamTaskId());
    }

    /** The poll URL to keep for a task just created: by default its canonical one. */
    protected String pollUrlOf(String base, SubmitFields answer) {
        return taskUrl(base, answer.taskId());
    }

    // ---- the skeleton

    @Override
    public final String name() {
        return name;
    }

    /** Whether a base URL is configured; without one every call fails at once with {@link #NOT_CONFIGURED}. */
    public final boolean configured() {
        return baseUrl.isPresent();
    }

    /** Never shows the key: a provider may end up in a log. */
    @Override
    public String toString() {
        return name + "[baseUrl=" + baseUrl.orElse("<not configured>") + ", apiKey="
                + (keyed ? "***" : "<none>") + ", submitTimeout=" + submitTimeout + ", pollTimeout=" + pollTimeout
                + "]";
    }

    /** Closes the HTTP client; the provider cannot be used afterwards. */
    public void close() {
        http.close();
    }

    /** The task's canonical URL: the base, the tasks path, the id as one path segment. */
    protected final String taskUrl(String base, String taskId) {
        return SameHostUrls.append(base, tasksPath() + UpstreamHttp.pathSegment(taskId));
    }

    @Override
    public Uni<SubmittedTask> submit(VideoRequest request) {
        if (baseUrl.isEmpty()) {
            return Uni.createFrom().failure(notConfigured());
        }
        String base = baseUrl.get();
        return http.call(Endpoint.SUBMIT, submitTimeout, true, () -> {
            String body = submitBody(request);
            HttpRequest<Buffer> post = http.client().postAbs(SameHostUrls.append(base, submitPath()))
                    .putHeader("Content-Type", "application/json");
            if (request.requestId() != null) {
                post.putHeader("X-Request-Id", request.requestId());
            }
            return new Outgoing(post, Buffer.buffer(body));
        }).map(response -> http.read(response, true, this::readSubmit));
    }

    @Override
    public Uni<TaskReport> poll(TaskHandle task) {
        if (baseUrl.isEmpty()) {
            return Uni.createFrom().failure(notConfigured());
        }
        return http.call(Endpoint.POLL, pollTimeout, false,
                        () -> new Outgoing(http.client().getAbs(pollUrl(baseUrl.get(), task)), null))
                .map(response -> http.read(response, false, this::readPoll));
    }

    /** A refusal (the upstream does not cancel this task) is an ERROR_ANSWER. */
    @Override
    public Uni<Void> cancel(TaskHandle task) {
        if (!cancels()) {
            return VideoProvider.super.cancel(task);
        }
        if (baseUrl.isEmpty()) {
            return Uni.createFrom().failure(notConfigured());
        }
        return http.call(Endpoint.CANCEL, pollTimeout, false,
                        () -> new Outgoing(http.client().deleteAbs(taskUrl(baseUrl.get(), task.upstreamTaskId())), null))
                .map(response -> http.read(response, false, r -> {
                    if (!r.isSuccess()) {
                        throw errorAnswer(r, false);
                    }
                    return (Void) null;
                }));
    }

    /** Reads a submit answer: the task, or why there is none. Plain values, so it is tested without HTTP. */
    public SubmittedTask readSubmit(Answer response) {
        if (!response.isSuccess()) {
            throw errorAnswer(response, true);
        }
        SubmitFields answer = readSubmitAnswer(http.jsonObject(response, true));
        if (answer.taskId() == null) {
            // The task may well exist; without its id we cannot find it, and resending would pay twice.
            throw http.noAnswer(response.status(), "submit answer has no task id", true);
        }
        if (!UpstreamBounds.usableTaskId(answer.taskId())) {
            throw http.unusableTaskId(response.status(), answer.taskId());
        }
        return new SubmittedTask(answer.taskId(), pollUrlOf(baseUrl.orElseThrow(), answer), answer.status());
    }

    /** Reads a poll answer. Plain values, so it is tested without HTTP. */
    public TaskReport readPoll(Answer response) {
        if (!response.isSuccess()) {
            throw errorAnswer(response, false);
        }
        JsonNode task = http.jsonObject(response, false);
        TaskReport report = readTask(task);
        // The parser says whether the answer needs keeping; the skeleton keeps it with the key taken out of the
        // whole answer before it is cut, so no part of a key echoed by the upstream survives on an event.
        return report.upstreamAnswer() == null ? report
                : report.withUpstreamAnswer(UpstreamAnswer.of(task, http::redact));
    }

    /**
     * An error answer as a failure. On submit, a 5xx that is not the upstream's own error comes from
     * something in front of it (a proxy, a load balancer) that may have forwarded the request: the task
     * may exist, so the outcome is unknown and the submit is not retryable.
     */
    UpstreamException errorAnswer(Answer response, boolean submit) {
        ErrorAnswer answer = readError(response.status(), response.body(), response.retryAfter());
        UpstreamError e = answer.error();
        boolean unknownOutcome = submit && response.status() >= 500 && !answer.fromUpstream();
        return new UpstreamException(unknownOutcome ? Kind.NO_ANSWER : Kind.ERROR_ANSWER, answer.meaning(),
                http.redact(new UpstreamError(e.httpStatus(), e.code(), e.type(), e.message(), e.param(),
                        e.retryable() && !unknownOutcome, e.retryAfter())), null);
    }

    /** Nothing was sent, so the call certainly had no effect: an error answer, not an unknown outcome. */
    private UpstreamException notConfigured() {
        return new UpstreamException(Kind.ERROR_ANSWER, FailureClass.REFUSED, new UpstreamError(null,
                NOT_CONFIGURED, null, baseUrlProperty + " is not configured", null, false, null), null);
    }
}
