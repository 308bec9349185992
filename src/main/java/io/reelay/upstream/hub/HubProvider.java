package io.reelay.upstream.hub;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelay.config.ReelayConfig;
import io.reelay.intake.VideoRequest;
import io.reelay.upstream.ErrorAnswer;
import io.reelay.upstream.FailureClass;
import io.reelay.upstream.ProviderClient;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamException;
import io.reelay.observability.telemetry.UpstreamTelemetry;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * The hub video gateway ({@code POST /hub/v1/video}, {@code GET /hub/v1/tasks/{taskId}}): its contract on
 * the {@link ProviderClient} skeleton. The hub hands out no poll URLs and cancels nothing; its error
 * codes are undocumented, so its errors mean what their HTTP status says.
 */
public class HubProvider extends ProviderClient {

    public static final String NAME = "hub";
    static final String SUBMIT_PATH = "/hub/v1/video";
    static final String TASKS_PATH = "/hub/v1/tasks/";
    static final String NOT_CONFIGURED = ProviderClient.NOT_CONFIGURED;

    public HubProvider(WebClient client, ReelayConfig.Hub config) {
        this(client, config, UpstreamTelemetry.disabled());
    }

    /** @throws IllegalArgumentException when {@code reelay.hub.base-url} is set but not an http(s) URL with a host */
    public HubProvider(WebClient client, ReelayConfig.Hub config, UpstreamTelemetry telemetry) {
        // A blank base URL (an empty environment variable) means "not configured", as a blank key means "no key".
        super(NAME, client, config.baseUrl().filter(url -> !url.isBlank()), "reelay.hub.base-url", config.apiKey(),
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
        return HubRequestBody.of(request);
    }

    @Override
    protected SubmitFields readSubmitAnswer(JsonNode answer) {
        HubTaskParser.SubmitAnswer submitted = HubTaskParser.parseSubmit(answer);
        return new SubmitFields(submitted.taskId(), null, submitted.status());
    }

    @Override
    protected TaskReport readTask(JsonNode task) {
        return HubTaskParser.parseTask(task);
    }

    @Override
    protected ErrorAnswer readError(int httpStatus, String body, String retryAfterHeader) {
        HubErrors.ErrorAnswer answer = HubErrors.parse(httpStatus, body, retryAfterHeader);
        return new ErrorAnswer(answer.error(), answer.recognised(),
                FailureClass.byStatus(UpstreamException.Kind.ERROR_ANSWER, answer.error()));
    }
}
