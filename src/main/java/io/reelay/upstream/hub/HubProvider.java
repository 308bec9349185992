package io.reelay.upstream.hub;

import io.reelay.request.VideoRequest;
import io.reelay.upstream.SameHostUrls;
import io.reelay.upstream.UpstreamBounds;
import io.reelay.upstream.SubmittedTask;
import io.reelay.upstream.TaskHandle;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamError;
import io.reelay.upstream.UpstreamException;
import io.reelay.upstream.UpstreamException.Kind;
import io.reelay.upstream.UpstreamHttp;
import io.reelay.upstream.UpstreamHttp.Answer;
import io.reelay.upstream.UpstreamHttp.Outgoing;
import io.reelay.upstream.VideoProvider;
import io.reelay.upstream.telemetry.UpstreamTelemetry;
import io.reelay.upstream.telemetry.UpstreamTelemetry.Endpoint;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * The hub video gateway ({@code POST /hub/v1/video}, {@code GET /hub/v1/tasks/{taskId}}). Non-blocking;
 * every call has its own deadline. The key is only ever sent to the configured base URL.
 */
public class HubProvider implements VideoProvider {

    public static final String NAME = "hub";
    static final String SUBMIT_PATH = "/hub/v1/video";
    static final String TASKS_PATH = "/hub/v1/tasks/";
    static final String NOT_CONFIGURED = "provider_not_configured";

    private final UpstreamHttp http;
    private final HubSettings settings;

    public HubProvider(WebClient client, HubSettings settings) {
        this(client, settings, UpstreamTelemetry.disabled());
    }

    public HubProvider(WebClient client, HubSettings settings, UpstreamTelemetry telemetry) {
        this.http = new UpstreamHttp(client, settings.apiKey(), NAME, telemetry);
        this.settings = settings;
    }

    /** Closes the HTTP client; the provider cannot be used afterwards. */
    public void close() {
        http.close();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<SubmittedTask> submit(VideoRequest request) {
        if (settings.baseUrl().isEmpty()) {
            return Uni.createFrom().failure(notConfigured());
        }
        String base = settings.baseUrl().get();
        return http.call(Endpoint.SUBMIT, settings.submitTimeout(), true, () -> {
            String body = HubRequestBody.of(request);
            HttpRequest<Buffer> post = http.client().postAbs(SameHostUrls.append(base, SUBMIT_PATH))
                    .putHeader("Content-Type", "application/json");
            if (request.requestId() != null) {
                post.putHeader("X-Request-Id", request.requestId());
            }
            return new Outgoing(post, Buffer.buffer(body));
        }).map(response -> http.read(response, true, r -> readSubmit(r, base)));
    }

    /**
     * Always polls the canonical URL built from the task id and the current base: the hub hands out
     * no poll URLs, so a stored one is only ever Reelay's own, and a moved base must still work.
     */
    @Override
    public Uni<TaskReport> poll(TaskHandle task) {
        if (settings.baseUrl().isEmpty()) {
            return Uni.createFrom().failure(notConfigured());
        }
        return http.call(Endpoint.POLL, settings.pollTimeout(), false, () -> {
            UpstreamHttp.requireUsableTaskId(task.upstreamTaskId());
            return new Outgoing(http.client().getAbs(taskUrl(settings.baseUrl().get(), task.upstreamTaskId())), null);
        }).map(response -> http.read(response, false, this::readPoll));
    }

    static String taskUrl(String base, String taskId) {
        return SameHostUrls.append(base, TASKS_PATH + UpstreamHttp.pathSegment(taskId));
    }

    SubmittedTask readSubmit(Answer response, String base) {
        if (!response.isSuccess()) {
            throw errorAnswer(response, true);
        }
        HubTaskParser.SubmitAnswer answer = HubTaskParser.parseSubmit(http.jsonObject(response, true));
        if (answer.taskId() == null) {
            // The task may well exist; without its id we cannot find it, and resending could pay twice.
            throw http.noAnswer(response.status(), "submit answer has no task id", true);
        }
        if (!UpstreamBounds.usableTaskId(answer.taskId())) {
            throw http.unusableTaskId(response.status(), answer.taskId());
        }
        return new SubmittedTask(answer.taskId(), taskUrl(base, answer.taskId()), answer.status());
    }

    TaskReport readPoll(Answer response) {
        if (!response.isSuccess()) {
            throw errorAnswer(response, false);
        }
        return HubTaskParser.parseTask(http.jsonObject(response, false));
    }

    /**
     * On submit, a 5xx whose body is no JSON error may come from a proxy in front of the hub that
     * forwarded the request: the task may exist, so the outcome is unknown, as for TokenLab.
     */
    UpstreamException errorAnswer(Answer response, boolean submit) {
        HubErrors.ErrorAnswer answer = HubErrors.parse(response.status(), response.body(),
                response.retryAfter());
        UpstreamError e = answer.error();
        boolean unknownOutcome = submit && response.status() >= 500 && !answer.recognised();
        return new UpstreamException(unknownOutcome ? Kind.NO_ANSWER : Kind.ERROR_ANSWER,
                http.redact(new UpstreamError(e.httpStatus(), e.code(), e.type(), e.message(), e.param(),
                        e.retryable() && !unknownOutcome, e.retryAfter())), null);
    }

    /** Nothing was sent, so the call certainly had no effect: an error answer, not an unknown outcome. */
    private static UpstreamException notConfigured() {
        return new UpstreamException(Kind.ERROR_ANSWER, new UpstreamError(null, NOT_CONFIGURED, null,
                "reelay.hub.base-url is not configured", null, false, null), null);
    }
}
