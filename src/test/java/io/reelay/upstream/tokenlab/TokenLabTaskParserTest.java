package io.reelay.upstream.tokenlab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamStatus;
import io.reelay.upstream.VideoOutput;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenLabTaskParserTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static TaskReport parse(String json) throws Exception {
        JsonNode node = MAPPER.readTree(json.replace('\'', '"'));
        return TokenLabTaskParser.parseTask(node);
    }

    @Test
    void videoUrlAtTheTopLevel() throws Exception {
        TaskReport report = parse("{'status':'completed','video_url':'https://cdn/a.mp4','last_frame_url':'https://cdn/a.jpg'}");
        assertThat(report.status()).isEqualTo(UpstreamStatus.COMPLETED);
        assertThat(report.videos()).containsExactly(new VideoOutput("https://cdn/a.mp4", null, null, null, "https://cdn/a.jpg"));
    }

    @Test
    void videoObjectWithItsMetadata() throws Exception {
        TaskReport report = parse("{'status':'completed','video':{'url':'https://cdn/b.mp4','duration':8.0,'width':1280,'height':720}}");
        assertThat(report.videos()).containsExactly(new VideoOutput("https://cdn/b.mp4", 8.0, 1280, 720, null));
    }

    @Test
    void videosArrayOfObjectsAndPlainStrings() throws Exception {
        TaskReport report = parse("{'status':'completed','videos':[{'url':'https://cdn/c1.mp4','duration':5,'width':720,'height':1280},"
                + "'https://cdn/c2.mp4']}");
        assertThat(report.videos()).containsExactly(
                new VideoOutput("https://cdn/c1.mp4", 5.0, 720, 1280, null),
                new VideoOutput("https://cdn/c2.mp4", null, null, null, null));
    }

    @Test
    void contentVideoUrlWithContentLastFrame() throws Exception {
        TaskReport report = parse("{'status':'completed','content':{'video_url':'https://cdn/d.mp4','last_frame_url':'https://cdn/d.jpg'}}");
        assertThat(report.videos()).containsExactly(new VideoOutput("https://cdn/d.mp4", null, null, null, "https://cdn/d.jpg"));
    }

    @Test
    void theSameVideoInTwoShapesIsOneVideoWithTheRicherDetail() throws Exception {
        TaskReport report = parse("{'status':'completed','video_url':'https://cdn/e.mp4','video':{'url':'https://cdn/e.mp4','width':640}}");
        assertThat(report.videos()).extracting(VideoOutput::url, VideoOutput::width).containsExactly(
                org.assertj.core.groups.Tuple.tuple("https://cdn/e.mp4", 640));
    }

    @Test
    void completedWithoutARecognisedVideoFailsNotRetryableKeepingTheAnswer() throws Exception {
        TaskReport report = parse("{'status':'completed','video':null,'videos':'nope',"
                + "'output':{'uri':'https://cdn/odd.mp4'}}");
        assertThat(report.status()).as("an ending, not a completion without videos").isEqualTo(UpstreamStatus.FAILED);
        assertThat(report.rawStatus()).isEqualTo("completed");
        assertThat(report.videos()).isEmpty();
        assertThat(report.error().code()).isEqualTo(TokenLabTaskParser.NO_RECOGNISED_VIDEO)
                .as("the same code as the hub's").isEqualTo(io.reelay.upstream.hub.HubTaskParser.NO_RECOGNISED_VIDEO);
        assertThat(report.error().retryable()).as("paid for: a resubmit would pay again").isFalse();
        assertThat(report.cancelled()).isFalse();
        assertThat(report.upstreamAnswer()).as("kept: the video may be somewhere Reelay does not look")
                .isEqualTo("{\"status\":\"completed\",\"video\":null,\"videos\":\"nope\","
                        + "\"output\":{\"uri\":\"https://cdn/odd.mp4\"}}");
    }

    @Test
    void completedWithOnlyUnusableUrlsFailsTheSameWay() throws Exception {
        TaskReport report = parse("{'status':' Completed ','video_url':'not a url','videos':[{'url':'https://cdn/a b.mp4'}],"
                + "'cost_usd':0.5}");
        assertThat(report.status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(report.error().code()).isEqualTo(TokenLabTaskParser.NO_RECOGNISED_VIDEO);
        assertThat(report.error().retryable()).isFalse();
        assertThat(report.upstreamAnswer()).contains("https://cdn/a b.mp4");
        assertThat(report.chargedUsd()).as("the charge still reaches the event").isEqualByComparingTo("0.5");
    }

    @Test
    void anAnswerIsKeptOnlyWhenItEndsTheTaskWithoutBeingUnderstood() throws Exception {
        assertThat(parse("{'status':'failed'}").upstreamAnswer()).as("a failure without its error")
                .isEqualTo("{\"status\":\"failed\"}");
        assertThat(parse("{'status':'completed','video_url':'https://cdn/a.mp4'}").upstreamAnswer()).isNull();
        assertThat(parse("{'status':'failed','error':'Boom'}").upstreamAnswer()).isNull();
        assertThat(parse("{'status':'failed','cancelled':true}").upstreamAnswer()).as("a cancellation says why").isNull();
        assertThat(parse("{'status':'queued_for_review'}").upstreamAnswer()).as("in flight").isNull();
    }

    @Test
    void errorAsAString() throws Exception {
        TaskReport report = parse("{'status':'failed','error':'Content policy violation'}");
        assertThat(report.status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(report.error().message()).isEqualTo("Content policy violation");
        assertThat(report.error().retryable()).isFalse();
        assertThat(report.cancelled()).isFalse();
    }

    @Test
    void errorAsAnObject() throws Exception {
        TaskReport report = parse("{'status':'failed','error':{'code':'content_policy_violation','message':'Blocked',"
                + "'type':'upstream_error','retryable':true,'retry_after':30}}");
        assertThat(report.error().code()).isEqualTo("content_policy_violation");
        assertThat(report.error().message()).isEqualTo("Blocked");
        assertThat(report.error().type()).isEqualTo("upstream_error");
        assertThat(report.error().retryable()).isTrue();
        assertThat(report.error().retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(report.error().httpStatus()).isNull();
    }

    @Test
    void cancelledTaskIsFailedAndCancelled() throws Exception {
        TaskReport report = parse("{'status':'failed','cancelled':true}");
        assertThat(report.status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(report.cancelled()).isTrue();
    }

    @Test
    void statusIsCaseInsensitiveAndUnknownOnesAreKeptRaw() throws Exception {
        assertThat(parse("{'status':'PROCESSING'}").status()).isEqualTo(UpstreamStatus.PROCESSING);
        assertThat(parse("{'status':'Pending'}").status()).isEqualTo(UpstreamStatus.PENDING);
        TaskReport unknown = parse("{'status':'queued_for_review'}");
        assertThat(unknown.status()).isEqualTo(UpstreamStatus.UNRECOGNISED);
        assertThat(unknown.rawStatus()).isEqualTo("queued_for_review");
        assertThat(parse("{}").status()).isEqualTo(UpstreamStatus.UNRECOGNISED);
    }

    @Test
    void progressOnlyWhenANumber() throws Exception {
        assertThat(parse("{'status':'processing','progress':42}").progress()).isEqualTo(42);
        assertThat(parse("{'status':'processing'}").progress()).isNull();
        assertThat(parse("{'status':'processing','progress':'unknown'}").progress()).isNull();
    }

    @Test
    void updatedUnixSecondsBecomeAnInstant() throws Exception {
        assertThat(parse("{'status':'pending','updated':1706000100}").updatedAt())
                .isEqualTo(Instant.ofEpochSecond(1706000100));
        assertThat(parse("{'status':'pending','updated':'yesterday'}").updatedAt()).isNull();
    }

    @Test
    void submitAnswerFallsBackToTaskId() throws Exception {
        var answer = TokenLabTaskParser.parseSubmit(MAPPER.readTree("{\"task_id\":\"ldtask_9\",\"status\":\"pending\"}"));
        assertThat(answer.id()).isEqualTo("ldtask_9");
        assertThat(answer.pollUrl()).isNull();
        assertThat(answer.status()).isEqualTo("pending");
    }
}
