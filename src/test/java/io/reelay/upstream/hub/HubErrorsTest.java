package io.reelay.upstream.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HubErrorsTest {

    private static HubErrors.ErrorAnswer parse(int status, String body, String retryAfter) {
        return HubErrors.parse(status, body == null ? null : body.replace('\'', '"'), retryAfter);
    }

    @Test
    void tokenLabStyleEnvelope() {
        var answer = parse(429, "{'error':{'message':'Slow down','type':'rate_limit_error','code':'rate_limited',"
                + "'retry_after':20}}", null);
        assertThat(answer.recognised()).isTrue();
        assertThat(answer.error().code()).isEqualTo("rate_limited");
        assertThat(answer.error().type()).isEqualTo("rate_limit_error");
        assertThat(answer.error().retryable()).isTrue();
        assertThat(answer.error().retryAfter()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void errorCodeAndErrorMessage() {
        var answer = parse(400, "{'error_code':'invalid_input','error_message':'duration must be one of 4s, 6s, 8s'}",
                null);
        assertThat(answer.recognised()).isTrue();
        assertThat(answer.error().httpStatus()).isEqualTo(400);
        assertThat(answer.error().code()).isEqualTo("invalid_input");
        assertThat(answer.error().message()).isEqualTo("duration must be one of 4s, 6s, 8s");
        assertThat(answer.error().retryable()).isFalse();
    }

    @Test
    void errorAndMessage() {
        var both = parse(404, "{'error':'task_not_found','message':'No task hub-x'}", null);
        assertThat(both.error().code()).isEqualTo("task_not_found");
        assertThat(both.error().message()).isEqualTo("No task hub-x");
        var errorOnly = parse(401, "{'error':'Unauthorized'}", null);
        assertThat(errorOnly.error().code()).isNull();
        assertThat(errorOnly.error().message()).isEqualTo("Unauthorized");
        assertThat(parse(400, "{'message':'Bad input'}", null).error().message()).isEqualTo("Bad input");
    }

    @Test
    void rawTextIsKeptShortened() {
        var answer = parse(502, "<html>\n  Bad gateway " + "x".repeat(500) + "</html>", null);
        assertThat(answer.recognised()).isFalse();
        assertThat(answer.error().message()).startsWith("HTTP 502: <html> Bad gateway xxx").endsWith("...")
                .hasSizeLessThan(220);
        assertThat(answer.error().retryable()).isTrue();
        assertThat(parse(503, null, null).error().message()).isEqualTo("HTTP 503");
        assertThat(parse(500, "{'unrelated':1}", null).recognised()).isFalse();
    }

    @Test
    void retryAfterHeaderWinsAndStatusDecidesRetry() {
        assertThat(parse(429, "", "7").error().retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(parse(429, "{'error':{'message':'m','retry_after':20}}", "7").error().retryAfter())
                .isEqualTo(Duration.ofSeconds(7));
        for (int status : new int[] {400, 401, 402, 403, 404, 409, 413, 422}) {
            assertThat(parse(status, "{'error_code':'x'}", null).error().retryable()).as("HTTP %d", status).isFalse();
        }
        for (int status : new int[] {408, 429, 500, 502, 503, 504}) {
            assertThat(parse(status, "{'error_code':'x'}", null).error().retryable()).as("HTTP %d", status).isTrue();
        }
    }

    @Test
    void anExplicitRetryableFlagOverridesTheStatusRule() {
        assertThat(parse(500, "{'error_code':'bad_model','retryable':false}", null).error().retryable()).isFalse();
        assertThat(parse(500, "{'error':{'message':'m','retryable':false}}", null).error().retryable()).isFalse();
    }
}
