package io.reelay.api.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.reelay.api.RequestView;
import io.reelay.lifecycle.query.RequestStatus;
import io.reelay.lifecycle.query.RequestStatus.State;
import io.reelay.lifecycle.query.StoreRecordArbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A status as GET shows it, and that answer read back by the instance that forwarded the call. */
class RequestViewMapperTest {

    /** As Quarkus configures its ObjectMapper: java.time as ISO-8601 text. */
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void anInProgressRequestIsShownWithTheDocumentedFieldNamesAndNothingUnknown() throws Exception {
        RequestStatus status = new RequestStatus("r-1", State.IN_PROGRESS, "tokenlab", "veo3.1", null, "t-1",
                "processing", 40, true, 3, new RequestStatus.Timings(T0, T0, T0, T0, null, null, null), null, null,
                null, Map.of("source", "web"), "acme");

        assertThat(JSON.writeValueAsString(RequestViewMapper.view(status))).isEqualTo("{\"request_id\":\"r-1\","
                + "\"status\":\"in_progress\",\"provider\":\"tokenlab\",\"model\":\"veo3.1\",\"upstream_task_id\":"
                + "\"t-1\",\"upstream_status\":\"processing\",\"progress\":40,\"cancel_requested\":true,\"polls\":3,"
                + "\"timings\":{\"requested_at\":\"2026-12-01T10:00:00Z\",\"accepted_at\":\"2026-12-01T10:00:00Z\","
                + "\"submitted_at\":\"2026-12-01T10:00:00Z\",\"next_poll_at\":\"2026-12-01T10:00:00Z\"},"
                + "\"metadata\":{\"source\":\"web\"},\"owner\":\"acme\"}");
    }

    @Test
    void tenantAndPriorityAreShownAndLeftOutWhenUnknown() throws Exception {
        RequestStatus known = new RequestStatus("r-1", State.SUBMITTING, "tokenlab", "veo3.1", null, null, null, null,
                false, null, null, null, null, null, null, null, null, null, null, null, null, "team-a", 1);
        RequestStatus old = new RequestStatus("r-2", State.SUBMITTING, "tokenlab", "veo3.1", null, null, null, null,
                false, null, null, null, null, null, null, null);

        assertThat(JSON.writeValueAsString(RequestViewMapper.view(known)))
                .contains("\"tenant\":\"team-a\"", "\"priority\":1");
        assertThat(JSON.writeValueAsString(RequestViewMapper.view(old))).doesNotContain("tenant", "priority");
    }

    @Test
    void aWaitingRequestShowsItsQueueAndTheForwardedAnswerKeepsIt() throws Exception {
        RequestStatus waiting = new RequestStatus("r-1", State.SUBMITTING, "tokenlab", "veo3.1", null, null, null, null,
                false, null, null, null, null, null, null, null, null, null, null, null, null, "team-a", 3)
                .withQueue(new RequestStatus.Queue(12, 340, java.time.Instant.parse("2026-12-01T10:00:15Z"),
                        java.time.Instant.parse("2026-12-01T10:02:15Z"), java.time.Instant.parse("2026-12-01T10:00:00Z")));

        String answer = JSON.writeValueAsString(RequestViewMapper.view(waiting));

        assertThat(answer).contains("\"queue\":{\"position\":12,\"waiting\":340,"
                + "\"estimated_start_at\":\"2026-12-01T10:00:15Z\",\"estimated_finish_at\":\"2026-12-01T10:02:15Z\","
                + "\"as_of\":\"2026-12-01T10:00:00Z\"}");
        assertThat(RequestViewMapper.status(JSON.readValue(answer, RequestView.class))).isEqualTo(waiting);
        assertThat(JSON.writeValueAsString(RequestViewMapper.view(waiting.withQueue(null)))).doesNotContain("queue");
    }

    @Test
    void noCancellationUnderWayIsLeftOutRatherThanFalse() throws Exception {
        RequestStatus status = new RequestStatus("r-1", State.SUBMITTING, "tokenlab", "veo3.1", null, null, null,
                null, false, 0, null, null, null, null, null, null);

        assertThat(JSON.writeValueAsString(RequestViewMapper.view(status))).isEqualTo("{\"request_id\":\"r-1\","
                + "\"status\":\"submitting\",\"provider\":\"tokenlab\",\"model\":\"veo3.1\",\"polls\":0}");
    }

