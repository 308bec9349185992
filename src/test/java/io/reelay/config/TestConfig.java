package io.reelay.config;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithName;

/**
 * {@link ReelayConfig} for tests, built by SmallRye Config from the real mapping: every value the test does not set is
 * the production default, and a key no group maps, or a value that does not convert, fails as it would at start-up.
 * Immutable: each setter returns a new instance, so a shared constant is safe.
 *
 * <pre>{@code
 * ReelayConfig.Tracker tracker = TestConfig.defaults()
 *         .set(c -> c.tracker().maxWait(), Duration.ofMinutes(5))
 *         .set(c -> c.submitter().unknownOutcome(), UnknownOutcomePolicy.RESUBMIT)
 *         .tracker();
 * }</pre>
 *
 * {@link #set} names the key by calling its method on a recording proxy, so the compiler checks the key and the
 * value's type; {@link #with} takes a property by name (map entries of groups, e.g. an API client).
 */
public final class TestConfig {

    /** Outside the test profile the key has no default (an instance without one does not start). */
    public static final String INTERNAL_KEY = "test-config-internal-key-0123456789abcdef";

    private static final String PREFIX = "reelay";

    private final Map<String, String> values;

    private TestConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** The production defaults, plus an internal key. */
    public static TestConfig defaults() {
        return new TestConfig(Map.of("reelay.internal.key", INTERNAL_KEY));
    }

    /**
     * The same, with {@code property} set to {@code value}: {@code set(c -> c.polling().jitter(), 0.0)}. An empty
     * {@link Optional} unsets the key; a map sets one key per entry ({@code model-max-wait."veo3.1"=PT10M}).
     */
    public <T> TestConfig set(Function<ReelayConfig, T> property, T value) {
        String key = keyOf(property);
        Map<String, String> next = new LinkedHashMap<>(values);
        next.keySet().removeIf(k -> k.equals(key) || k.startsWith(key + "."));
        Object plain = value instanceof Optional<?> optional ? optional.orElse(null) : value;
        if (plain instanceof Map<?, ?> map) {
            map.forEach((k, v) -> next.put(key + ".\"" + k + "\"", text(v)));
        } else if (plain != null) {
            next.put(key, text(plain));
        }
        return new TestConfig(next);
    }

    /** The same, with a property set by its full name: {@code with("reelay.api.auth.clients.acme.key", "k")}. */
    public TestConfig with(String property, String value) {
        Map<String, String> next = new LinkedHashMap<>(values);
        next.put(property, value);
        return new TestConfig(next);
    }

    /** The whole root, as the service would see it with these properties. */
    public ReelayConfig build() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(ReelayConfig.class)
                // Quarkus's own, so that "30s" reads as it does in the service.
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(values, "TestConfig", 100))
                .build();
        return config.getConfigMapping(ReelayConfig.class);
    }

    /** The properties set, by name: the production defaults cover the rest. */
    public Map<String, String> properties() {
        return values;
    }

    public ReelayConfig.Tracker tracker() {
        return build().tracker();
    }

    public ReelayConfig.Polling polling() {
        return build().polling();
    }

    public ReelayConfig.Submitter submitter() {
        return build().submitter();
    }

    public ReelayConfig.Validation validation() {
        return build().validation();
    }

    public ReelayConfig.Api api() {
        return build().api();
    }

    public ReelayConfig.Serialization serialization() {
        return build().serialization();
    }

    public ReelayConfig.Topics topics() {
        return build().topics();
    }

    public ReelayConfig.TokenLab tokenlab() {
        return build().tokenlab();
    }

    public ReelayConfig.Hub hub() {
        return build().hub();
    }

    /** The TokenLab group with this base URL and key (null: none), both calls waiting {@code timeout}. */
    public static ReelayConfig.TokenLab tokenlab(String baseUrl, String apiKey, Duration timeout) {
        return defaults().set(c -> c.tokenlab().baseUrl(), baseUrl)
                .set(c -> c.tokenlab().apiKey(), Optional.ofNullable(apiKey))
                .set(c -> c.tokenlab().submitTimeout(), timeout)
                .set(c -> c.tokenlab().pollTimeout(), timeout)
                .tokenlab();
    }

    /**
     * The hub group with this base URL (null: not configured) and key (null: none), both
     * calls waiting {@code timeout}.
     */
    public static ReelayConfig.Hub hub(String baseUrl, String apiKey, Duration timeout) {
        return defaults().set(c -> c.hub().baseUrl(), Optional.ofNullable(baseUrl))
                .set(c -> c.hub().apiKey(), Optional.ofNullable(apiKey))
                .set(c -> c.hub().submitTimeout(), timeout)
                .set(c -> c.hub().pollTimeout(), timeout)
                .hub();
    }

    public ReelayConfig.Upstream.CircuitBreaker circuitBreaker() {
        return build().upstream().circuitBreaker();
    }

    /** The property a chain of group and key methods names, recorded by calling it on a proxy. */
    static String keyOf(Function<ReelayConfig, ?> property) {
        StringBuilder key = new StringBuilder(PREFIX);
        boolean[] leaf = { false };
        property.apply(recorder(ReelayConfig.class, key, leaf));
        if (!leaf[0]) {
            throw new IllegalArgumentException(key + " is a group, not a property");
        }
        return key.toString();
    }

    private static <T> T recorder(Class<T> group, StringBuilder key, boolean[] leaf) {
        return group.cast(Proxy.newProxyInstance(group.getClassLoader(), new Class<?>[] { group },
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class || leaf[0]) {
                        throw new IllegalArgumentException("call one key method of a group: " + method);
                    }
                    key.append('.').append(name(method));
                    Class<?> type = method.getReturnType();
                    if (type.isInterface() && type.getEnclosingClass() != null
                            && type.getName().startsWith(ReelayConfig.class.getName())) {
                        return recorder(type, key, leaf);
                    }
                    leaf[0] = true;
                    return zero(type);
                }));
    }

    /** SmallRye's default naming: {@code maxWait} is {@code max-wait}. */
    private static String name(Method method) {
        WithName named = method.getAnnotation(WithName.class);
        return named != null ? named.value()
                : method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static Object zero(Class<?> type) {
        if (!type.isPrimitive()) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == double.class) {
            return 0.0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == short.class) {
            return (short) 0;
        }
        return 0;
    }

    private static String text(Object value) {
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Collection<?> items) {
            return items.stream().map(TestConfig::text).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }
}
