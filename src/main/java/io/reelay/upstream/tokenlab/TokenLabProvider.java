package io.reelay.upstream.tokenlab;

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
import io.reelay.upstream.UpstreamJson;
import io.reelay.upstream.VideoProvider;
import io.reelay.upstream.telemetry.UpstreamTelemetry;
import io.reelay.upstream.telemetry.UpstreamTelemetry.Endpoint;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import org.jboss.logging.Logger;

/**
 * The TokenLab unified video API ({@code POST /v1/videos/generations}, {@code GET /v1/tasks/{id}}).
 * Non-blocking; every call has its own deadline. The key is only sent to the configured base URL's origin.
 */
public class TokenLabProvider implements VideoProvider {

    public static final String NAME = "tokenlab";
    static final String SUBMIT_PATH = "/v1/videos/generations";
    static final String TASKS_PATH = "/v1/tasks/";

    private static final Logger LOG = Logger.getLogger(TokenLabProvider.class);

    private final UpstreamHttp http;
    private final TokenLabSettings settings;

    public TokenLabProvider(WebClient client, TokenLabSettings settings) {
        this(client, settings, UpstreamTelemetry.disabled());
    }

    public TokenLabProvider(WebClient client, TokenLabSettings settings, UpstreamTelemetry telemetry) {
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
        return http.call(Endpoint.SUBMIT, settings.submitTimeout(), true, () -> {
            String body = TokenLabRequestBody.of(request, UpstreamJson.MAPPER).toString();
            HttpRequest<Buffer> post = http.client().postAbs(SameHostUrls.append(settings.baseUrl(), SUBMIT_PATH))
                    .putHeader("Content-Type", "application/json");
            if (request.requestId() != null) {
                post.putHeader("X-Request-Id", request.requestId());
            }
            return new Outgoing(post, Buffer.buffer(body));
        }).map(response -> http.read(response, true, this::readSubmit));
    }

    @Override
    public Uni<TaskReport> poll(TaskHandle task) {
        return http.call(Endpoint.POLL, settings.pollTimeout(), false,
                        () -> new Outgoing(http.client().getAbs(pollTarget(task)), null))
                .map(response -> http.read(response, false, this::readPoll));
    }

    /** TokenLab honours it for queued Seedance tasks only; elsewhere it answers 400 or 409, an ERROR_ANSWER. */
    @Override
    public Uni<Void> cancel(TaskHandle task) {
        return http.call(Endpoint.CANCEL, settings.pollTimeout(), false,
                        () -> new Outgoing(http.client().deleteAbs(canonicalTaskUrl(task.upstreamTaskId())), null))
                .map(response -> http.read(response, false, r -> {
                    if (!r.isSuccess()) {
                        throw errorAnswer(r, false);
                    }
                    return (Void) null;
                }));
    }

    /** The handle's poll URL when it is on the configured origin, else the canonical task URL. */
    String pollTarget(TaskHandle task) {
        UpstreamHttp.requireUsableTaskId(task.upstreamTaskId());
        String pollUrl = task.pollUrl();
        if (pollUrl != null && SameHostUrls.sameOrigin(settings.baseUrl(), pollUrl)) {
            return pollUrl;
        }
        if (pollUrl != null) {
            LOG.warnf("Ignoring poll URL of task %s: not on the configured TokenLab host", task.upstreamTaskId());
        }
        return canonicalTaskUrl(task.upstreamTaskId());
    }

    private String canonicalTaskUrl(String taskId) {
        return SameHostUrls.append(settings.baseUrl(),
                TASKS_PATH + UpstreamHttp.pathSegment(taskId));
    }

    SubmittedTask readSubmit(Answer response) {
        if (!response.isSuccess()) {
            throw errorAnswer(response, true);
        }
        TokenLabTaskParser.SubmitAnswer answer = TokenLabTaskParser.parseSubmit(http.jsonObject(response, true));
        if (answer.id() == null) {
            // The task may well exist; without its id we cannot find it, and resending would pay twice.
            throw http.noAnswer(response.status(), "submit answer has no task id", true);
        }
        if (!UpstreamBounds.usableTaskId(answer.id())) {
            throw http.unusableTaskId(response.status(), answer.id());
        }
        String pollUrl = SameHostUrls.resolve(settings.baseUrl(), answer.pollUrl()).orElseGet(() -> {
            if (answer.pollUrl() != null) {
                LOG.warnf("Ignoring poll_url of task %s: not on the configured TokenLab host", answer.id());
            }
            return canonicalTaskUrl(answer.id());
        });
        return new SubmittedTask(answer.id(), pollUrl, answer.status());
    }

    TaskReport readPoll(Answer response) {
        if (!response.isSuccess()) {
            throw errorAnswer(response, false);
        }
        return TokenLabTaskParser.parseTask(http.jsonObject(response, false));
    }

    /**
     * On submit, a 5xx without TokenLab's envelope comes from something in front of TokenLab (a proxy,
     * a load balancer) that may have forwarded the request: the task may exist, so the outcome is unknown.
     */
    UpstreamException errorAnswer(Answer response, boolean submit) {
        TokenLabErrors.ErrorAnswer answer = TokenLabErrors.parse(response.status(), response.body(),
                response.retryAfter(), UpstreamJson.MAPPER);
        UpstreamError e = answer.error();
        boolean unknownOutcome = submit && response.status() >= 500 && !answer.enveloped();
        return new UpstreamException(unknownOutcome ? Kind.NO_ANSWER : Kind.ERROR_ANSWER,
                http.redact(new UpstreamError(e.httpStatus(), e.code(), e.type(), e.message(), e.param(),
                        e.retryable() && !unknownOutcome, e.retryAfter())), null);
    }
}
