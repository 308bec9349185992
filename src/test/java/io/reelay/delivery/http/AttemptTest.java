package io.reelay.delivery.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.reelay.delivery.http.Attempt.Verdict;

class AttemptTest {

    @ParameterizedTest
    @CsvSource({"200,DELIVERED", "201,DELIVERED", "204,DELIVERED", "299,DELIVERED", "301,FAILED", "302,FAILED",
        "400,FAILED", "401,FAILED", "404,FAILED", "408,FAILED", "410,GONE", "413,FAILED", "429,RETRY", "500,RETRY",
        "502,RETRY", "503,RETRY", "504,RETRY", "100,FAILED"})
    void answersCountAsTheDocsSay(int status, Verdict verdict) {
        assertThat(new Attempt(Instant.EPOCH, status, null, Duration.ZERO, Optional.empty()).verdict())
                .isEqualTo(verdict);
    }

    @ParameterizedTest
    @CsvSource({"timeout,RETRY", "connect timeout,RETRY", "connection refused,RETRY",
        "'refused: host \"10.0.0.1\" is in the special-purpose range 10.0.0.0/8',FAILED"})
    void noAnswerIsRetriedUnlessTheUrlIsRefused(String error, Verdict verdict) {
        assertThat(new Attempt(Instant.EPOCH, 0, error, Duration.ZERO, Optional.empty()).verdict()).isEqualTo(verdict);
    }
}
