package io.reelay.upstream.tokenlab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenLabErrorsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static TokenLabErrors.ErrorAnswer parse(int status, String body, String retryAfter) {
        return TokenLabErrors.parse(status, body == null ? null : body.replace('\'', '"'), retryAfter, MAPPER);
    }

    @Test
    void rateLimitHonoursTheRetryAfterHeader() {
        var answer = parse(429, "{'error':{'message':'Slow down','type':'rate_limit_error','code':'rate_limit_exceeded',"
                + "'retryable':true,'retry_after':20}}", "7");
        assertThat(answer.enveloped()).isTrue();
        assertThat(answer.error().httpStatus()).isEqualTo(429);
        assertThat(answer.error().code()).isEqualTo("rate_limit_exceeded");
        assertThat(answer.error().retryable()).isTrue();
        assertThat(answer.error().retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void envelopeRetryAfterIsUsedWithoutTheHeader() {
        assertThat(parse(429, "{'error':{'message':'m','type':'t','retry_after':20}}", null).error().retryAfter())
                .isEqualTo(Duration.ofSeconds(20));
        assertThat(parse(429, "{'error':{'message':'m','type':'t'}}", "Wed, 21 Oct 2026 07:28:00 GMT").error().retryAfter())
                .isNull();
    }

    @Test
    void clientErrorsAreNotRetryable() {
        for (int status : new int[] {400, 401, 402, 403, 404, 413}) {
            assertThat(parse(status, "{'error':{'message':'m','type':'t'}}", null).error().retryable())
                    .as("HTTP %d", status).isFalse();
        }
    }

    @Test
    void serverErrorsAndMaterialPreparingAreRetryable() {
        assertThat(parse(503, "{'error':{'message':'m','type':'t','code':'all_channels_failed'}}", null).error().retryable()).isTrue();
        assertThat(parse(409, "{'error':{'message':'m','type':'t','code':'seedance_material_preparing'}}", null).error().retryable()).isTrue();
        assertThat(parse(409, "{'error':{'message':'m','type':'t','code':'task_not_cancellable'}}", null).error().retryable()).isFalse();
    }

    @Test
    void theEnvelopeOverridesTheStatusRule() {
        assertThat(parse(500, "{'error':{'message':'m','type':'t','retryable':false}}", null).error().retryable()).isFalse();
    }

    @Test
    void garbledOrMissingEnvelopeStillGivesTheStatus() {
        var garbled = parse(502, "<html>Bad gateway</html>", null);
        assertThat(garbled.enveloped()).isFalse();
        assertThat(garbled.error().httpStatus()).isEqualTo(502);
        assertThat(garbled.error().message()).isEqualTo("HTTP 502");
        assertThat(garbled.error().retryable()).isTrue();
        assertThat(parse(401, null, null).error().retryable()).isFalse();
        assertThat(parse(400, "{'error':", null).enveloped()).isFalse();
    }
}
