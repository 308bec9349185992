package io.reelay.api.query;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import io.reelay.api.RequestView;
import io.reelay.api.mapping.RequestViewMapper;
import io.reelay.lifecycle.query.ListCursor;
import io.reelay.lifecycle.query.RequestStatus;

/**
 * The query parameters of {@code GET /v1/requests}, checked: {@code status} (one or more wire statuses, comma
 * separated), {@code tenant} (a tenant name), {@code model} (a model id), {@code limit} (1 to {@value #MAX_LIMIT},
 * {@value #DEFAULT_LIMIT} when absent) and {@code after} (the {@code next_after} of the page before). Anything else is
 * a field error; nothing a caller sends is quoted back.
 */
public record ListParameters(Set<RequestStatus.State> states, String tenant, String model, int limit,
        ListCursor after, List<RequestView.FieldError> errors) {

    public static final int MAX_LIMIT = 200;
    public static final int DEFAULT_LIMIT = 50;
    static final int MAX_MODEL = 200;
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern MODEL = Pattern.compile("[\\x21-\\x7e]{1," + MAX_MODEL + "}");
    private static final List<String> STATUSES = Arrays.stream(RequestView.Status.values()).map(Enum::name).toList();

    public boolean ok() {
        return errors.isEmpty();
    }

    public static ListParameters parse(String status, String tenant, String model, String limit, String after) {
        List<RequestView.FieldError> errors = new ArrayList<>();
        Set<RequestStatus.State> states = EnumSet.noneOf(RequestStatus.State.class);
        if (present(status)) {
            if (status.length() > 100) {
                errors.add(error("status", "one or more of " + String.join(", ", STATUSES) + ", comma separated",
                        STATUSES));
            } else {
                for (String one : status.split(",", -1)) {
                    RequestView.Status wire = STATUSES.contains(one.trim()) ? RequestView.Status.valueOf(one.trim())
                            : null;
                    if (wire == null) {
                        errors.add(error("status", "one or more of " + String.join(", ", STATUSES)
                                + ", comma separated", STATUSES));
                        break;
                    }
                    states.add(RequestViewMapper.state(wire));
                }
            }
        }
        String tenantName = null;
        if (present(tenant)) {
            if (TENANT.matcher(tenant).matches()) {
                tenantName = tenant;
            } else {
                errors.add(error("tenant", "a tenant name: 1 to 64 characters of a-z 0-9 . _ -, starting with a "
                        + "letter or digit", null));
            }
        }
        String modelId = null;
        if (present(model)) {
            if (MODEL.matcher(model).matches()) {
                modelId = model;
            } else {
                errors.add(error("model", "a model id: 1 to " + MAX_MODEL + " printable characters", null));
            }
        }
        int size = DEFAULT_LIMIT;
        if (present(limit)) {
            size = -1;
            if (limit.length() <= 3 && limit.chars().allMatch(c -> c >= '0' && c <= '9')) {
                size = Integer.parseInt(limit);
            }
            if (size < 1 || size > MAX_LIMIT) {
                errors.add(error("limit", "a whole number from 1 to " + MAX_LIMIT, null));
                size = DEFAULT_LIMIT;
            }
        }
        ListCursor cursor = null;
        if (present(after)) {
            cursor = ListCursor.parse(after).orElse(null);
            if (cursor == null) {
                errors.add(error("after", "the next_after of the page before", null));
            }
        }
        return new ListParameters(states, tenantName, modelId, size, cursor, List.copyOf(errors));
    }

    /** The same parameters as a query string, for the instances a list is forwarded to. */
    public String queryString() {
        StringJoiner query = new StringJoiner("&");
        if (!states.isEmpty()) {
            query.add("status=" + encode(String.join(",", states.stream()
                    .map(s -> RequestViewMapper.wireStatus(s).name()).toList())));
        }
        if (tenant != null) {
            query.add("tenant=" + encode(tenant));
        }
        if (model != null) {
            query.add("model=" + encode(model));
        }
        query.add("limit=" + limit);
        if (after != null) {
            query.add("after=" + encode(after.format()));
        }
        return query.toString();
    }

    private static boolean present(String value) {
        return value != null && !value.isEmpty();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static RequestView.FieldError error(String field, String message, List<String> allowed) {
        return new RequestView.FieldError(field, "invalid_value", message, allowed);
    }
}
