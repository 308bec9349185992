package io.reelay.lifecycle.query;

/**
 * A Reelay instance as the others reach it over HTTP (its {@code quarkus.kafka-streams.application-server}).
 * {@link #UNKNOWN} when it has none configured.
 */
public record Instance(String host, int port) {

    /** No address configured: a single instance, never asked by another. */
    public static final Instance UNKNOWN = new Instance("unavailable", -1);

    /** {@code host:port}, as the X-Reelay-Served-By header and the forwarding header write it. */
    public String address() {
        return host + ":" + port;
    }

    /** Whether another instance could reach this one. */
    public boolean reachable() {
        return port > 0 && !equals(UNKNOWN);
    }
}
