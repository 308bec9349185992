package io.reelay.config;

import java.util.Iterator;
import java.util.List;
import java.util.Spliterators;
import java.util.stream.StreamSupport;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;

/**
 * Hides the test tools' own system properties ({@code -Dreelay.faults.requests=10000}, {@code -Dreelay.bench.*},
 * {@code -Dreelay.test.kafka.bootstrap}, {@code -Dreelay.service.jvm-args}) from a service booted in the same test
 * JVM: the tools read them, the service never does, and its configuration root would refuse them as misspellings of
 * {@code reelay.*} keys. Registered for tests only (src/test/resources/META-INF/services).
 */
public class TestToolProperties implements ConfigSourceInterceptor {

    static final List<String> PREFIXES = List.of("reelay.faults.", "reelay.bench.", "reelay.test.", "reelay.service.");

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        return tool(name) ? null : context.proceed(name);
    }

    @Override
    public Iterator<String> iterateNames(ConfigSourceInterceptorContext context) {
        Iterator<String> names = context.iterateNames();
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(names, 0), false)
                .filter(name -> !tool(name)).iterator();
    }

    static boolean tool(String name) {
        return PREFIXES.stream().anyMatch(name::startsWith);
    }
}
