package io.reelay.upstream.tokenlab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.reelay.request.VideoRequest;
import io.reelay.upstream.SameHostUrls;
import io.reelay.upstream.SubmittedTask;
import io.reelay.upstream.TaskHandle;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamError;
import io.reelay.upstream.UpstreamException;
import io.reelay.upstream.UpstreamException.Kind;
import io.reelay.upstream.VideoProvider;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
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
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private final WebClient client;
    private final TokenLabSettings settings;

    public TokenLabProvider(WebClient client, TokenLabSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /** Closes the HTTP client; the provider cannot be used afterwards. */
    public void close() {
        client.close();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<SubmittedTask> submit(VideoRequest request) {
        String body = TokenLabRequestBody.of(request, MAPPER).toString();
        HttpRequest<Buffer> http = client.postAbs(SameHostUrls.append(settings.baseUrl(), SUBMIT_PATH))
                .putHeader("Content-Type", "application/json");
        if (request.requestId() != null) {
            http.putHeader("X-Request-Id", request.requestId());
        }
        return call(http, settings.submitTimeout(), Buffer.buffer(body))
                .map(this::readSubmit)
                .onFailure(e -> !(e instanceof UpstreamException)).transform(e -> noAnswer(e, true));
    }

    @Override
    public Uni<TaskReport> poll(TaskHandle task) {
        HttpRequest<Buffer> http = client.getAbs(pollTarget(task));
        return call(http, settings.pollTimeout(), null)
                .map(this::readPoll)
                .onFailure(e -> !(e instanceof UpstreamException)).transform(e -> noAnswer(e, false));
    }

    /** The handle's poll URL when it is on the configured origin, else the canonical task URL. */
    String pollTarget(TaskHandle task) {
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
                TASKS_PATH + URLEncoder.encode(taskId, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    private Uni<HttpResponse<Buffer>> call(HttpRequest<Buffer> http, Duration timeout, Buffer body) {
        // Redirects could carry the Authorization header to another host; TokenLab documents none.
        http.followRedirects(false).timeout(timeout.toMillis());
        settings.apiKey().ifPresent(key -> http.putHeader("Authorization", "Bearer " + key));
        Uni<HttpResponse<Buffer>> sent = body == null ? http.send() : http.sendBuffer(body);
        // Vert.x's timeout restarts whenever bytes arrive; this one bounds the whole call.
        return sent.ifNoItem().after(timeout)
                .failWith(() -> new TimeoutException("no answer within " + timeout));
    }

    private SubmittedTask readSubmit(HttpResponse<Buffer> response) {
        if (!isSuccess(response)) {
            throw errorAnswer(response, true);
        }
        TokenLabTaskParser.SubmitAnswer answer = TokenLabTaskParser.parseSubmit(json(response, true));
        if (answer.id() == null) {
            // The task may well exist; without its id we cannot find it, and resending would pay twice.
            throwNoAnswer(response.statusCode(), "submit answer has no task id", true, null);
        }
        String pollUrl = SameHostUrls.resolve(settings.baseUrl(), answer.pollUrl()).orElseGet(() -> {
            if (answer.pollUrl() != null) {
                LOG.warnf("Ignoring poll_url of task %s: not on the configured TokenLab host", answer.id());
            }
            return canonicalTaskUrl(answer.id());
        });
        return new SubmittedTask(answer.id(), pollUrl, answer.status());
    }

    private TaskReport readPoll(HttpResponse<Buffer> response) {
        if (!isSuccess(response)) {
            throw errorAnswer(response, false);
        }
        return TokenLabTaskParser.parseTask(json(response, false));
    }

    private static boolean isSuccess(HttpResponse<Buffer> response) {
        return response.statusCode() >= 200 && response.statusCode() < 300;
    }

    /**
     * On submit, a 5xx without TokenLab's envelope comes from something in front of TokenLab (a proxy,
     * a load balancer) that may have forwarded the request: the task may exist, so the outcome is unknown.
     */
    private UpstreamException errorAnswer(HttpResponse<Buffer> response, boolean submit) {
        TokenLabErrors.ErrorAnswer answer = TokenLabErrors.parse(response.statusCode(), response.bodyAsString(),
                response.getHeader("Retry-After"), MAPPER);
        UpstreamError e = answer.error();
        boolean unknownOutcome = submit && response.statusCode() >= 500 && !answer.enveloped();
        return new UpstreamException(unknownOutcome ? Kind.NO_ANSWER : Kind.ERROR_ANSWER,
                new UpstreamError(e.httpStatus(), e.code(), e.type(), settings.redact(e.message()),
                        settings.redact(e.param()), e.retryable() && !unknownOutcome, e.retryAfter()), null);
    }

    private JsonNode json(HttpResponse<Buffer> response, boolean submit) {
        String body = response.bodyAsString();
        String problem = "not a JSON object";
        try {
            JsonNode node = body == null ? null : MAPPER.readTree(body);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            // Jackson quotes the offending token; keep the message, drop the exception that carries it.
            problem = e.getOriginalMessage();
        }
        return throwNoAnswer(response.statusCode(), "malformed JSON answer: " + problem, submit, null);
    }

    private <T> T throwNoAnswer(Integer httpStatus, String message, boolean submit, Throwable cause) {
        throw new UpstreamException(Kind.NO_ANSWER, new UpstreamError(httpStatus, null, null,
                settings.redact(message), null, !submit, null), cause);
    }

    /** A submit without an answer may have created (and charged) a task, so it is never marked retryable. */
    private UpstreamException noAnswer(Throwable failure, boolean submit) {
        String message = failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException
                ? "timed out" : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return new UpstreamException(Kind.NO_ANSWER,
                new UpstreamError(null, null, null, settings.redact(message), null, !submit, null), failure);
    }
}
