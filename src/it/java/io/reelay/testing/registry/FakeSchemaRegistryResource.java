package io.reelay.testing.registry;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Runs the service under test in registry mode against a {@link FakeSchemaRegistry}: sets
 * {@code reelay.serialization.registry-url}. Tests reach the registry through {@link #registry()}.
 */
public class FakeSchemaRegistryResource implements QuarkusTestResourceLifecycleManager {

    private static volatile FakeSchemaRegistry registry;

    @Override
    public Map<String, String> start() {
        registry = FakeSchemaRegistry.start();
        return Map.of("reelay.serialization.registry-url", registry.url().toString(),
                "reelay.serialization.registry-timeout", "PT5S");
    }

    @Override
    public void stop() {
        if (registry != null) {
            registry.close();
            registry = null;
        }
    }

    /** The running resource's registry. */
    public static FakeSchemaRegistry registry() {
        FakeSchemaRegistry running = registry;
        if (running == null) {
            throw new IllegalStateException("No FakeSchemaRegistryResource is running");
        }
        return running;
    }
}
