package io.reelay.lifecycle.query;

import java.util.Set;
import java.util.function.Predicate;

/**
 * Which requests a list shows: by state, tenant and model (null: any), those its caller may see ({@code visible}, on
 * the request's owner), after a cursor (null: from the newest), at most {@code limit}.
 */
public record ListFilter(Set<RequestStatus.State> states, String tenant, String model, Predicate<String> visible,
        ListCursor after, int limit) {

    public boolean matches(RequestSummary row) {
        return (states.isEmpty() || states.contains(row.state()))
                && (tenant == null || tenant.equals(row.tenant()))
                && (model == null || model.equals(row.model()))
                && visible.test(row.owner())
                && (after == null || after.precedes(row));
    }
}
