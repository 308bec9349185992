package io.reelay.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A catalog that breaks the format or its rules is refused at load, with a message naming the culprit. */
class CatalogValidationTest {

    private static final String VEO = """
              - id: veo3.1
                provider: tokenlab
                vendor: Google
                operations: [text-to-video]
            """;

    @Test
    void theSameIdTwiceForOneProviderIsRefused() {
        assertThatThrownBy(() -> read(VEO + VEO))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessage("model veo3.1 (tokenlab) is in the catalog twice");
    }

    @Test
    void theSameIdForTwoProvidersIsTwoModels() throws IOException {
        ModelCatalog catalog = read(VEO + VEO.replace("tokenlab", "hub"));

        assertThat(catalog.all()).hasSize(2);
        assertThat(catalog.find("veo3.1").orElseThrow().provider()).isEqualTo("tokenlab");
        assertThat(catalog.routedBy(id -> "hub").find("veo3.1").orElseThrow().provider()).isEqualTo("hub");
    }

    @Test
    void anUnknownFieldIsRefused() {
        assertThatThrownBy(() -> read(VEO + "    colour: blue\n"))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("Unrecognized field \"colour\"")
                .hasMessageContaining("(line ");
    }

    @Test
    void anUnknownOperationIsRefused() {
        assertThatThrownBy(() -> read(VEO.replace("text-to-video", "text-to-hologram")))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("unknown operation text-to-hologram");
    }

    @Test
    void aModelWithoutOperationsIsRefused() {
        assertThatThrownBy(() -> read(VEO.replace("[text-to-video]", "[]")))
                .hasMessage("model veo3.1 (tokenlab) offers no operation");
    }

    @Test
    void aModelWithoutProviderIsRefused() {
        assertThatThrownBy(() -> read(VEO.replace("    provider: tokenlab\n", "")))
                .hasMessage("model veo3.1 has no provider");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{name: duration, type: integer, default: \"5\"}"
                + "| parameter duration: default \"5\" is not of type integer (unquote it in YAML)",
        "{name: duration, type: string, default: 8}"
                + "| parameter duration: default 8 is not of type string (quote it in YAML)",
        "{name: duration, type: string, default: \"9s\", values: [\"4s\", \"8s\"]}"
                + "| parameter duration: default \"9s\" is not one of its values",
        "{name: duration, type: string, values: [4, 8]}"
                + "| parameter duration: value 4 is not of type string",
        "{name: duration, type: integer, default: 20, min: 2, max: 15}"
                + "| parameter duration: default 20 is out of its range",
        "{name: duration, type: integer, min: 15, max: 2}"
                + "| parameter duration: min 15 is above max 2",
        "{name: prompt, type: string, min: 1}"
                + "| parameter prompt: min and max apply to numbers only",
        "{name: seed, type: integer, max_length: 10}"
                + "| parameter seed: max_length applies to strings only and must be positive",
        "{name: prompt}"
                + "| parameter prompt has no type",
        "{name: prompt, type: text}"
                + "| unknown parameter type text",
    })
    void aParameterThatBreaksItsRulesIsRefused(String parameter, String message) {
        assertThatThrownBy(() -> read(VEO + "    parameters:\n      - " + parameter + "\n"))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining(message.trim());
    }

    @Test
    void oneOfMustNameParameters() {
        String yaml = VEO + """
                    one_of: [[prompt, multi_prompt]]
                    parameters:
                      - {name: prompt, type: string}
                """;
        assertThatThrownBy(() -> read(yaml))
                .hasMessage("model veo3.1 (tokenlab): one_of names multi_prompt, which is not a parameter");
    }

    @Test
    void passThroughSetsResolveIntoTheModelsParameters() throws IOException {
        String yaml = "parameter_sets:\n  extras:\n    - {name: seed, type: integer}\n"
                + "models:\n" + VEO
                + "    pass_through_sets: [extras]\n    pass_through:\n      - {name: watermark, type: boolean}\n";
        ModelSpec veo = ModelCatalog.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                .find("veo3.1").orElseThrow();
        assertThat(veo.passThrough()).extracting(ParameterSpec::name).containsExactly("seed", "watermark");
    }

    @Test
    void anUnknownPassThroughSetIsRefused() {
        assertThatThrownBy(() -> read(VEO + "    pass_through_sets: [nope]\n"))
                .hasMessage("model veo3.1: pass_through_sets names nope, which is not in parameter_sets");
    }

    @Test
    void maxItemsAppliesToArraysOnly() {
        assertThatThrownBy(() -> read(VEO + "    pass_through:\n      - {name: seed, type: integer, max_items: 3}\n"))
                .hasMessageContaining("max_items applies to arrays only");
    }

    @Test
    void anEmptyFileIsAnEmptyCatalog() throws IOException {
        assertThat(read("").all()).isEmpty();
    }

    private static ModelCatalog read(String models) throws IOException {
        String yaml = "models:\n" + models;
        return ModelCatalog.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }
}
