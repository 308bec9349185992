package io.reelay.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

/**
 * The configuration properties the service reads, and the one each environment variable sets. Environment names follow
 * SmallRye Config: every character of the property name that is not a letter or a digit becomes '_', the rest is
 * upper-cased (reelay.tokenlab.api-key -> REELAY_TOKENLAB_API_KEY).
 * <p>
 * Known properties come from: (a) the keys of application.properties (any profile); (b) the {@code @ConfigMapping}
 * interfaces under src/main/java, read by reflection with SmallRye's naming (camelCase -> kebab-case, nested groups,
 * maps, {@code @WithName}, {@code @WithParentName}); (c) the run-time properties of the Quarkus extensions on the class
 * path, from the config model each extension jar ships (META-INF/quarkus-config-doc/quarkus-config-model.json): a
 * build-time property set in the environment of a running pod does nothing, so it does not count; (d) kafka.* keys that
 * are Kafka client settings (the application passes kafka.* to its producers, consumers, admin client and Kafka
 * Streams); (e) JAVA_OPTS, read by the image's start script, not the application.
 * <p>
 * Not pass-through: a kafka-streams.* key reaches Kafka Streams from the environment only when application.properties
 * names it (otherwise KAFKA_STREAMS_X_Y reads back as kafka.streams.x.y and is ignored), so only (a) counts for those.
 * Keys inside a map (reelay.routing.models."seedance-2.0") match any spelling: the key itself is not checked.
 */
final class KnownConfig {

    static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");
    private static final Path MAIN_SOURCES = Path.of("src/main/java");
    private static final String QUARKUS_MODEL = "META-INF/quarkus-config-doc/quarkus-config-model.json";
    private static final Set<String> RUNTIME_ONLY = Set.of("JAVA_OPTS");

    /** Environment name -> property, for every property with a fixed name. */
    private final Map<String, String> byEnvironmentName = new HashMap<>();
    /** Properties with a map key or list index in them, as patterns over environment names. */
    private final Map<Pattern, String> patterns = new HashMap<>();
    /** application.properties: profile ("" for none) -> keys set in it. */
    private final Map<String, Set<String>> applicationKeys = new HashMap<>();
    private final Set<String> kafkaClientKeys = new HashSet<>();

    private KnownConfig() {
    }

    static KnownConfig load() {
        KnownConfig config = new KnownConfig();
        config.readApplicationProperties();
        config.readConfigMappings();
        config.readQuarkusModels();
        config.kafkaClientKeys.addAll(ProducerConfig.configNames());
        config.kafkaClientKeys.addAll(ConsumerConfig.configNames());
        config.kafkaClientKeys.addAll(AdminClientConfig.configNames());
        return config;
    }

