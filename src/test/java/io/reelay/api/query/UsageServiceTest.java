package io.reelay.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.reelay.api.UsageView;
import io.reelay.api.mapping.UsageViewMapper;
import io.reelay.ledger.SpendLimits;
import io.reelay.lifecycle.query.Instance;
import io.reelay.lifecycle.query.TenantUsage;

/** The parts of a usage query that need no stores: the owner's answers and the forwarded path. */
class UsageServiceTest {

    private static final Instance HOST = new Instance("host", 1);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void theOwnersAnswerIsTheUsageAsTheOwnerReadItServedByTheOwner() throws Exception {
        UsageView view = UsageViewMapper.view(TenantUsage.of("acme", null, Instant.parse("2026-12-03T12:00:00Z")),
                SpendLimits.NONE);

        UsageService.Answer answer = service().fromOwner(HOST, new OwnerForwarder.Answer(200, "application/json",
                JSON.writeValueAsBytes(view), null));

        assertThat(answer).isEqualTo(new UsageService.Answer.Usage(view, HOST));
    }

    @Test
    void anythingButTheOwnersUsageMeansAskAgain() {
        assertThat(service().fromOwner(HOST, new OwnerForwarder.Answer(403, null, new byte[0], null)))
                .isEqualTo(new UsageService.Answer.Unavailable("the owner of this tenant's balance, host:1, answered 403"));
        assertThat(service().fromOwner(HOST, new OwnerForwarder.Answer(200, null, "not json".getBytes(), null)))
                .isInstanceOf(UsageService.Answer.Unavailable.class);
    }

    @Test
    void theForwardedPathIsTheTenantsUsage() {
        assertThat(UsageService.path("team-a.b_c")).isEqualTo("/v1/tenants/team-a.b_c/usage");
    }

    private static UsageService service() {
        return new UsageService(null, null, JSON, null);
    }
}
