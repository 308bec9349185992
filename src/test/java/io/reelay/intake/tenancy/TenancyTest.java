package io.reelay.intake.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.reelay.config.TestConfig;

class TenancyTest {

    private final Tenancy tenancy = new Tenancy("shared");

    @Test
    void aRequestPostedOverTheApiBelongsToItsClientWhetherOrNotItSaysSo() {
        assertThat(tenancy.resolve("acme", null)).isEqualTo(new Tenancy.Resolved("acme", null));
        assertThat(tenancy.resolve("acme", "acme")).isEqualTo(new Tenancy.Resolved("acme", null));
    }

    @Test
    void anApiClientNamingAnotherTenantIsRefusedAndKeepsItsOwn() {
        Tenancy.Resolved resolved = tenancy.resolve("acme", "team-b");

        assertThat(resolved.ok()).isFalse();
        assertThat(resolved.tenant()).isEqualTo("acme");
        assertThat(resolved.error().field()).isEqualTo("tenant");
        assertThat(resolved.error().code()).isEqualTo("not_allowed");
        assertThat(resolved.error().message()).contains("acme", "team-b");
    }

    @Test
    void anApiClientNamingTheDefaultTenantIsRefusedToo() {
        assertThat(tenancy.resolve("acme", "shared").error().code()).isEqualTo("not_allowed");
    }

    @Test
    void aKafkaRequestBelongsToTheTenantItNames() {
        assertThat(tenancy.resolve(null, "team-b")).isEqualTo(new Tenancy.Resolved("team-b", null));
        assertThat(tenancy.resolve(null, "a")).isEqualTo(new Tenancy.Resolved("a", null));
        assertThat(tenancy.resolve(null, "0.team_b-9")).isEqualTo(new Tenancy.Resolved("0.team_b-9", null));
        assertThat(tenancy.resolve(null, "x".repeat(64)).ok()).isTrue();
    }

    @Test
    void aKafkaRequestNamingNoTenantBelongsToTheDefaultTenant() {
        assertThat(tenancy.resolve(null, null)).isEqualTo(new Tenancy.Resolved("shared", null));
        assertThat(Tenancy.DEFAULTS.resolve(null, null).tenant()).isEqualTo("default");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Team", "-team", ".team", "_team", "team b", "team/b", "tëam", "team\n", "\u0000",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void aNameThatIsNoTenantNameIsRefusedAndTheRequestHasTheDefaultTenant(String declared) {
        Tenancy.Resolved resolved = tenancy.resolve(null, declared);

        assertThat(resolved.tenant()).isEqualTo("shared");
        assertThat(resolved.error().field()).isEqualTo("tenant");
        assertThat(resolved.error().code()).isEqualTo("invalid_value");
    }

    @Test
    void aHugeNameIsQuotedOnlyInPart() {
        Tenancy.Resolved resolved = tenancy.resolve(null, "z".repeat(1_000_000));

        assertThat(resolved.error().message()).hasSizeLessThanOrEqualTo(240);
    }

    @Test
    void anOwnerThatIsNoTenantNameIsRefusedNotPassedThrough() {
        Tenancy.Resolved resolved = tenancy.resolve("Acme Corp", null);

        assertThat(resolved.tenant()).isEqualTo("shared");
        assertThat(resolved.error().code()).isEqualTo("invalid_value");
    }

    @Test
    void theDefaultTenantComesFromConfigurationAndMustBeATenantName() {
        assertThat(Tenancy.of(TestConfig.defaults().build()).defaultTenant()).isEqualTo("default");
        assertThat(Tenancy.of(TestConfig.defaults().with("reelay.tenancy.default-tenant", "batch").build())
                .defaultTenant()).isEqualTo("batch");
        assertThatThrownBy(() -> Tenancy.of(TestConfig.defaults().with("reelay.tenancy.default-tenant", "Batch Jobs")
                .build())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("default-tenant");
    }

    @Test
    void prioritiesRunFromOneToFiveWithThreeWhenNoneIsGiven() {
        assertThat(Priority.effective(null)).isEqualTo(3);
        assertThat(Priority.effective(1)).isEqualTo(1);
        assertThat(Priority.effective(5)).isEqualTo(5);
        assertThat(Priority.effective(0)).isEqualTo(3);
        assertThat(Priority.check(null)).isEmpty();
        assertThat(Priority.check(4)).isEmpty();
        assertThat(Priority.check(6)).hasValueSatisfying(e -> {
            assertThat(e.field()).isEqualTo("priority");
            assertThat(e.code()).isEqualTo("invalid_value");
        });
        assertThat(Priority.check(Integer.MIN_VALUE)).isPresent();
    }
}
