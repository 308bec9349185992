package io.reelay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stored copies of finished videos in each overlay: on, into a named bucket, with the object store's keys never in a
 * ConfigMap (they come from the Secret reelay-secrets, or the pod's cloud identity).
 */
class StorageConfigTest {

    private static final Set<String> KEYS = Set.of("REELAY_STORAGE_ACCESS_KEY_ID", "REELAY_STORAGE_SECRET_ACCESS_KEY");

    static Stream<Path> deployable() {
        return KustomizationTest.deployable();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void copyingIsOnIntoANamedBucketWithoutKeysInTheConfigMap(Path kustomization) {
        ReelayWorkloadTest.Built built = ReelayWorkloadTest.Built.of(kustomization);

        assertThat(built.value("REELAY_STORAGE_ENABLED")).contains("true");
        assertThat(built.value("REELAY_STORAGE_BUCKET")).get().asString().isNotBlank();
        assertThat(built.env().keySet()).doesNotContainAnyElementsOf(KEYS);
        built.value("REELAY_STORAGE_ENDPOINT").ifPresent(endpoint -> assertThat(endpoint)
                .as("a plain-http store only on the pod's own loopback (the dev overlay's)")
                .matches("https://.+|http://(localhost|127\\.0\\.0\\.1)(:\\d+)?/?"));
    }

    /** The template says where the keys go, with placeholders only. */
    @Test
    void theSecretsTemplateHasTheObjectStoresKeysAsPlaceholders() throws IOException {
        String template = Files.readString(Path.of("k8s/overlays/prod/secrets.env.example"));

        for (String key : KEYS) {
            assertThat(template).containsPattern("(?m)^" + key + "=replace-me$");
        }
    }
}
