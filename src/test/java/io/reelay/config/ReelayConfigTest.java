package io.reelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.reelay.config.ReelayConfig.Polling.Strategy;
import io.reelay.config.ReelayConfig.Submitter.UnknownOutcomePolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithDefault;

/** The configuration root: a default for every key, misspellings refused, and the test builder's naming. */
class ReelayConfigTest {

    /**
     * Only keys of a named entry go without a default, where the entry makes no sense without them: an API client's
     * key, a webhook subscription's URL and signing secrets.
     */
    private static final List<String> REQUIRED = List.of("reelay.api.auth.clients.*.key",
            "reelay.webhooks.subscriptions.*.secrets", "reelay.webhooks.subscriptions.*.url");

    @Test
    void everyKeyHasADefaultOrSaysWhatUnsetMeans() {
        List<String> without = RootKeys.all().entrySet().stream()
                .filter(key -> key.getValue().kind() == RootKeys.Kind.REQUIRED).map(Map.Entry::getKey).toList();

        assertThat(without).containsExactlyElementsOf(REQUIRED);
    }

    @Test
    void theDefaultsAreTheServicesOwn() {
        ReelayConfig config = TestConfig.defaults().build();

        assertThat(config.tracker().maxWait()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.tracker().modelMaxWait()).isEmpty();
        assertThat(config.polling().strategy()).isEqualTo(Strategy.ADAPTIVE);
        assertThat(config.submitter().unknownOutcome()).isEqualTo(UnknownOutcomePolicy.FAIL);
        assertThat(config.upstream().circuitBreaker().delay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.tokenlab().baseUrl()).isEqualTo("https://api.tokenlab.sh");
        assertThat(config.hub().baseUrl()).isEmpty();
        assertThat(config.rateBudget().perMinute()).isEmpty();
        assertThat(config.serialization().lookups().maxId()).isEqualTo(100_000_000);
        assertThat(config.api().auth().enabled()).isTrue();
    }

    @Test
    void aMisspelledKeyStopsTheStart() {
        TestConfig misspelled = TestConfig.defaults().with("reelay.tracker.max-wiat", "PT5M");

        assertThatThrownBy(misspelled::build).isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("reelay.tracker.max-wiat");
    }

    @Test
    void aValueThatDoesNotConvertStopsTheStart() {
        TestConfig wrong = TestConfig.defaults().with("reelay.submitter.unknown-outcome", "sometimes");

        assertThatThrownBy(wrong::build).isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("reelay.submitter.unknown-outcome");
    }

    /**
     * The simulator maps reelay.simulator.* on its own: SmallRye accepts a second mapping under the root's prefix
     * and counts its keys as known. Without it (the simulator gone from the service) its keys are misspellings.
     */
    @Test
    void aSecondMappingUnderTheRootsPrefixCoexistsWithIt() {
        Map<String, String> properties = Map.of("reelay.internal.key", TestConfig.INTERNAL_KEY,
                "reelay.simulator.enabled", "true", "reelay.tracker.max-wait", "PT5M");

        SmallRyeConfig both = new SmallRyeConfigBuilder().withMapping(ReelayConfig.class).withMapping(Beside.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build();

        assertThat(both.getConfigMapping(Beside.class).enabled()).isTrue();
        assertThat(both.getConfigMapping(ReelayConfig.class).tracker().maxWait()).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> new SmallRyeConfigBuilder().withMapping(ReelayConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build())
                .isInstanceOf(ConfigValidationException.class).hasMessageContaining("reelay.simulator.enabled");
    }

    /**
     * Environment variables are not checked (SmallRye cannot tell which property a name meant): a misspelled one is
     * ignored in silence, which is why io.reelay.deploy.ConfigKeysTest checks the manifests' names.
     */
    @Test
    void aMisspelledEnvironmentVariableIsNotCaughtHere() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(ReelayConfig.class)
                .withSources(new EnvConfigSource(Map.of("REELAY_INTERNAL_KEY", TestConfig.INTERNAL_KEY,
                        "REELAY_TRACKER_MAX_WIAT", "PT5M", "REELAY_TRACKER_MAX_WAIT", "PT7M"), 300))
                .build();

        assertThat(config.getConfigMapping(ReelayConfig.class).tracker().maxWait()).isEqualTo(Duration.ofMinutes(7));
    }

