package io.reelay.deploy;

import java.util.List;

/**
 * Where the packaged service (prod profile) serves its health checks and metrics, and on which port: Quarkus's defaults
 * with the overrides application.properties sets, resolved the way Quarkus resolves them (a path relative to its
 * parent unless it starts with '/'). {@link ServedEndpointsIT} checks against the running service that these paths
 * are really served.
 */
final class ServedPaths {

    private ServedPaths() {
    }

    static int httpPort() {
        return Integer.parseInt(setting("quarkus.http.port", "8080"));
    }

    static String nonApplicationRoot() {
        return under("/", setting("quarkus.http.non-application-root-path", "q"));
    }

    static String healthRoot() {
        return under(nonApplicationRoot(), setting("quarkus.smallrye-health.root-path", "health"));
    }

    static String liveness() {
        return under(healthRoot(), setting("quarkus.smallrye-health.liveness-path", "live"));
    }

    static String readiness() {
        return under(healthRoot(), setting("quarkus.smallrye-health.readiness-path", "ready"));
    }

    static String startup() {
        return under(healthRoot(), setting("quarkus.smallrye-health.startup-path", "started"));
    }

    static List<String> health() {
        return List.of(liveness(), readiness(), startup());
    }

    static String metrics() {
        return under(nonApplicationRoot(), setting("quarkus.micrometer.export.prometheus.path", "metrics"));
    }

    /** With the management interface on, health and metrics move to its own port (9000): the probes would miss. */
    static boolean managementInterface() {
        return Boolean.parseBoolean(setting("quarkus.management.enabled", "false"));
    }

    private static String setting(String key, String quarkusDefault) {
        return KnownConfig.applicationValue("%prod." + key).or(() -> KnownConfig.applicationValue(key))
                .orElse(quarkusDefault);
    }

    private static String under(String parent, String path) {
        if (path.startsWith("/")) {
            return path;
        }
        return (parent.endsWith("/") ? parent : parent + "/") + path;
    }
}
