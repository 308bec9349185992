package io.reelay.intake.tenancy;

import io.reelay.config.ReelayConfig;
import io.reelay.intake.Echo;
import io.reelay.intake.ValidationError;
import io.reelay.kafka.TenantNames;

/**
 * Whose request it is. The rules, in order:
 * <ol>
 * <li>A request posted over the HTTP API (it carries the API client's signed name, its owner) belongs to that
 * client. Its own {@code tenant} may be left out or name the client; naming another tenant is refused
 * ({@code not_allowed}): a client cannot spend another tenant's budget.</li>
 * <li>A request published straight to Kafka belongs to the tenant its {@code tenant} field names, when that is a
 * tenant name ({@link TenantNames}); another value is refused ({@code invalid_value}).</li>
 * <li>Otherwise it belongs to the default tenant ({@code reelay.tenancy.default-tenant}).</li>
 * </ol>
 * A refused request still has a tenant, for its failure event and its metrics: the client's, or else the default
 * tenant (never the refused text). Pure and total: any text in, one bounded outcome out.
 */
public final class Tenancy {

    public static final String DEFAULT_TENANT = TenantNames.DEFAULT;
    /** The rules with the default tenant named {@value #DEFAULT_TENANT}. */
    public static final Tenancy DEFAULTS = new Tenancy(DEFAULT_TENANT);

    /** A request's tenant, and the rule it broke to get it (null: none). */
    public record Resolved(String tenant, ValidationError error) {
        public boolean ok() {
            return error == null;
        }
    }

    private final String defaultTenant;

    /** @throws IllegalArgumentException when {@code defaultTenant} is not a tenant name */
    public Tenancy(String defaultTenant) {
        if (!TenantNames.valid(defaultTenant)) {
            throw new IllegalArgumentException("reelay.tenancy.default-tenant \"" + Echo.quote(defaultTenant)
                    + "\" is not a tenant name: " + TenantNames.rule());
        }
        this.defaultTenant = defaultTenant;
    }

    /** The rules as configured. */
    public static Tenancy of(ReelayConfig config) {
        return new Tenancy(config.tenancy().defaultTenant());
    }

    public String defaultTenant() {
        return defaultTenant;
    }

    /**
     * @param owner the API client that posted the request (its signature checked), null for a Kafka producer's
     * @param declared the request's own {@code tenant}, null when it has none
     */
    public Resolved resolve(String owner, String declared) {
        if (owner != null) {
            if (!TenantNames.valid(owner)) {
                // Client names are checked at start-up; an instance configured otherwise must not pass one through.
                return new Resolved(defaultTenant, ValidationError.of("tenant", "invalid_value", "the API client's name "
                        + quoted(owner) + " is not a tenant name (" + TenantNames.rule() + ")"));
            }
            if (declared != null && !declared.equals(owner)) {
                return new Resolved(owner, ValidationError.of("tenant", "not_allowed", "a request posted by API client "
                        + owner + " belongs to tenant " + owner + "; it may not name tenant " + quoted(declared)
                        + " (leave tenant out, or name " + owner + ")"));
            }
            return new Resolved(owner, null);
        }
        if (declared == null) {
            return new Resolved(defaultTenant, null);
        }
        if (!TenantNames.valid(declared)) {
            return new Resolved(defaultTenant, ValidationError.of("tenant", "invalid_value", quoted(declared)
                    + " is not a tenant name: " + TenantNames.rule()));
        }
        return new Resolved(declared, null);
    }

    private static String quoted(String text) {
        return "\"" + Echo.quote(text) + "\"";
    }
}
