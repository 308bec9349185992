package io.reelay.intake.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.reelay.catalog.CatalogOverlay;
import io.reelay.catalog.DiscoveredModel;
import io.reelay.catalog.ModelCatalog;
import io.reelay.catalog.ModelLifecycle;
import io.reelay.catalog.ServiceLimits;
import io.reelay.config.ReelayConfig.Catalog.RetiredModels;
import io.reelay.config.TestConfig;
import io.reelay.intake.ValidationError;
import io.reelay.intake.VideoRequest;

/** The rules discovery adds to validation: retired models, and each model's own prompt limit. */
class CatalogRulesTest {

    private static final Instant RETIRED_AT = Instant.parse("2026-09-24T00:00:00Z");
    private static final Instant BEFORE = RETIRED_AT.minusSeconds(1);
    private static final Instant AFTER = RETIRED_AT.plusSeconds(3600);
    private static final ModelCatalog SHIPPED = ModelCatalog.load();

    private static DiscoveredModel lifecycle(String id, String replacement) {
        return new DiscoveredModel("tokenlab", id, null, null, null, null, null, null, null, null,
                new ModelLifecycle("retired", null, RETIRED_AT, null, replacement), null, null);
    }

    private static ModelCatalog catalog(DiscoveredModel... discovered) {
        return CatalogOverlay.overlay(SHIPPED, List.of(discovered)).catalog();
    }

    private static RequestValidator validator(ModelCatalog catalog, RetiredModels policy, Instant now) {
        return new RequestValidator(() -> catalog, TestConfig.defaults().validation(), policy,
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private static VideoRequest textToVideo(String model, String prompt) {
        return VideoRequest.builder("r-1", model).prompt(prompt).build();
    }

    @Test
    void aRetiredModelIsRefusedNamingItsReplacement() {
        Validated v = validator(catalog(lifecycle("sora-2", "veo3.1")), RetiredModels.REFUSE, AFTER)
                .validate(textToVideo("sora-2", "A cat"));

        assertThat(v.ok()).isFalse();
        assertThat(v.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("model");
            assertThat(e.code()).isEqualTo("model_retired");
            assertThat(e.allowed()).containsExactly("veo3.1");
            assertThat(e.message()).contains("veo3.1").contains("2026-09-24");
        });
    }

    @Test
    void beforeItsRetirementTheModelIsAccepted() {
        Validated v = validator(catalog(lifecycle("sora-2", "veo3.1")), RetiredModels.REFUSE, BEFORE)
                .validate(textToVideo("sora-2", "A cat"));

        assertThat(v.errors()).isEmpty();
    }

    @Test
    void withoutAReplacementTheRefusalSaysSo() {
        Validated v = validator(catalog(lifecycle("sora-2", null)), RetiredModels.SUBSTITUTE, AFTER)
                .validate(textToVideo("sora-2", "A cat"));

        assertThat(v.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("model_retired");
            assertThat(e.allowed()).isEmpty();
            assertThat(e.message()).contains("no replacement");
        });
    }

    @Test
    void whenTheDeploymentOptsInTheReplacementServesTheRequestAndTheEventsSaySo() {
        Validated v = validator(catalog(lifecycle("sora-2", "veo3.1")), RetiredModels.SUBSTITUTE, AFTER)
                .validate(textToVideo("sora-2", "A cat"));

        assertThat(v.errors()).isEmpty();
        assertThat(v.model().id()).isEqualTo("veo3.1");
        assertThat(v.request().model()).isEqualTo("veo3.1");
        assertThat(v.request().metadata()).containsEntry(CatalogRules.SUBSTITUTED_FOR, "sora-2");
    }

    @Test
    void aReplacementThatIsRetiredItselfIsNoSubstitute() {
        Validated v = validator(catalog(lifecycle("sora-2", "veo3.1"), lifecycle("veo3.1", null)),
                RetiredModels.SUBSTITUTE, AFTER).validate(textToVideo("sora-2", "A cat"));

        assertThat(v.errors()).extracting(ValidationError::code).containsExactly("model_retired");
    }

    @Test
    void aProducerCannotClaimASubstitutionThatDidNotHappen() {
        VideoRequest forged = textToVideo("veo3.1", "A cat").toBuilder()
                .metadata(Map.of(CatalogRules.SUBSTITUTED_FOR, "sora-2", "mine", "kept")).build();

        Validated v = validator(SHIPPED, RetiredModels.SUBSTITUTE, AFTER).validate(forged);

        assertThat(v.request().metadata()).containsOnlyKeys("mine");
    }

    @Test
    void anAdmittedRequestIsNotStoppedByARetirementSinceItsAdmission() {
        RequestValidator judge = validator(catalog(lifecycle("sora-2", "veo3.1")), RetiredModels.REFUSE, AFTER);

        assertThat(judge.revalidate(textToVideo("sora-2", "A cat")).errors()).isEmpty();
        assertThat(judge.validate(textToVideo("sora-2", "A cat")).ok()).isFalse();
    }

    @Test
    void theModelsOwnPromptLimitIsAFieldError() {
        DiscoveredModel limited = new DiscoveredModel("tokenlab", "veo3.1-fast", null, null, null, null, null, null,
                null, null, null, new ServiceLimits(null, null, 20), null);
        RequestValidator judge = validator(catalog(limited), RetiredModels.REFUSE, AFTER);

        Validated tooLong = judge.validate(textToVideo("veo3.1-fast", "x".repeat(21)));
        Validated fits = judge.validate(textToVideo("veo3.1-fast", "x".repeat(20)));

        assertThat(tooLong.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("prompt");
            assertThat(e.code()).isEqualTo("too_long");
            assertThat(e.message()).contains("20");
        });
        assertThat(fits.errors()).isEmpty();
    }

    @Test
    void eachRequestIsJudgedByTheCatalogOfItsMoment() {
        AtomicReference<ModelCatalog> live = new AtomicReference<>(SHIPPED);
        RequestValidator judge = new RequestValidator(live::get, TestConfig.defaults().validation(),
                RetiredModels.REFUSE, Clock.fixed(AFTER, ZoneOffset.UTC));

        assertThat(judge.validate(textToVideo("sora-2", "A cat")).ok()).isTrue();
        live.set(catalog(lifecycle("sora-2", "veo3.1")));
        assertThat(judge.validate(textToVideo("sora-2", "A cat")).ok()).isFalse();
    }
}
