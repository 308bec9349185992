package io.reelay.upstream.tokenlab;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelay.config.ReelayConfig;
import io.reelay.intake.VideoRequest;
import io.reelay.upstream.ErrorAnswer;
import io.reelay.upstream.ProviderClient;
import io.reelay.upstream.SameHostUrls;
import io.reelay.upstream.TaskHandle;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamHttp;
import io.reelay.upstream.UpstreamJson;
import io.reelay.observability.telemetry.UpstreamTelemetry;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The TokenLab unified video API ({@code POST /v1/videos/generations}, {@code GET /v1/tasks/{id}},
 * {@code DELETE /v1/tasks/{id}}): its contract on the {@link ProviderClient} skeleton. TokenLab hands
 * out relative poll URLs, followed only on the configured origin.
 */
public class TokenLabProvider extends ProviderClient {

    public static final String NAME = "tokenlab";
    static final String SUBMIT_PATH = "/v1/videos/generations";
    static final String TASKS_PATH = "/v1/tasks/";

    private static final Logger LOG = Logger.getLogger(TokenLabProvider.class);

    public TokenLabProvider(WebClient client, ReelayConfig.TokenLab config) {
        this(client, config, UpstreamTelemetry.disabled());
    }

    /** @throws IllegalArgumentException when {@code reelay.tokenlab.base-url} is not an http(s) URL with a host */
    public TokenLabProvider(WebClient client, ReelayConfig.TokenLab config, UpstreamTelemetry telemetry) {
        // Required (it has a default): a blank one is refused, not taken for "not configured".
        super(NAME, client, Optional.of(config.baseUrl()), "reelay.tokenlab.base-url", config.apiKey(),
                config.submitTimeout(), config.pollTimeout(), telemetry);
    }

    @Override
    protected String submitPath() {
        return SUBMIT_PATH;
    }

    @Override
    protected String tasksPath() {
        return TASKS_PATH;
    }

    @Override
    protected String submitBody(VideoRequest request) {
        return TokenLabRequestBody.of(request, UpstreamJson.MAPPER).toString();
    }

    @Override
    protected SubmitFields readSubmitAnswer(JsonNode answer) {
        TokenLabTaskParser.SubmitAnswer submitted = TokenLabTaskParser.parseSubmit(answer);
        return new SubmitFields(submitted.id(), submitted.pollUrl(), submitted.status());
    }

    @Override
    protected TaskReport readTask(JsonNode task) {
        return TokenLabTaskParser.parseTask(task);
    }

    @Override
    protected ErrorAnswer readError(int httpStatus, String body, String retryAfterHeader) {
        TokenLabErrors.ErrorAnswer answer = TokenLabErrors.parse(httpStatus, body, retryAfterHeader, UpstreamJson.MAPPER);
        return new ErrorAnswer(answer.error(), answer.enveloped(), TokenLabErrors.meaning(answer.error()));
    }

    /** Honoured for queued Seedance tasks only; elsewhere TokenLab answers 400 or 409, an ERROR_ANSWER. */
    @Override
    protected boolean cancels() {
        return true;
    }

    /** The handle's poll URL when it is on the configured origin, else the canonical task URL. */
    @Override
    protected String pollUrl(String base, TaskHandle task) {
        UpstreamHttp.requireUsableTaskId(task.upstreamTaskId());
        String pollUrl = task.pollUrl();
        if (pollUrl != null && SameHostUrls.sameOrigin(base, pollUrl)) {
            return pollUrl;
        }
        if (pollUrl != null) {
            LOG.warnf("Ignoring poll URL of task %s: not on the configured TokenLab host", task.upstreamTaskId());
        }
        return taskUrl(base, task.upstreamTaskId());
    }

    /** {@code poll_url} is relative: resolved against the base, kept only on its origin. */
    @Override
    protected String pollUrlOf(String base, SubmitFields answer) {
        return SameHostUrls.resolve(base, answer.pollUrl()).orElseGet(() -> {
            if (answer.pollUrl() != null) {
                LOG.warnf("Ignoring poll_url of task %s: not on the configured TokenLab host", answer.taskId());
            }
            return taskUrl(base, answer.taskId());
        });
    }
}
