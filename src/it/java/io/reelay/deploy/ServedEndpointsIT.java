package io.reelay.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.reelay.testing.broker.KafkaBrokerResource;

/**
 * The paths the manifests send Kubernetes and Prometheus to are served by the running service: every probe path and
 * the scrape path of every overlay answer, with health checks' own status (200 up, 503 down), never 404.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class ServedEndpointsIT {

    @Test
    void everyPathTheManifestsUseIsServed() {
        Set<String> paths = new TreeSet<>();
        KustomizationTest.deployable().forEach(kustomization -> {
            ObjectNode statefulSet = Manifests.only(Kustomize.build(kustomization), "StatefulSet", "reelay");
            JsonNode container = Manifests.container(statefulSet, "reelay").orElseThrow();
            for (String probe : new String[] {"startupProbe", "livenessProbe", "readinessProbe"}) {
                paths.add(container.path(probe).path("httpGet").path("path").asText());
            }
            paths.add(statefulSet.at("/spec/template/metadata/annotations/prometheus.io~1path").asText());
        });

        assertThat(paths).contains("/q/health/live", "/q/health/ready", "/q/metrics");
        assertThat(paths).allSatisfy(path ->
                assertThat(given().get(path).then().extract().statusCode()).as("GET %s", path).isIn(200, 503));
    }

    /** The paths derived from application.properties are the ones the service serves, started included. */
    @Test
    void theDerivedPathsAreServedAndOthersAreNot() {
        assertThat(ServedPaths.health()).allSatisfy(path ->
                assertThat(given().get(path).then().extract().statusCode()).as("GET %s", path).isIn(200, 503));
        assertThat(given().get(ServedPaths.metrics()).then().extract().statusCode()).isEqualTo(200);
        assertThat(given().get(ServedPaths.healthRoot() + "/alive").then().extract().statusCode()).isEqualTo(404);
    }
}
