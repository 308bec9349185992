package io.reelay.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.reelay.upstream.hub.HubTaskParser;
import io.reelay.upstream.tokenlab.TokenLabTaskParser;

/** The charge a task answer reports: read from the two names that say USD, anything else is no charge. */
class ChargesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
        "{\"cost_usd\": 0.4}|                               0.400000",
        "{\"cost_usd\": \"1.25\"}|                          1.250000",
        "{\"billing\": {\"amount_usd\": 0.1}}|              0.100000",
        "{\"cost_usd\": 0.3, \"billing\": {\"amount_usd\": 9}}| 0.300000",
        "{\"cost_usd\": 0.0000004}|                         0.000000",
        "{\"cost_usd\": 0.0000005}|                         0.000001",
        "{\"cost_usd\": 0}|                                 0.000000",
        "{\"cost_usd\": -1}|                                none",
        "{\"cost_usd\": 1e300}|                             none",
        "{\"cost_usd\": \"free\"}|                          none",
        "{\"cost_usd\": true}|                              none",
        "{\"cost_usd\": {\"amount\": 1}}|                   none",
        "{\"cost\": 12, \"price\": 3}|                      none",
        "{\"billing\": \"0.5\"}|                            none",
        "{}|                                                none",
    })
    void aChargeIsReadOnlyWhereItsUnitIsUsd(String answer, BigDecimal expected) throws Exception {
        JsonNode task = UpstreamJson.MAPPER.readTree(answer);

        assertThat(Charges.usd(task)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"id\": \"t\", \"status\": \"completed\", \"video_url\": \"https://cdn/v.mp4\", \"cost_usd\": 0.4}",
        "{\"id\": \"t\", \"status\": \"completed\", \"video_url\": \"https://cdn/v.mp4\", \"billing\": {\"amount_usd\": 0.4}}",
    })
    void tokenLabAnswersCarryTheCharge(String answer) throws Exception {
        assertThat(TokenLabTaskParser.parseTask(UpstreamJson.MAPPER.readTree(answer)).chargedUsd())
                .isEqualTo(new BigDecimal("0.400000"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"task_id\": \"hub-1\", \"status\": \"completed\", \"ready\": true, \"cost_usd\": 0.4}",
        "{\"task_id\": \"hub-1\", \"status\": \"completed\", \"ready\": true, \"billing\": {\"amount_usd\": \"0.40\"}}",
    })
    void hubAnswersCarryTheCharge(String answer) throws Exception {
        assertThat(HubTaskParser.parseTask(UpstreamJson.MAPPER.readTree(answer)).chargedUsd())
                .isEqualTo(new BigDecimal("0.400000"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "none", value = {"-0.01", "1000000.01", "none"})
    void aReportHoldsNoChargeOutsideItsBounds(BigDecimal charged) {
        TaskReport report = new TaskReport(UpstreamStatus.COMPLETED, "completed", 100, null, null, false, null,
                charged, null);

        assertThat(report.chargedUsd()).isNull();
    }
}
