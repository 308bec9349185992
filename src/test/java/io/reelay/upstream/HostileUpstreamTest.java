package io.reelay.upstream;

import static io.reelay.upstream.AnswerBounds.assertBoundedFailure;
import static io.reelay.upstream.AnswerBounds.assertWithin;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.config.TestConfig;
import io.reelay.events.FailureReason;
import io.reelay.intake.VideoRequest;
import io.reelay.simulator.ChaosSettings;
import io.reelay.simulator.HostileAnswer;
import io.reelay.simulator.HubSimulator;
import io.reelay.simulator.SimulatorCallLog;
import io.reelay.simulator.SimulatorSettings;
import io.reelay.simulator.TokenLabSimulator;
import io.reelay.lifecycle.submit.SubmitFailure;
import io.reelay.testing.LoopbackHttp;
import io.reelay.testing.MutableClock;
import io.reelay.upstream.hub.HubProvider;
import io.reelay.upstream.tokenlab.TokenLabProvider;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both providers against the simulator's hostile answers, over real HTTP: every answer ends in a
 * report within bounds or a failed Uni with a bounded message, never an exception from the call,
 * never an Error, and within the call's deadline.
 */
class HostileUpstreamTest {

    private static final String KEY = "sk-hostile-test-key";
    private static final Duration TIMEOUT = Duration.ofSeconds(4);
    private static final Duration WAIT = Duration.ofSeconds(8);

    private LoopbackHttp http;
    private VideoProvider tokenlab;
    private VideoProvider hub;
    private SimulatorCallLog callLog;

    private void start(HostileAnswer answer) throws Exception {
        http = LoopbackHttp.start();
        callLog = new SimulatorCallLog(100);
        MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
        SimulatorSettings settings = new SimulatorSettings("/simulator/tokenlab", Duration.ofSeconds(10), Map.of(),
                "https://cdn.test/videos", 100, ChaosSettings.hostileOnly(answer));
        Router router = Router.router(http.vertx());
        new TokenLabSimulator(settings, clock, callLog).mount(router);
        new HubSimulator(settings.withBasePath("/simulator/hub"), clock, callLog).mount(router);
        String root = http.serve(router, "");
        tokenlab = new TokenLabProvider(http.webClient(),
                TestConfig.tokenlab(root + "/simulator/tokenlab", KEY, TIMEOUT));
        hub = new HubProvider(http.webClient(), TestConfig.hub(root + "/simulator/hub", KEY, TIMEOUT));
    }

    @AfterEach
    void stop() throws Exception {
        if (http != null) {
            http.close();
        }
    }