    /**
     * -Dreelay.faults.requests=10000 sizes the fault run; the test tools' properties reach every test JVM, and the
     * service booted there must not take them for misspelled keys (TestToolProperties hides them), while a
     * misspelled key of its own is still refused.
     */
    @Test
    void theTestToolsPropertiesAreNotTheServices() {
        Map<String, String> properties = Map.of("reelay.internal.key", TestConfig.INTERNAL_KEY,
                "reelay.faults.requests", "10000", "reelay.bench.mode", "full");

        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(ReelayConfig.class)
                .withInterceptors(new TestToolProperties())
                .withSources(new PropertiesConfigSource(properties, "system properties", 400)).build();

        assertThat(config.getConfigMapping(ReelayConfig.class).internal().key()).contains(TestConfig.INTERNAL_KEY);
        assertThatThrownBy(() -> new SmallRyeConfigBuilder().withMapping(ReelayConfig.class)
                .withInterceptors(new TestToolProperties())
                .withSources(new PropertiesConfigSource(Map.of("reelay.tracker.max-wiat", "PT1M",
                        "reelay.internal.key", TestConfig.INTERNAL_KEY), "system properties", 400)).build())
                .isInstanceOf(ConfigValidationException.class).hasMessageContaining("reelay.tracker.max-wiat");
    }

    @Test
    void theBuilderNamesKeysAsSmallRyeDoes() {
        assertThat(TestConfig.keyOf(c -> c.tracker().maxWait())).isEqualTo("reelay.tracker.max-wait");
        assertThat(TestConfig.keyOf(c -> c.rateBudget().perMinute())).isEqualTo("reelay.rate-budget.per-minute");
        assertThat(TestConfig.keyOf(c -> c.upstream().circuitBreaker().failureRatio()))
                .isEqualTo("reelay.upstream.circuit-breaker.failure-ratio");
        assertThatThrownBy(() -> TestConfig.keyOf(ReelayConfig::tracker)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBuilderSetsTypedValuesMapsAndOptionals() {
        ReelayConfig config = TestConfig.defaults()
                .set(c -> c.tracker().maxWait(), Duration.ofMinutes(5))
                .set(c -> c.tracker().modelMaxWait(), Map.of("veo3.1-fast", Duration.ofMinutes(10)))
                .set(c -> c.polling().strategy(), Strategy.FIXED)
                .set(c -> c.hub().baseUrl(), Optional.of("https://gateway.example"))
                .set(c -> c.topics().replicationFactor(), Optional.of((short) 3))
                .set(c -> c.validation().allowHttpUrls(), true)
                .build();

        assertThat(config.tracker().maxWait()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.tracker().modelMaxWait()).containsExactly(Map.entry("veo3.1-fast", Duration.ofMinutes(10)));
        assertThat(config.polling().strategy()).isEqualTo(Strategy.FIXED);
        assertThat(config.hub().baseUrl()).contains("https://gateway.example");
        assertThat(config.topics().replicationFactor()).contains((short) 3);
        assertThat(config.validation().allowHttpUrls()).isTrue();
        assertThat(TestConfig.defaults().set(c -> c.hub().baseUrl(), Optional.of("https://gateway.example"))
                .set(c -> c.hub().baseUrl(), Optional.empty()).hub().baseUrl()).isEmpty();
    }

    @Test
    void durationsReadAsQuarkusReadsThem() {
        assertThat(TestConfig.defaults().with("reelay.tracker.max-wait", "90s").tracker().maxWait())
                .isEqualTo(Duration.ofSeconds(90));
    }

    /** A stand-in for the simulator's own mapping. */
    @ConfigMapping(prefix = "reelay.simulator")
    interface Beside {
        @WithDefault("false")
        boolean enabled();
    }
}
