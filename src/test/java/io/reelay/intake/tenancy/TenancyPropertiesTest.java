package io.reelay.intake.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.common.header.internals.RecordHeaders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.reelay.catalog.ModelCatalog;
import io.reelay.config.TestConfig;
import io.reelay.events.VideoRequested;
import io.reelay.intake.ValidationError;
import io.reelay.intake.decode.RequestDecoder;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.kafka.EventSerdes;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.kafka.TenantNames;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a producer or an API client writes as tenant and priority, the request gets exactly one tenant name and one
 * outcome, never an exception: accepted with its tenant and a priority of 1 to 5, or refused with the rule it broke
 * (and then the default tenant or its client's, and a bounded message). Thousands of generated names and numbers:
 * hostile text (control characters, unicode, whitespace, huge), near-misses of the rule, numbers of every size and
 * JSON values of every type.
 */
class TenancyPropertiesTest {

    private static final Tenancy TENANCY = new Tenancy("shared");
    private static final RequestIntake INTAKE = new RequestIntake(
            new RequestValidator(ModelCatalog.load(), TestConfig.defaults().validation()), EventSerdes.singleObject(),
            TENANCY);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-12-02T12:00:00Z");

    @Property(tries = 5000)
    void theRulesGiveEveryTextOneTenantNameAndNeverThrow(@ForAll("owner") String owner,
            @ForAll("tenant") String declared) {
        Tenancy.Resolved resolved = TENANCY.resolve(owner, declared);

        assertThat(TenantNames.valid(resolved.tenant())).as("always a tenant name").isTrue();
        boolean allowed = owner != null ? TenantNames.valid(owner) && (declared == null || declared.equals(owner))
                : declared == null || TenantNames.valid(declared);
        assertThat(resolved.ok()).isEqualTo(allowed);
        if (allowed) {
            assertThat(resolved.tenant()).isEqualTo(owner != null ? owner : declared != null ? declared : "shared");
        } else {
            assertThat(resolved.error().field()).isEqualTo("tenant");
            assertThat(resolved.error().code()).isIn("invalid_value", "not_allowed");
            assertThat(resolved.error().message()).hasSizeLessThanOrEqualTo(241).doesNotContain("\n", "\u0000");
            assertThat(resolved.tenant()).isEqualTo(owner != null && TenantNames.valid(owner) ? owner : "shared");
        }
    }

    @Property(tries = 4000)
    void aJsonRequestGetsOneOutcomeWhateverItsTenantAndPriority(@ForAll("jsonTenant") JsonNode tenant,
            @ForAll("jsonPriority") JsonNode priority, @ForAll("owner") String owner) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("request_id", "r-1").put("model", "veo3.1")
                .put("prompt", "a cat");
        if (tenant != null) {
            body.set("tenant", tenant);
        }
        if (priority != null) {
            body.set("priority", priority);
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(RequestDecoder.CONTENT_TYPE_HEADER, RequestDecoder.JSON.getBytes(StandardCharsets.UTF_8));
        RequestIntake.Outcome outcome = INTAKE.owned(INTAKE.read("r-1", JSON.writeValueAsBytes(body), headers, AT),
                owner);

        String declared = tenant == null || tenant.isNull() ? null : tenant.isTextual() ? tenant.textValue() : null;
        boolean tenantOk = (tenant == null || tenant.isNull() || tenant.isTextual())
                && TENANCY.resolve(owner, declared).ok();
        boolean priorityOk = priority == null || priority.isNull()
                || priority.isIntegralNumber() && priority.canConvertToInt() && Priority.valid(priority.intValue());
        judge(outcome, tenantOk, priorityOk, owner, declared,
                priority == null || priority.isNull() ? null : priority.intValue());
    }

    @Property(tries = 3000)
    void anAvroRequestGetsOneOutcomeWhateverItsTenantAndPriority(@ForAll("tenant") String tenant,
            @ForAll("avroPriority") Integer priority, @ForAll("owner") String owner) {
        VideoRequested request = VideoRequested.newBuilder().setRequestId("r-1").setModel("veo3.1")
                .setPrompt("a cat").setTenant(tenant).setPriority(priority).build();
        RequestIntake.Outcome outcome = INTAKE.owned(
                INTAKE.read("r-1", AvroSerde.of(VideoRequested.class).encode(request), new RecordHeaders(), AT), owner);

        judge(outcome, TENANCY.resolve(owner, tenant).ok(), priority == null || Priority.valid(priority), owner,
                tenant, priority);
    }

    private static void judge(RequestIntake.Outcome outcome, boolean tenantOk, boolean priorityOk, String owner,
            String declared, Integer priority) {
        if (tenantOk && priorityOk) {
            assertThat(outcome).isInstanceOf(RequestIntake.Accepted.class);
            var accepted = ((RequestIntake.Accepted) outcome).request();
            assertThat(accepted.tenant()).isEqualTo(owner != null ? owner : declared != null ? declared : "shared");
            assertThat(accepted.priority()).isEqualTo(priority == null ? Priority.DEFAULT : priority);
            return;
        }
        assertThat(outcome).isInstanceOf(RequestIntake.Refused.class);
        var refused = (RequestIntake.Refused) outcome;
        assertThat(TenantNames.valid(refused.request().tenant())).as("a refusal has a tenant name too").isTrue();
        Set<String> fields = refused.validation().errors().stream().map(ValidationError::field)
                .collect(Collectors.toSet());
        assertThat(fields.contains("tenant")).as("tenant refused: %s", refused.validation().errors())
                .isEqualTo(!tenantOk);
        assertThat(fields.contains("priority")).as("priority refused: %s", refused.validation().errors())
                .isEqualTo(!priorityOk);
        assertThat(refused.validation().errors()).allSatisfy(e -> assertThat(e.message()).hasSizeLessThan(250));
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<String> owner() {
        return Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.of("acme", "team-a", "default", "shared"),
                validNames(), hostileText());
    }

    @Provide
    Arbitrary<String> tenant() {
        return Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.of("acme", "team-a", "shared", ""),
                validNames(), nearMisses(), hostileText(), huge());
    }

    @Provide
    Arbitrary<JsonNode> jsonTenant() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return Arbitraries.oneOf(tenant().map(t -> t == null ? null : f.textNode(t)),
                Arbitraries.just(f.nullNode()),
                Arbitraries.longs().map(f::numberNode),
                Arbitraries.of(f.booleanNode(true), f.arrayNode().add("acme"), f.objectNode().put("name", "acme")));
    }

    @Provide
    Arbitrary<JsonNode> jsonPriority() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.just(f.nullNode()),
                Arbitraries.integers().between(-2, 8).map(f::numberNode),
                Arbitraries.integers().map(f::numberNode),
                Arbitraries.longs().map(f::numberNode),
                Arbitraries.bigIntegers().between(new java.math.BigInteger("-1" + "0".repeat(40)),
                        new java.math.BigInteger("1" + "0".repeat(40))).map(f::numberNode),
                Arbitraries.doubles().between(-1e6, 1e6).map(f::numberNode),
                Arbitraries.of(f.numberNode(3.0), f.numberNode(3.5), f.textNode("3"), f.textNode("high"),
                        f.booleanNode(true), f.arrayNode().add(3), f.objectNode().put("value", 3)));
    }

    @Provide
    Arbitrary<Integer> avroPriority() {
        return Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.integers().between(-2, 8),
                Arbitraries.integers(), Arbitraries.of(Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    private static Arbitrary<String> validNames() {
        Arbitrary<Character> first = Arbitraries.chars().range('a', 'z').range('0', '9');
        Arbitrary<String> rest = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                .withChars('.', '_', '-').ofMaxLength(63);
        return net.jqwik.api.Combinators.combine(first, rest).as((c, s) -> c + s);
    }

    /** Almost tenant names: one character, the first, or the length wrong. */
    private static Arbitrary<String> nearMisses() {
        return Arbitraries.oneOf(
                validNames().map(s -> "-" + s),
                validNames().map(s -> s.toUpperCase(java.util.Locale.ROOT) + "X"),
                validNames().map(s -> s + " "),
                validNames().map(s -> s + "/x"),
                validNames().map(s -> s + "\u00e9"),
                validNames().map(s -> (s + "x".repeat(64)).substring(0, 65)));
    }

    private static Arbitrary<String> hostileText() {
        return Arbitraries.strings().all().ofMaxLength(200);
    }

    private static Arbitrary<String> huge() {
        return Arbitraries.integers().between(1_000, 200_000).map(n -> "a".repeat(n));
    }

}