    /** SmallRye Config's environment name of a property. */
    static String environmentName(String property) {
        StringBuilder name = new StringBuilder(property.length());
        for (char c : property.toCharArray()) {
            name.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return name.toString();
    }

    /** The property an environment variable sets in the service, or empty if it sets none. */
    Optional<String> propertyOf(String variable) {
        if (RUNTIME_ONLY.contains(variable)) {
            return Optional.of(variable + " (JVM options, read by the image's run-java.sh)");
        }
        String property = byEnvironmentName.get(variable);
        if (property != null) {
            return Optional.of(property);
        }
        if (variable.startsWith("KAFKA_") && !variable.startsWith("KAFKA_STREAMS_")) {
            String key = variable.substring("KAFKA_".length()).toLowerCase().replace('_', '.');
            if (kafkaClientKeys.contains(key)) {
                return Optional.of("kafka." + key);
            }
        }
        return patterns.entrySet().stream()
                .filter(p -> p.getKey().matcher(variable).matches())
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** Whether application.properties sets {@code property} for {@code profile} ("%profile.property"). */
    boolean profileSets(String profile, String property) {
        return applicationKeys.getOrDefault(profile, Set.of()).contains(property);
    }

    /** The value of a key in application.properties, without a profile. */
    static Optional<String> applicationValue(String key) {
        return Optional.ofNullable(loadProperties().getProperty(key));
    }

    private void readApplicationProperties() {
        for (String raw : loadProperties().stringPropertyNames()) {
            String profiles = "";
            String key = raw;
            if (raw.startsWith("%")) {
                profiles = raw.substring(1, raw.indexOf('.'));
                key = raw.substring(raw.indexOf('.') + 1);
            }
            for (String profile : profiles.split(",")) {
                applicationKeys.computeIfAbsent(profile, p -> new TreeSet<>()).add(key);
            }
            // A quarkus.* key counts only if Quarkus reads it at run time (the extension models below).
            if (!key.startsWith("quarkus.")) {
                add(key);
            }
        }
    }

    private static Properties loadProperties() {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(APPLICATION_PROPERTIES)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** Every interface annotated with {@code @ConfigMapping} under src/main/java, by reflection. */
    private void readConfigMappings() {
        for (Class<?> mapping : configMappings()) {
            walk(mapping, mapping.getAnnotation(ConfigMapping.class).prefix());
        }
    }

    static List<Class<?>> configMappings() {
        List<Class<?>> mappings = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (Files.readString(file).contains("@ConfigMapping")) {
                    String className = MAIN_SOURCES.relativize(file).toString()
                            .replace(".java", "").replace(file.getFileSystem().getSeparator(), ".");
                    Class<?> type = Class.forName(className);
                    if (type.isAnnotationPresent(ConfigMapping.class)) {
                        mappings.add(type);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return mappings;
    }

    private void walk(Class<?> group, String prefix) {
        for (Method method : group.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.isDefault() || method.getParameterCount() > 0) {
                continue;
            }
            String name = method.isAnnotationPresent(WithName.class) ? method.getAnnotation(WithName.class).value()
                    : kebab(method.getName());
            String property = method.isAnnotationPresent(WithParentName.class) ? prefix : prefix + "." + name;
            Type type = method.getGenericReturnType();
            Class<?> raw = method.getReturnType();
            if (Map.class.isAssignableFrom(raw)) {
                addPattern(property + ".*");
            } else if (Optional.class.equals(raw) && isGroup(argument(type))) {
                walk((Class<?>) argument(type), property);
            } else if (isGroup(raw)) {
                walk(raw, property);
            } else {
                add(property);
            }
        }
    }

    private static Type argument(Type type) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
    }

    /** A nested configuration group: one of the application's own interfaces. */
    private static boolean isGroup(Type type) {
        return type instanceof Class<?> c && c.isInterface() && c.getName().startsWith("io.reelay.");
    }

    /** SmallRye's default naming of a mapping method: camelCase -> kebab-case. */
    static String kebab(String method) {
        StringBuilder name = new StringBuilder();
        for (char c : method.toCharArray()) {
            if (Character.isUpperCase(c)) {
                name.append('-').append(Character.toLowerCase(c));
            } else {
                name.append(c);
            }
        }
        return name.toString();
    }

    private void readQuarkusModels() {
        ObjectMapper json = new ObjectMapper();
        try {
            for (URL model : Collections.list(getClass().getClassLoader().getResources(QUARKUS_MODEL))) {
                try (InputStream in = model.openStream()) {
                    for (JsonNode root : json.readTree(in).path("configRoots")) {
                        readQuarkusItems(root.path("items"));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readQuarkusItems(JsonNode items) {
        for (JsonNode item : items) {
            if (item.has("items")) {
                readQuarkusItems(item.get("items"));
            } else if (item.path("phase").asText().equals("RUN_TIME")) {
                String property = item.path("path").path("property").asText();
                if (property.contains("\"") || property.contains("[*]") || property.contains("*")) {
                    addPattern(property);
                } else {
                    add(property);
                }
            }
        }
    }

    private void add(String property) {
        byEnvironmentName.putIfAbsent(environmentName(property), property);
    }

    /** A property with map keys ("name" or *) or list indexes ([*]) in it, as a pattern over environment names. */
    private void addPattern(String property) {
        StringBuilder regex = new StringBuilder();
        for (String part : property.split("\"[^\"]*\"|\\[\\*\\]|\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append("[A-Z0-9_]+");
            }
            regex.append(Pattern.quote(environmentName(part)));
        }
        patterns.put(Pattern.compile(regex.toString()), property);
    }
}
