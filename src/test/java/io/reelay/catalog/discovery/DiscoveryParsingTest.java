package io.reelay.catalog.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelay.catalog.DiscoveredModel;
import io.reelay.catalog.InputLimits;
import io.reelay.catalog.ModelLifecycle;
import io.reelay.catalog.Operation;
import io.reelay.catalog.ParameterSpec;
import io.reelay.catalog.ParameterType;
import io.reelay.catalog.RequestFormat;
import io.reelay.catalog.ServiceLimits;

/** The discovery readers against answers in the documented shapes, with fields missing, and with garbage. */
class DiscoveryParsingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A TokenLab entry of {@code GET /v1/models?category=video&view=full}, as the public documentation lays it out. */
    static final String SEEDANCE_FULL = """
            {"id": "seedance-2.0", "object": "model", "created": 1735689600, "owned_by": "bytedance",
             "name": "Seedance 2.0", "category": "video",
             "lifecycle": {"stage": "active", "deprecated_at": null, "retired_at": null, "sunset_at": null,
                           "replacement_model": null},
             "tokenlab": {"request_format_summary": {
                 "supported_operations": ["reference-to-video"],
                 "durations": [4, 5, 6, 8, 10, 12, 15], "resolutions": ["480p", "720p", "1080p"],
                 "aspect_ratios": ["16:9", "9:16", "1:1"], "required_selectors": [], "optional_selectors": ["duration"],
                 "operation_constraints": [{"operation": "reference-to-video", "allowed_durations": [4, 5],
                     "required_inputs": [["reference_images"]],
                     "documented_inputs": [{"name": "prompt", "type": "string", "required": true},
                                           {"name": "reference_images", "type": "array", "required": false, "max_items": 9},
                                           {"name": "video_urls", "type": "array", "required": false, "max_items": 3},
                                           {"name": "audio_urls", "type": "array", "required": false, "max_items": 3}]}]}},
             "service_limits": {"online_rpm": 120, "concurrency": 20, "prompt_max_characters": 2000},
             "pricing_summary": {"currency": "USD", "billing_unit": "per_second", "price_per_second_usd": 0.12},
             "something_new": {"nested": [1, 2, 3]}}
            """;

    static final String SORA_RETIRED = """
            {"id": "sora-2", "object": "model", "owned_by": "openai", "name": "Sora 2",
             "lifecycle": {"stage": "retired", "deprecated_at": "2026-08-01T00:00:00Z",
                           "retired_at": "2026-09-24T00:00:00Z", "sunset_at": "2027-03-24T00:00:00Z",
                           "replacement_model": "veo3.1"}}
            """;

    /** A hub detail answer: the entry plus its input_schema (JSON-schema style). */
    static final String KLING_DETAIL = """
            {"id": "kling-v3-pro", "name": "Kling v3 Pro", "vendor": "kuaishou", "capability": "video",
             "category": "text-to-video", "description": "Kling v3 Pro text-to-video.", "status": "active",
             "lifecycle": {"stage": "active"},
             "input_schema": {"type": "object", "required": [],
                "oneOf": [{"required": ["prompt"]}, {"required": ["multi_prompt"]}],
                "properties": {
                   "prompt": {"type": "string", "description": "Text prompt."},
                   "duration": {"type": "string", "default": "5", "enum": ["3", "5", "10", "15"]},
                   "cfg_scale": {"type": "number", "default": 0.5, "minimum": 0, "maximum": 1},
                   "multi_prompt": {"type": "array", "maxItems": 6},
                   "generate_audio": {"type": "boolean", "default": true},
                   "mystery": {"type": "object"}}},
             "pricing": {"currency": "USD"}}
            """;

    @Test
    void aFullTokenLabEntryGivesEveryFactItStates() throws Exception {
        Discovery d = TokenLabModels.list(JSON.readTree("{\"object\":\"list\",\"data\":[" + SEEDANCE_FULL + "]}"));

        assertThat(d.skipped()).isZero();
        assertThat(d.seen()).containsExactly("seedance-2.0");
        DiscoveredModel m = d.models().get(0);
        assertThat(m.provider()).isEqualTo("tokenlab");
        assertThat(m.operations()).containsExactly(Operation.REFERENCE_TO_VIDEO);
        assertThat(m.limits()).isEqualTo(new InputLimits(9, 3, 3));
        assertThat(m.serviceLimits()).isEqualTo(new ServiceLimits(120, 20, 2000));
        assertThat(m.format()).isEqualTo(new RequestFormat(List.of(4, 5, 6, 8, 10, 12, 15),
                List.of("480p", "720p", "1080p"), List.of("16:9", "9:16", "1:1")));
        assertThat(m.lifecycle()).isEqualTo(new ModelLifecycle("active", null, null, null, null));
        assertThat(m.name()).isEqualTo("Seedance 2.0");
    }

    @Test
    void aRetiredEntryCarriesItsDatesAndReplacement() throws Exception {
        DiscoveredModel m = TokenLabModels.model(JSON.readTree(SORA_RETIRED));

        assertThat(m.lifecycle().retiredAt()).isEqualTo(Instant.parse("2026-09-24T00:00:00Z"));
        assertThat(m.lifecycle().replacementModel()).isEqualTo("veo3.1");
        assertThat(m.lifecycle().retired(Instant.parse("2026-12-02T00:00:00Z"))).isTrue();
        assertThat(m.lifecycle().retired(Instant.parse("2026-09-23T23:59:59Z"))).isFalse();
    }

    @Test
    void aCompactEntryAsksForItsDetailsAndStatesNoRules() throws Exception {
        JsonNode compact = JSON.readTree(SORA_RETIRED);

        assertThat(TokenLabModels.compact(compact)).isTrue();
        assertThat(TokenLabModels.compact(JSON.readTree(SEEDANCE_FULL))).isFalse();
        DiscoveredModel m = TokenLabModels.model(compact);
        assertThat(m.operations()).isEmpty();
        assertThat(m.limits()).isNull();
        assertThat(m.serviceLimits()).isNull();
    }

    @Test
    void operationsComeFromTheConstraintsWhenNoListIsGivenAndUnknownOnesAreIgnored() throws Exception {
        DiscoveredModel m = TokenLabModels.model(JSON.readTree("""
                {"id": "kling-4.0", "tokenlab": {"request_format_summary": {"operation_constraints": {
                   "text-to-video": {}, "audio-to-video": {}, "dream-to-video": {}}}}}
                """));

        assertThat(m.operations()).containsExactlyInAnyOrder(Operation.TEXT_TO_VIDEO, Operation.AUDIO_TO_VIDEO);
    }

    @Test
    void anOperationTheConstraintsDescribeJoinsTheListedOnesWithItsInputs() throws Exception {
        DiscoveredModel m = TokenLabModels.model(JSON.readTree("""
                {"id": "veo3.1", "tokenlab": {"request_format_summary": {
                   "supported_operations": ["text-to-video", "image-to-video"],
                   "operation_constraints": [
                     {"operation": "text-to-video", "documented_inputs": [{"name": "prompt", "type": "string"}]},
                     {"operation": "audio-to-video", "documented_inputs": [
                        {"name": "prompt", "type": "string", "required": true},
                        {"name": "audio_url", "type": "string", "required": true}]},
                     {"operation": "video-extension", "documented_inputs": [
                        {"name": "video_urls", "type": "array", "max_items": 2}]},
                     {"operation": 7}, "not an object"]}}}
                """));

        assertThat(m.operations()).containsExactlyInAnyOrder(Operation.TEXT_TO_VIDEO, Operation.IMAGE_TO_VIDEO,
                Operation.AUDIO_TO_VIDEO, Operation.VIDEO_EXTENSION);
        assertThat(m.limits()).isEqualTo(new InputLimits(null, 2, null));
    }

    @Test
    void theFormatIsTheSummarysElseTheUnionOfTheOperationsAllowedValues() throws Exception {
        DiscoveredModel m = TokenLabModels.model(JSON.readTree("""
                {"id": "viduq3-pro", "tokenlab": {"request_format_summary": {
                   "durations": ["bad", -4, {}], "resolutions": ["720p"],
                   "operation_constraints": [
                     {"operation": "text-to-video", "allowed_durations": [5, "8s"], "allowed_aspect_ratios": ["16:9"],
                      "allowed_resolutions": ["4k"]},
                     {"operation": "image-to-video", "allowed_durations": [8, 10, null],
                      "allowed_aspect_ratios": "9:16"}]}}}
                """));

        // durations: the summary's list has nothing readable, so the operations' lists stand in for it
        assertThat(m.format()).isEqualTo(new RequestFormat(List.of(5, 8, 10), List.of("720p"), List.of("16:9")));
    }

    @Test
    void aSummaryWithNoReadableValuesStatesNoFormat() throws Exception {
        DiscoveredModel m = TokenLabModels.model(JSON.readTree("""
                {"id": "veo3.1", "tokenlab": {"request_format_summary": {"supported_operations": ["text-to-video"],
                   "durations": [], "resolutions": [7, ""], "aspect_ratios": null}}}
                """));

        assertThat(m.format()).isNull();
    }

    @Test
    void theHubsInputSchemaBecomesAParameterTable() throws Exception {
        DiscoveredModel m = HubModels.model(JSON.readTree(KLING_DETAIL));

        assertThat(m.provider()).isEqualTo("hub");
        assertThat(m.operations()).containsExactly(Operation.TEXT_TO_VIDEO);
        assertThat(m.parameters()).extracting(ParameterSpec::name)
                .containsExactly("prompt", "duration", "cfg_scale", "multi_prompt", "generate_audio");
        ParameterSpec duration = m.parameters().get(1);
        assertThat(duration.type()).isEqualTo(ParameterType.STRING);
        assertThat(duration.defaultValue().asText()).isEqualTo("5");
        assertThat(duration.values()).extracting(JsonNode::asText).containsExactly("3", "5", "10", "15");
        assertThat(m.parameters().get(2).max()).isEqualByComparingTo(BigDecimal.ONE);
        assertThat(m.parameters().get(3).maxItems()).isEqualTo(6);
        assertThat(m.oneOf()).containsExactly(List.of("prompt", "multi_prompt"));
    }

    @Test
    void aRuleThatContradictsItsRowIsDroppedAndTheRowKept() throws Exception {
        DiscoveredModel m = HubModels.model(JSON.readTree("""
                {"id": "m", "input_schema": {"required": ["prompt"], "properties": {
                   "prompt": {"type": "string", "maxLength": -3},
                   "duration": {"type": "integer", "default": "5", "minimum": 10, "maximum": 2},
                   "ratio": {"type": "string", "default": "2:1", "enum": ["16:9", 7, "9:16"]}}}}
                """));

        assertThat(m.parameters()).hasSize(3);
        assertThat(m.parameters().get(0).required()).isTrue();
        assertThat(m.parameters().get(0).maxLength()).isNull();
        assertThat(m.parameters().get(1).defaultValue()).isNull();
        assertThat(m.parameters().get(1).min()).isNull();
        assertThat(m.parameters().get(2).values()).extracting(JsonNode::asText).containsExactly("16:9", "9:16");
        assertThat(m.parameters().get(2).defaultValue()).isNull();
    }

    @Test
    void everyFieldIsOptional() throws Exception {
        Discovery t = TokenLabModels.list(JSON.readTree("{\"data\":[{\"id\":\"x\"}]}"));
        Discovery h = HubModels.list(JSON.readTree("{\"data\":[{\"model\":\"y\"}]}"));

        assertThat(t.models()).singleElement().satisfies(m -> {
            assertThat(m.operations()).isEmpty();
            assertThat(m.lifecycle()).isNull();
            assertThat(m.format()).isNull();
        });
        assertThat(h.models()).singleElement().satisfies(m -> assertThat(m.parameters()).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, \"two\", null, {}, {\"id\": 5}, {\"id\": \"bad id with spaces\"}, {\"id\": \"ok\"}]",
        "[{\"id\": \"ok\"}, {\"id\": \"ok\", \"name\": \"again\"}]"})
    void malformedAndRepeatedEntriesAreSkippedAndCounted(String data) throws Exception {
        Discovery d = TokenLabModels.list(JSON.readTree("{\"data\":" + data + "}"));

        assertThat(d.models()).extracting(DiscoveredModel::id).containsExactly("ok");
        assertThat(d.skipped()).isEqualTo(JSON.readTree(data).size() - 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "42", "\"list\"", "{}", "{\"data\": {}}", "{\"data\": \"x\"}"})
    void anAnswerWithoutAListGivesNoModels(String answer) throws Exception {
        assertThat(TokenLabModels.list(JSON.readTree(answer)).models()).isEmpty();
        assertThat(HubModels.list(JSON.readTree(answer)).models()).isEmpty();
    }

    @Test
    void valuesOutOfBoundsReadAsAbsent() throws Exception {
        DiscoveredModel m = TokenLabModels.model(JSON.readTree("""
                {"id": "m", "service_limits": {"online_rpm": -1, "concurrency": 1e12, "prompt_max_characters": "800"},
                 "lifecycle": {"retired_at": "yesterday", "deprecated_at": 99999999999999, "replacement_model": "m"},
                 "request_format_summary": {"durations": [0, 5, "8s", 1e9, 5], "resolutions": [1, "720p"]}}
                """));

        assertThat(m.serviceLimits()).isEqualTo(new ServiceLimits(null, null, 800));
        assertThat(m.lifecycle()).isEqualTo(new ModelLifecycle(null, null, null, null, null));
        assertThat(m.format().durations()).containsExactly(5, 8);
        assertThat(m.format().resolutions()).containsExactly("720p");
        assertThat(Set.copyOf(m.operations())).isEmpty();
    }
}
