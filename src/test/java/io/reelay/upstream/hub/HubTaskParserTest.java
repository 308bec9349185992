package io.reelay.upstream.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamStatus;
import io.reelay.upstream.VideoOutput;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HubTaskParserTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String json) throws Exception {
        return MAPPER.readTree(json.replace('\'', '"'));
    }

    private static TaskReport parse(String json) throws Exception {
        return HubTaskParser.parseTask(json(json));
    }

    private static TaskReport completed(String data) throws Exception {
        return parse("{'status':'completed','ready':true,'data':" + data + "}");
    }

    private static final String V = "https://cdn/v.mp4";
    private static final String UNRECOGNISED = HubTaskParser.UNRECOGNISED_END;
    private static final String NO_VIDEO = HubTaskParser.NO_RECOGNISED_VIDEO;

    /**
     * Every kind of {@code ready} (boolean, string, number, unreadable, absent) against every kind of status
     * (documented, unknown, none) and of {@code data} (the video in each known place, in an unknown place, none).
     * Columns: ready and data as JSON (null: absent), status (null: absent), then what the poll reports: its
     * status, how many videos, the error code (null: none), and whether the answer is kept.
     */
    static Stream<Arguments> readyStatusData() {
        String video = "{'video':{'url':'" + V + "'}}";
        String videos = "{'videos':[{'url':'" + V + "'}]}";
        String url = "{'url':'" + V + "'}";
        String videoUrl = "{'video_url':'" + V + "'}";
        String plain = "{'video':'" + V + "'}";
        String odd = "{'result':{'file':{'uri':'" + V + "'}}}";
        return Stream.of(
                // ready: the end, whatever the status
                row("true", "completed", video, UpstreamStatus.COMPLETED, 1, null, false),
                row("true", "completed", videos, UpstreamStatus.COMPLETED, 1, null, false),
                row("true", "completed", url, UpstreamStatus.COMPLETED, 1, null, false),
                row("true", "completed", videoUrl, UpstreamStatus.COMPLETED, 1, null, false),
                row("true", "completed", plain, UpstreamStatus.COMPLETED, 1, null, false),
                row("true", "completed", odd, UpstreamStatus.FAILED, 0, NO_VIDEO, true),
                row("true", "completed", null, UpstreamStatus.FAILED, 0, NO_VIDEO, true),
                row("true", "completed", "'" + V + "'", UpstreamStatus.FAILED, 0, NO_VIDEO, true),
                row("true", "failed", video, UpstreamStatus.FAILED, 0, null, true),
                row("true", "timeout", null, UpstreamStatus.FAILED, 0, "timeout", false),
                row("true", "cancelled", null, UpstreamStatus.FAILED, 0, "cancelled", false),
                row("true", "archived", video, UpstreamStatus.COMPLETED, 1, null, true),
                row("true", "SUCCEEDED", url, UpstreamStatus.COMPLETED, 1, null, true),
                row("true", "archived", null, UpstreamStatus.FAILED, 0, UNRECOGNISED, true),
                row("true", "archived", odd, UpstreamStatus.FAILED, 0, UNRECOGNISED, true),
                row("true", null, null, UpstreamStatus.FAILED, 0, UNRECOGNISED, true),
                row("true", null, videos, UpstreamStatus.COMPLETED, 1, null, true),
                row("true", "processing", null, UpstreamStatus.FAILED, 0, UNRECOGNISED, true),
                row("true", "pending", videoUrl, UpstreamStatus.COMPLETED, 1, null, true),
                // ready as a string or a number
                row("'true'", "archived", null, UpstreamStatus.FAILED, 0, UNRECOGNISED, true),
                row("' TRUE '", "completed", video, UpstreamStatus.COMPLETED, 1, null, false),
                row("1", "archived", video, UpstreamStatus.COMPLETED, 1, null, true),
                // not ready: in flight, whatever the status and data say
                row("false", "completed", video, UpstreamStatus.PROCESSING, 0, null, false),
                row("false", "failed", null, UpstreamStatus.PROCESSING, 0, null, false),
                row("false", "archived", video, UpstreamStatus.UNRECOGNISED, 0, null, false),
                row("false", null, null, UpstreamStatus.UNRECOGNISED, 0, null, false),
                row("'false'", "archived", null, UpstreamStatus.UNRECOGNISED, 0, null, false),
                row("0", "completed", video, UpstreamStatus.PROCESSING, 0, null, false),
                row("false", "processing", null, UpstreamStatus.PROCESSING, 0, null, false),
                // no readable flag: a terminal status is believed, any other is in flight
                row(null, "completed", video, UpstreamStatus.COMPLETED, 1, null, false),
                row(null, "completed", odd, UpstreamStatus.FAILED, 0, NO_VIDEO, true),
                row(null, "failed", null, UpstreamStatus.FAILED, 0, null, true),
                row(null, "archived", video, UpstreamStatus.UNRECOGNISED, 0, null, false),
                row(null, "pending", null, UpstreamStatus.PENDING, 0, null, false),
                row("null", "archived", null, UpstreamStatus.UNRECOGNISED, 0, null, false),
                row("'yes'", "archived", null, UpstreamStatus.UNRECOGNISED, 0, null, false),
                row("2", "archived", null, UpstreamStatus.UNRECOGNISED, 0, null, false),
                row("{}", "completed", video, UpstreamStatus.COMPLETED, 1, null, false));
    }

    private static Arguments row(String ready, String status, String data, UpstreamStatus reported, int videos,
            String code, boolean kept) {
        return Arguments.of(ready, status, data, reported, videos, code, kept);
    }

    @ParameterizedTest(name = "ready={0} status={1} data={2} -> {3}")
    @MethodSource("readyStatusData")
    void readyStatusAndDataDecideTheOutcome(String ready, String status, String data, UpstreamStatus reported,
            int videos, String code, boolean kept) throws Exception {
        StringBuilder json = new StringBuilder("{'task_id':'hub-1'");
        if (ready != null) {
            json.append(",'ready':").append(ready);
        }
        if (status != null) {
            json.append(",'status':'").append(status).append("'");
        }
        if (data != null) {
            json.append(",'data':").append(data);
        }
        TaskReport report = parse(json.append('}').toString());

        assertThat(report.status()).isEqualTo(reported);
        assertThat(report.rawStatus()).isEqualTo(status);
        assertThat(report.videos()).hasSize(videos);
        if (videos > 0) {
            assertThat(report.videos().get(0).url()).isEqualTo(V);
        }
        assertThat(report.error() == null ? null : report.error().code()).isEqualTo(code);
        if (reported == UpstreamStatus.FAILED) {
            assertThat(report.error() == null ? report.upstreamAnswer() : report.error().message())
                    .as("a failure always says why").isNotBlank();
        }
        if (kept) {
            assertThat(report.upstreamAnswer()).as("the raw answer is kept").contains("\"task_id\":\"hub-1\"");
        } else {
            assertThat(report.upstreamAnswer()).as("an understood answer is not copied").isNull();
        }
    }

    @Test
    void inFlightStatuses() throws Exception {
        assertThat(parse("{'status':'pending','ready':false}").status()).isEqualTo(UpstreamStatus.PENDING);
        assertThat(parse("{'status':'processing','ready':false}").status()).isEqualTo(UpstreamStatus.PROCESSING);
    }

    @Test
    void statusIsCaseInsensitiveAndTheRawOneIsKept() throws Exception {
        TaskReport report = parse("{'status':'Processing','ready':false}");
        assertThat(report.status()).isEqualTo(UpstreamStatus.PROCESSING);
        assertThat(report.rawStatus()).isEqualTo("Processing");
        assertThat(parse("{'status':'COMPLETED','ready':true,'data':{'url':'https://cdn/a.mp4'}}").status())
                .isEqualTo(UpstreamStatus.COMPLETED);
    }

    @Test
    void failedCarriesTheErrorFields() throws Exception {
        TaskReport report = parse("{'status':'failed','ready':true,'error_code':'content_policy',"
                + "'error_message':'Prompt blocked','elapsed_ms':1200}");
        assertThat(report.status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(report.cancelled()).isFalse();
        assertThat(report.error().code()).isEqualTo("content_policy");
        assertThat(report.error().message()).isEqualTo("Prompt blocked");
        assertThat(report.error().httpStatus()).isNull();
        assertThat(report.error().retryable()).isFalse();
    }

    @Test
    void timeoutIsAFailureThatKeepsItsRawStatus() throws Exception {
        TaskReport report = parse("{'status':'timeout','ready':true}");
        assertThat(report.status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(report.rawStatus()).isEqualTo("timeout");
        assertThat(report.cancelled()).isFalse();
        assertThat(report.error().code()).isEqualTo("timeout");
        assertThat(parse("{'status':'timeout','ready':true,'error_code':'deadline','error_message':'10 min'}")
                .error().code()).isEqualTo("deadline");
    }

    @Test
    void cancelledIsAFailureMarkedCancelled() throws Exception {
        TaskReport report = parse("{'status':'Cancelled','ready':true}");
        assertThat(report.status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(report.cancelled()).isTrue();
        assertThat(report.error().code()).isEqualTo("cancelled");
    }

    @Test
    void anUnknownStatusStaysInFlightUntilReady() throws Exception {
        TaskReport running = parse("{'status':'queued','ready':false}");
        assertThat(running.status()).isEqualTo(UpstreamStatus.UNRECOGNISED);
        assertThat(running.rawStatus()).isEqualTo("queued");
        assertThat(running.upstreamAnswer()).as("in flight: nothing is kept").isNull();
        assertThat(parse("{'status':'queued'}").status()).as("no flag: in flight").isEqualTo(UpstreamStatus.UNRECOGNISED);
    }

    @Test
    void readyWithAnUnknownStatusAndNoVideoEndsAtOnceAsAFailureThatKeepsTheAnswer() throws Exception {
        TaskReport ended = parse("{'status':'archived','ready':true,'elapsed_ms':1200}");
        assertThat(ended.status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(ended.rawStatus()).isEqualTo("archived");
        assertThat(ended.cancelled()).isFalse();
        assertThat(ended.error().code()).isEqualTo(HubTaskParser.UNRECOGNISED_END);
        assertThat(ended.error().message()).contains("'archived'").contains("upstream_answer");
        assertThat(ended.error().retryable()).as("Reelay cannot tell it was not billed").isFalse();
        assertThat(ended.upstreamAnswer()).isEqualTo("{\"status\":\"archived\",\"ready\":true,\"elapsed_ms\":1200}");
        TaskReport noStatus = parse("{'ready':true}");
        assertThat(noStatus.status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(noStatus.error().message()).contains("no status");
    }

    @Test
    void readyWithAnUnknownStatusAndAVideoCompletesWithTheVideoAndKeepsTheAnswer() throws Exception {
        TaskReport done = parse("{'status':'succeeded','ready':true,'data':{'video':{'url':'https://cdn/s.mp4'}}}");
        assertThat(done.status()).isEqualTo(UpstreamStatus.COMPLETED);
        assertThat(done.rawStatus()).isEqualTo("succeeded");
        assertThat(done.videos()).extracting(VideoOutput::url).containsExactly("https://cdn/s.mp4");
        assertThat(done.error()).isNull();
        assertThat(done.upstreamAnswer()).contains("\"succeeded\"");
    }

    @Test
    void aTerminalStatusIsOnlyBelievedOnceReady() throws Exception {
        TaskReport notReady = parse(
                "{'status':'completed','ready':false,'data':{'video':{'url':'https://cdn/a.mp4'}}}");
        assertThat(notReady.status()).isEqualTo(UpstreamStatus.PROCESSING);
        assertThat(notReady.rawStatus()).isEqualTo("completed");
        assertThat(notReady.videos()).isEmpty();
        assertThat(parse("{'status':'failed','ready':false}").status()).isEqualTo(UpstreamStatus.PROCESSING);
        assertThat(parse("{'status':'failed','ready':false}").error()).isNull();
        assertThat(parse("{'status':'completed','ready':'true','data':{'url':'https://cdn/a.mp4'}}").status())
                .isEqualTo(UpstreamStatus.COMPLETED);
    }

    @Test
    void withoutTheReadyFlagTheStatusIsTrusted() throws Exception {
        assertThat(completed("{'video_url':'https://cdn/a.mp4'}").status()).isEqualTo(UpstreamStatus.COMPLETED);
        assertThat(parse("{'status':'completed','data':{'url':'https://cdn/a.mp4'}}").videos()).hasSize(1);
    }

    @Test
    void falStyleVideoObjectWithFileMetadata() throws Exception {
        TaskReport report = completed("{'video':{'url':'https://cdn/a.mp4','content_type':'video/mp4',"
                + "'file_name':'a.mp4','file_size':1048576,'width':1280,'height':720,'duration':8}}");
        assertThat(report.videos()).containsExactly(
                new VideoOutput("https://cdn/a.mp4", 8.0, 1280, 720, null, "video/mp4", "a.mp4", 1_048_576L));
    }

    @Test
    void videosArrayOfObjectsAndPlainStrings() throws Exception {
        TaskReport report = completed(
                "{'videos':[{'url':'https://cdn/b1.mp4','file_size':'2048'},'https://cdn/b2.mp4']}");
        assertThat(report.videos()).extracting(VideoOutput::url, VideoOutput::fileSizeBytes).containsExactly(
                org.assertj.core.groups.Tuple.tuple("https://cdn/b1.mp4", 2048L),
                org.assertj.core.groups.Tuple.tuple("https://cdn/b2.mp4", null));
    }

    @Test
    void plainUrlAndVideoUrlInData() throws Exception {
        assertThat(completed("{'url':'https://cdn/c.mp4'}").videos()).extracting(VideoOutput::url)
                .containsExactly("https://cdn/c.mp4");
        assertThat(completed("{'video_url':'https://cdn/d.mp4'}").videos()).extracting(VideoOutput::url)
                .containsExactly("https://cdn/d.mp4");
        assertThat(completed("{'video':'https://cdn/e.mp4'}").videos()).extracting(VideoOutput::url)
                .containsExactly("https://cdn/e.mp4");
    }

    @Test
    void theSameUrlInTwoPlacesIsOneVideoWithTheRicherDetail() throws Exception {
        TaskReport report = completed("{'url':'https://cdn/f.mp4','video':{'url':'https://cdn/f.mp4','width':640}}");
        assertThat(report.videos()).extracting(VideoOutput::url, VideoOutput::width)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("https://cdn/f.mp4", 640));
    }

    @Test
    void completedWithoutAUrlInAKnownPlaceIsAFailureThatKeepsTheBilledAnswer() throws Exception {
        for (String data : new String[] {"{'video':{'content_type':'video/mp4'},'videos':'nope','url':''}", "null",
                "{'output':{'video':{'uri':'https://cdn/o.mp4'}}}"}) {
            TaskReport report = completed(data);
            assertThat(report.status()).as(data).isEqualTo(UpstreamStatus.FAILED);
            assertThat(report.videos()).isEmpty();
            assertThat(report.error().code()).isEqualTo(HubTaskParser.NO_RECOGNISED_VIDEO);
            assertThat(report.error().message()).contains("bills");
            assertThat(report.error().retryable()).as("a retry would be billed again").isFalse();
            assertThat(report.upstreamAnswer()).startsWith("{\"status\":\"completed\"");
        }
        assertThat(completed("{'output':{'video':{'uri':'https://cdn/o.mp4'}}}").upstreamAnswer())
                .as("the video a consumer may still find").contains("https://cdn/o.mp4");
        assertThat(parse("{'status':'completed','ready':true}").error().code()).isEqualTo(HubTaskParser.NO_RECOGNISED_VIDEO);
    }

    @Test
    void dataIsIgnoredUnlessCompleted() throws Exception {
        assertThat(parse("{'status':'failed','ready':true,'data':{'url':'https://cdn/g.mp4'}}").videos()).isEmpty();
    }

    @Test
    void aTaskWithAnErrorObjectInsteadOfTheDocumentedFields() throws Exception {
        TaskReport report = parse("{'status':'failed','ready':true,'error':{'code':'nsfw','message':'Blocked'}}");
        assertThat(report.error().code()).isEqualTo("nsfw");
        assertThat(report.error().message()).isEqualTo("Blocked");
        assertThat(parse("{'status':'failed','ready':true,'error':'Boom'}").error().message()).isEqualTo("Boom");
    }

    @Test
    void updatedAtIsTheStartPlusTheElapsedTime() throws Exception {
        assertThat(parse("{'status':'processing','created_at':'2026-05-01T10:00:00Z','elapsed_ms':2500}").updatedAt())
                .isEqualTo(Instant.parse("2026-05-01T10:00:02.500Z"));
        assertThat(parse("{'status':'processing','created_at':'2026-05-01T12:00:00+02:00','elapsed_ms':0}").updatedAt())
                .isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
        assertThat(parse("{'status':'processing','elapsed_ms':2500}").updatedAt()).isNull();
        assertThat(parse("{'status':'processing','created_at':'yesterday','elapsed_ms':1}").updatedAt()).isNull();
    }

    @Test
    void hubReportsNoProgress() throws Exception {
        assertThat(parse("{'status':'processing','progress':40}").progress()).isNull();
    }

    @Test
    void submitAnswerInTheShortShape() throws Exception {
        var answer = HubTaskParser.parseSubmit(json("{'taskId':'hub-1'}"));
        assertThat(answer.taskId()).isEqualTo("hub-1");
        assertThat(answer.status()).isNull();
        assertThat(answer.createdAt()).isNull();
    }

    @Test
    void submitAnswerInTheLongShape() throws Exception {
        var answer = HubTaskParser.parseSubmit(json("{'task_id':'hub-2','status':'pending','capability':'video',"
                + "'model':'veo-3.1','vendor':'google','mode':'async','created_at':'2026-05-01T10:00:00Z'}"));
        assertThat(answer.taskId()).isEqualTo("hub-2");
        assertThat(answer.status()).isEqualTo("pending");
        assertThat(answer.createdAt()).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
    }

    @Test
    void submitAnswerWithoutAnIdHasNone() throws Exception {
        assertThat(HubTaskParser.parseSubmit(json("{'status':'pending','taskId':'  ','task_id':null}")).taskId())
                .isNull();
    }
}
