package io.reelay.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.reelay.config.TestConfig;
import io.reelay.upstream.UpstreamHttp.Answer;
import io.reelay.upstream.UpstreamHttp.CallTimeout;
import io.reelay.upstream.hub.HubProvider;
import io.reelay.upstream.tokenlab.TokenLabProvider;
import io.reelay.observability.telemetry.UpstreamTelemetry;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Each provider's error table gives the same provider-neutral meaning, so the lifecycle and the circuit
 * breaker never name an upstream's codes.
 */
class FailureClassTest {

    private static final String BASE = "https://api.upstream.test";
    private static final Vertx VERTX = Vertx.vertx();
    private static final WebClient CLIENT = WebClient.create(VERTX);
    private static final Duration WAIT = Duration.ofSeconds(1);
    private static final ProviderClient TOKENLAB = new TokenLabProvider(CLIENT,
            TestConfig.tokenlab(BASE, null, WAIT));
    private static final ProviderClient HUB = new HubProvider(CLIENT, TestConfig.hub(BASE, null, WAIT));

    @AfterAll
    static void close() {
        CLIENT.close();
        VERTX.closeAndAwait();
    }

    private static UpstreamException poll(ProviderClient provider, int status, String body) {
        return catchThrowableOfType(UpstreamException.class,
                () -> provider.readPoll(new Answer(status, body.replace('\'', '"'), null)));
    }

    private static String tokenLabError(String code) {
        return "{'error':{'message':'m','type':'t','code':'" + code + "'}}";
    }

    @Test
    void aTaskTheUpstreamNoLongerKnowsIsGoneWhicheverUpstreamSaysSo() {
        assertThat(poll(TOKENLAB, 404, tokenLabError("async_task_not_found")).failureClass())
                .isEqualTo(FailureClass.TASK_GONE);
        // TokenLab's code says it whatever the status a gateway put on it.
        assertThat(poll(TOKENLAB, 400, tokenLabError("async_task_not_found")).failureClass())
                .isEqualTo(FailureClass.TASK_GONE);
        assertThat(poll(HUB, 404, "{'error_code':'not_found','error_message':'no such task'}").failureClass())
                .isEqualTo(FailureClass.TASK_GONE);
        assertThat(UpstreamException.taskGone(poll(HUB, 404, "not json"))).isTrue();
    }

    @Test
    void aTaskOfAnotherKeyOrARefusedCallIsNotGone() {
        UpstreamException notOwned = poll(TOKENLAB, 403, tokenLabError("task_not_owned"));
        assertThat(notOwned.failureClass()).isEqualTo(FailureClass.REFUSED);
        assertThat(UpstreamException.taskGone(notOwned)).isFalse();
        assertThat(poll(HUB, 401, "{'error':'unauthorized','message':'bad key'}").failureClass())
                .isEqualTo(FailureClass.REFUSED);
    }

    @Test
    void rateLimitsAndTryLaterAnswersSayTheUpstreamIsUp() {
        assertThat(poll(TOKENLAB, 429, tokenLabError("rate_limit_exceeded")).failureClass())
                .isEqualTo(FailureClass.RATE_LIMITED);
        assertThat(poll(HUB, 429, "").failureClass()).isEqualTo(FailureClass.RATE_LIMITED);
        assertThat(poll(TOKENLAB, 409, tokenLabError("seedance_material_preparing")).failureClass())
                .isEqualTo(FailureClass.RETRY_LATER);
        for (FailureClass upstreamUp : new FailureClass[] {FailureClass.RATE_LIMITED, FailureClass.RETRY_LATER,
            FailureClass.REFUSED, FailureClass.TASK_GONE, FailureClass.LOCAL_STALL}) {
            assertThat(upstreamUp.upstreamTrouble()).as(upstreamUp.name()).isFalse();
        }
    }

    @Test
    void serverErrorsAndUnreadableAnswersAreTrouble() {
        assertThat(poll(TOKENLAB, 503, tokenLabError("all_channels_failed")).failureClass())
                .isEqualTo(FailureClass.UNAVAILABLE);
        assertThat(poll(HUB, 502, "<html>bad gateway</html>").failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
        assertThat(poll(TOKENLAB, 200, "{'status':").failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
        assertThat(FailureClass.UNAVAILABLE.upstreamTrouble()).isTrue();
    }

    @Test
    void aDeadlineNoticedOnTimeIsTheUpstreamsSilenceOneNoticedLateIsOurs() {
        UpstreamHttp http = new UpstreamHttp(CLIENT, Optional.empty(), "tokenlab", UpstreamTelemetry.disabled());

        UpstreamException onTime = http.noAnswer(new CallTimeout(Duration.ofSeconds(10), Duration.ofMillis(3)), false);
        UpstreamException late = http.noAnswer(new CallTimeout(Duration.ofSeconds(10), Duration.ofSeconds(4)), true);
        UpstreamException reset = http.noAnswer(new IOException("Connection reset by peer"), true);

        assertThat(onTime.failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
        assertThat(late.failureClass()).isEqualTo(FailureClass.LOCAL_STALL);
        assertThat(reset.failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
        // Late or not, a submit without an answer may have been charged: its outcome stays unknown.
        assertThat(late.kind()).isEqualTo(UpstreamException.Kind.NO_ANSWER);
        assertThat(late.error().retryable()).isFalse();
        assertThat(late.getMessage()).isEqualTo(onTime.getMessage());
    }
}
