package io.reelay.intake.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.reelay.catalog.ModelCatalog;
import io.reelay.config.TestConfig;
import io.reelay.intake.ValidationError;
import io.reelay.intake.VideoRequest;

/** Which gateway a request for an id several gateways serve goes to (docs/contract.md, "Routing"). */
class RequestRoutingTest {

    private static final ModelCatalog SHIPPED = ModelCatalog.load();
    private static final String IMG = "https://example.com/a.png";

    /** Two gateways offering the same operation for one id: only the request's provider or a route can decide. */
    private static final ModelCatalog TWIN = catalog("""
            models:
              - {id: twin, provider: tokenlab, vendor: X, operations: [text-to-video]}
              - id: twin
                provider: hub
                vendor: X
                operations: [text-to-video]
                parameters:
                  - {name: prompt, type: string, required: true}
                  - {name: end_user_id, type: string}
            """);

    private static Validated validate(ModelCatalog catalog, Map<String, String> routes, VideoRequest.Builder r) {
        return new RequestValidator(catalog, TestConfig.defaults().validation(), routes).validate(r.build());
    }

    private static VideoRequest.Builder seedance() {
        return VideoRequest.builder("r", "seedance-2.0").prompt("a dancer");
    }

    @Test
    void aRequestThatFitsBothGatewaysIsRefusedWithTheChoices() {
        Validated v = validate(TWIN, Map.of(), VideoRequest.builder("r", "twin").prompt("x"));
        assertThat(v.errors()).extracting(ValidationError::field, ValidationError::code)
                .containsExactly(tuple("provider", "ambiguous_model"));
        assertThat(v.errors().get(0).allowed()).containsExactly("tokenlab", "hub");
        assertThat(v.model()).isNull();
    }

    @Test
    void theConfiguredRouteDecidesWhatTheRequestLeavesOpen() {
        Validated v = validate(TWIN, Map.of("twin", "hub"), VideoRequest.builder("r", "twin").prompt("x"));
        assertThat(v.errors()).isEmpty();
        assertThat(v.model().provider()).isEqualTo("hub");
        assertThat(v.request().provider()).isEqualTo("hub");
    }

    @Test
    void theNamedProviderWinsOverTheRoute() {
        Validated v = validate(TWIN, Map.of("twin", "hub"), VideoRequest.builder("r", "twin").prompt("x")
                .provider("tokenlab"));
        assertThat(v.errors()).isEmpty();
        assertThat(v.model().provider()).isEqualTo("tokenlab");
    }

    @Test
    void theHubShapeOrAParameterOnlyTheHubTakesChoosesTheHub() {
        assertThat(validate(TWIN, Map.of("twin", "tokenlab"), VideoRequest.builder("r", "twin").prompt("x")
                .inputShaped(true)).model().provider()).isEqualTo("hub");
        assertThat(validate(TWIN, Map.of("twin", "tokenlab"), VideoRequest.builder("r", "twin").prompt("x")
                .parameters(Map.of("end_user_id", "\"u-1\""))).model().provider()).isEqualTo("hub");
    }

    @Test
    void aProviderThatDoesNotServeTheIdIsRefusedNamingThoseThatDo() {
        Validated v = validate(SHIPPED, Map.of(), seedance().provider("openai"));
        assertThat(v.errors()).extracting(ValidationError::field, ValidationError::code)
                .containsExactly(tuple("provider", "invalid_value"));
        assertThat(v.errors().get(0).allowed()).containsExactlyInAnyOrder("tokenlab", "hub");
        assertThat(validate(SHIPPED, Map.of(), VideoRequest.builder("r", "veo3.1").prompt("x").provider("hub"))
                .errors()).extracting(ValidationError::field, ValidationError::allowed)
                .containsExactly(tuple("provider", List.of("tokenlab")));
    }

    @Test
    void seedanceGoesWhereItsOperationIsDocumented() {
        assertThat(validate(SHIPPED, Map.of(), seedance()).model().provider()).isEqualTo("hub");
        assertThat(validate(SHIPPED, Map.of(), seedance().referenceImages(List.of(IMG))).model().provider())
                .isEqualTo("tokenlab");
        assertThat(validate(SHIPPED, Map.of(), seedance().operation("reference-to-video")
                .referenceImages(List.of(IMG))).model().provider()).isEqualTo("tokenlab");
        assertThat(validate(SHIPPED, Map.of(), seedance().parameters(Map.of("image_urls", "[\"" + IMG + "\"]")))
                .model().provider()).isEqualTo("tokenlab");
    }

    @Test
    void theRoutedProviderIsKeptSoTheRequestIsJudgedTheSameAgain() {
        Validated first = validate(SHIPPED, Map.of("seedance-2.0", "tokenlab"), seedance());
        assertThat(first.errors()).isEmpty();
        Validated again = validate(SHIPPED, Map.of("seedance-2.0", "tokenlab"), first.request().toBuilder());
        assertThat(again.errors()).isEmpty();
        assertThat(again.model()).isEqualTo(first.model());
        assertThat(again.request()).isEqualTo(first.request());
    }

    @Test
    void aRefusedRequestStillNamesTheGatewayItWasJudgedFor() {
        Validated v = validate(SHIPPED, Map.of(), seedance().provider("hub").referenceImages(List.of(IMG)));
        assertThat(v.model().provider()).isEqualTo("hub");
        assertThat(v.errors()).extracting(ValidationError::field, ValidationError::code)
                .contains(tuple("reference_images", "not_allowed"));
    }

    private static ModelCatalog catalog(String yaml) {
        try {
            return ModelCatalog.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