    @Test
    void aTerminalRequestShowsItsVideosOrItsFailure() throws Exception {
        RequestStatus completed = new RequestStatus("r-1", State.COMPLETED, "hub", "veo-3.1", null, "t-1", null, 100,
                false, 5, null, List.of(new RequestStatus.Video("https://cdn/v.mp4", 8.0, 1280, 720, null, null, null,
                        null)), T0, null, null, null);
        RequestStatus failed = new RequestStatus("r-2", State.FAILED, "hub", "veo-3.1", null, null, null, null, false,
                null, null, null, null, new RequestStatus.Failure("invalid_request", "no", false,
                        new RequestStatus.UpstreamError(400, "bad", null, null, "duration", 5L),
                        List.of(new RequestStatus.FieldError("duration", "not_allowed", "4 or 8", List.of("4", "8")))),
                null, null);

        assertThat(JSON.writeValueAsString(RequestViewMapper.view(completed))).contains("\"status\":\"completed\"",
                "\"videos\":[{\"url\":\"https://cdn/v.mp4\",\"duration_seconds\":8.0,\"width\":1280,\"height\":720}]",
                "\"urls_expire_at\":\"2026-12-01T10:00:00Z\"").doesNotContain("failure");
        assertThat(JSON.writeValueAsString(RequestViewMapper.view(failed))).contains("\"status\":\"failed\"",
                "\"failure\":{\"reason\":\"invalid_request\",\"message\":\"no\",\"retryable\":false,"
                        + "\"upstream_error\":{\"http_status\":400,\"code\":\"bad\",\"param\":\"duration\","
                        + "\"retry_after_seconds\":5},\"validation_errors\":[{\"field\":\"duration\",\"code\":"
                        + "\"not_allowed\",\"message\":\"4 or 8\",\"allowed\":[\"4\",\"8\"]}]}")
                .doesNotContain("videos");
    }

    @Test
    void theCostIsShownAsUsdWithSixPlacesAndLeftOutWhenUnknown() throws Exception {
        RequestStatus priced = new RequestStatus("r-1", State.COMPLETED, "tokenlab", "veo3.1", null, "t-1", null, 100,
                false, 1, null, List.of(), null, null, null, null, new java.math.BigDecimal("0.800000"),
                new java.math.BigDecimal("0.750000"), null);
        RequestStatus unpriced = new RequestStatus("r-2", State.SUBMITTING, "tokenlab", "veo3.1", null, null, null,
                null, false, 0, null, null, null, null, null, null, null, null, null);

        assertThat(JSON.writeValueAsString(RequestViewMapper.view(priced)))
                .contains("\"estimated_cost_usd\":0.800000,\"actual_cost_usd\":0.750000");
        assertThat(JSON.writeValueAsString(RequestViewMapper.view(unpriced))).doesNotContain("cost");
    }

    @Test
    void anAnswerNotUnderstoodIsShownAsTextAndLeftOutOtherwise() throws Exception {
        RequestStatus failed = new RequestStatus("r-3", State.FAILED, "hub", "veo-3.1", null, "t-3", null, null, false,
                1, null, null, null, new RequestStatus.Failure("upstream_failed", "ended", false, null, null), null,
                null, null, null, "{\"status\":\"archived\",\"ready\":true}");

        assertThat(JSON.writeValueAsString(RequestViewMapper.view(failed)))
                .endsWith(",\"upstream_answer\":\"{\\\"status\\\":\\\"archived\\\",\\\"ready\\\":true}\"}");
        assertThat(JSON.writeValueAsString(RequestViewMapper.view(new RequestStatus("r-4", State.FAILED, "hub",
                "veo-3.1", null, null, null, null, false, null, null, null, null, null, null, null))))
                .doesNotContain("upstream_answer");
    }

    @Test
    void everyStatusHasItsWireName() {
        assertThat(List.of(State.values()).stream().map(RequestViewMapper::wireStatus).map(Enum::name))
                .containsExactly("submitting", "in_progress", "mirroring", "completed", "failed");
    }

    /** What the owner of a request answers, the instance that asked reads back as the very status the owner read. */
    @Property(tries = 1000)
    void aStatusSurvivesTheForwardedAnswer(@ForAll("statuses") RequestStatus status) throws Exception {
        String answer = JSON.writeValueAsString(RequestViewMapper.view(status));

        RequestStatus read = RequestViewMapper.status(JSON.readValue(answer, RequestView.class));

        assertThat(read).isEqualTo(status);
    }

    @Test
    void anAnswerWithoutAStatusIsRefused() throws Exception {
        RequestView view = JSON.readValue("{\"request_id\":\"r-1\"}", RequestView.class);

        assertThatThrownBy(() -> RequestViewMapper.status(view)).isInstanceOf(IllegalArgumentException.class);
    }

    @Provide
    Arbitrary<RequestStatus> statuses() {
        return StoreRecordArbitraries.statuses();
    }
}
