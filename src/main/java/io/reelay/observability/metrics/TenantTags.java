package io.reelay.observability.metrics;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.reelay.config.ReelayConfig;
import io.reelay.kafka.TenantNames;

/**
 * The {@code tenant} tag of the tracker's meters, bounded whatever producers write: a tenant this deployment names
 * (in {@code reelay.tenants.<name>}, as an API client in {@code reelay.api.auth.clients.<name>}, or as the default
 * tenant) is tagged as itself; any other tenant, which only a Kafka producer can have chosen, as {@value #OTHER};
 * an event without a tenant (about a request never read, or written before tenants) as {@value #NONE}. So the
 * series per meter grow with the configuration, never with the traffic.
 */
public final class TenantTags {

    public static final String OTHER = "other";
    public static final String NONE = "none";
    /** Only the default tenant named {@value TenantNames#DEFAULT} is known. */
    public static final TenantTags DEFAULTS = new TenantTags(Set.of(TenantNames.DEFAULT));

    private final Set<String> known;

    /** @param known the tenants tagged as themselves (any that is not a tenant name is left out) */
    public TenantTags(Set<String> known) {
        this.known = known.stream().filter(TenantNames::valid).collect(Collectors.toUnmodifiableSet());
    }

    /** The configured tenants, API clients and default tenant of {@code config}. */
    public static TenantTags of(ReelayConfig config) {
        return new TenantTags(Stream.of(config.tenants().keySet().stream(),
                config.api().auth().clients().keySet().stream(), Stream.of(config.tenancy().defaultTenant()))
                .flatMap(s -> s).collect(Collectors.toSet()));
    }

    /** The tag value of {@code tenant}. */
    public String tag(String tenant) {
        if (tenant == null) {
            return NONE;
        }
        return known.contains(tenant) ? tenant : OTHER;
    }

    /** The tenants tagged as themselves, sorted. */
    public Set<String> known() {
        return new TreeSet<>(known);
    }
}