    /** The call's item or failure; the call itself must not throw. */
    private static Object outcome(Supplier<Uni<?>> call) {
        Uni<?> uni = call.get();
        long start = System.nanoTime();
        Object outcome = uni.onItemOrFailure().transform((item, failure) -> failure != null ? failure : item)
                .await().atMost(WAIT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("ended within the call's deadline")
                .isLessThanOrEqualTo(TIMEOUT.plusSeconds(1));
        return outcome;
    }

    private static VideoRequest request() {
        return VideoRequest.builder("req-hostile", "veo3.1").operation("text-to-video").prompt("a cat").build();
    }

    private Object[] submitAndPoll(VideoProvider provider) {
        Object submitted = outcome(() -> provider.submit(request()));
        Object polled = outcome(() -> provider.poll(new TaskHandle("ldtask_0123", null)));
        for (Object o : new Object[] {submitted, polled}) {
            if (o instanceof Throwable t) {
                assertBoundedFailure(t);
            } else if (o instanceof TaskReport r) {
                assertWithin(r);
            } else {
                assertWithin((SubmittedTask) o);
            }
        }
        return new Object[] {submitted, polled};
    }

    @ParameterizedTest
    @EnumSource(HostileAnswer.class)
    void everyHostileAnswerEndsInABoundedReportOrABoundedFailure(HostileAnswer answer) throws Exception {
        start(answer);
        for (VideoProvider provider : new VideoProvider[] {tokenlab, hub}) {
            submitAndPoll(provider);
        }
        assertThat(callLog.faults()).containsEntry("hostile_" + answer.name().toLowerCase(), 4);
    }

    @ParameterizedTest
    @EnumSource(value = HostileAnswer.class, names = {"HUGE_STRINGS", "CONTROL_CHARACTERS"})
    void aTaskIdThatCannotBeKeptFailsTheSubmitAsUpstreamFailedSayingTheTaskMayExist(HostileAnswer answer)
            throws Exception {
        start(answer);
        for (VideoProvider provider : new VideoProvider[] {tokenlab, hub}) {
            Object submitted = submitAndPoll(provider)[0];

            SubmitFailure failure = SubmitFailure.of((Throwable) submitted);
            assertThat(failure.reason()).as(provider.name()).isEqualTo(FailureReason.upstream_failed);
            assertThat(failure.message()).contains("may charge").hasSizeLessThan(2048);
            assertThat(failure.retryable()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(value = HostileAnswer.class, names = {"HUGE_RETRY_AFTER"})
    void aHugeRetryAfterIsHeldToAnHour(HostileAnswer answer) throws Exception {
        start(answer);
        for (VideoProvider provider : new VideoProvider[] {tokenlab, hub}) {
            for (Object o : submitAndPoll(provider)) {
                UpstreamException e = (UpstreamException) o;
                assertThat(e.error().retryAfter()).as(provider.name()).isEqualTo(UpstreamBounds.MAX_RETRY_AFTER);
                assertThat(e.error().retryable()).isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = HostileAnswer.class, names = {"UNBOUNDED_BODY"})
    void anEndlessBodyFailsTheCallAtTheSizeLimit(HostileAnswer answer) throws Exception {
        start(answer);
        for (VideoProvider provider : new VideoProvider[] {tokenlab, hub}) {
            for (Object o : submitAndPoll(provider)) {
                assertThat(((Throwable) o).getMessage()).as(provider.name())
                        .contains("larger than " + UpstreamBounds.MAX_BODY_BYTES + " bytes");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = HostileAnswer.class, names = {"MANY_VIDEOS"})
    void thousandsOfVideosAreCutToTheFirstSixteen(HostileAnswer answer) throws Exception {
        start(answer);
        for (VideoProvider provider : new VideoProvider[] {tokenlab, hub}) {
            TaskReport report = (TaskReport) submitAndPoll(provider)[1];
            assertThat(report.status()).isEqualTo(UpstreamStatus.COMPLETED);
            assertThat(report.videos()).as(provider.name()).hasSize(UpstreamBounds.MAX_VIDEOS);
        }
    }

    @ParameterizedTest
    @EnumSource(value = HostileAnswer.class, names = {"HUGE_TIMESTAMPS", "OUT_OF_RANGE_NUMBERS"})
    void outOfRangeTimesAndNumbersAreDroppedOrHeld(HostileAnswer answer) throws Exception {
        start(answer);
        TaskReport tokenlabReport = (TaskReport) submitAndPoll(tokenlab)[1];
        TaskReport hubReport = (TaskReport) submitAndPoll(hub)[1];

        assertThat(tokenlabReport.updatedAt()).isNull();
        assertThat(hubReport.updatedAt()).isNull();
        if (answer == HostileAnswer.OUT_OF_RANGE_NUMBERS) {
            assertThat(tokenlabReport.progress()).isEqualTo(100);
        } else {
            VideoOutput video = tokenlabReport.videos().get(0);
            assertThat(video.durationSeconds()).isNull();
            assertThat(video.width()).isNull();
            assertThat(video.height()).isNull();
            assertThat(hubReport.videos().get(0).fileSizeBytes()).isNull();
        }
    }
}
