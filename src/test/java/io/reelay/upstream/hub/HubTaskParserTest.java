package io.reelay.upstream.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamStatus;
import io.reelay.upstream.VideoOutput;
import java.time.Instant;
import org.junit.jupiter.api.Test;

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
        assertThat(parse("{'status':'COMPLETED','ready':true}").status()).isEqualTo(UpstreamStatus.COMPLETED);
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
    void anUnknownStatusIsUnrecognisedWhateverTheReadyFlag() throws Exception {
        TaskReport ready = parse("{'status':'archived','ready':true}");
        assertThat(ready.status()).isEqualTo(UpstreamStatus.UNRECOGNISED);
        assertThat(ready.rawStatus()).isEqualTo("archived");
        assertThat(parse("{'status':'queued','ready':false}").status()).isEqualTo(UpstreamStatus.UNRECOGNISED);
        assertThat(parse("{'ready':true}").status()).isEqualTo(UpstreamStatus.UNRECOGNISED);
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
        assertThat(parse("{'status':'completed','ready':'true'}").status()).isEqualTo(UpstreamStatus.COMPLETED);
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
    void completedWithoutAUrlHasNoVideos() throws Exception {
        assertThat(completed("{'video':{'content_type':'video/mp4'},'videos':'nope','url':''}").videos()).isEmpty();
        assertThat(completed("null").videos()).isEmpty();
        TaskReport noData = parse("{'status':'completed','ready':true}");
        assertThat(noData.status()).isEqualTo(UpstreamStatus.COMPLETED);
        assertThat(noData.videos()).isEmpty();
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
