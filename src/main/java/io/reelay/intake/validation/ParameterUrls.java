package io.reelay.intake.validation;

import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelay.intake.ValidationError;

/**
 * Every URL in a parameter's value passes the same {@link UrlPolicy} as the named URL fields: the strings of a
 * parameter whose name says it holds URLs ({@code *_url}, {@code *_urls}), and any string anywhere in a value that
 * looks like a URL (a scheme and //, or a scheme that needs none such as data: or file:). Prompts are text.
 */
final class ParameterUrls {

    private static final Pattern SCHEME = Pattern.compile("^\\s*([a-zA-Z][a-zA-Z0-9+.-]{0,31}):(//)?");
    private static final Set<String> OPAQUE_SCHEMES = Set.of("data", "file", "jar", "javascript", "mailto", "netdoc",
            "gopher", "dict", "ldap", "ldaps", "tftp", "urn", "blob", "about", "vbscript");

    private ParameterUrls() {
    }

    static Optional<ValidationError> check(String name, JsonNode value, UrlPolicy urls) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains("prompt")) {
            return Optional.empty();
        }
        return walk(ParameterTableRules.field(name), value, n.endsWith("_url") || n.endsWith("_urls"), urls);
    }

    private static Optional<ValidationError> walk(String field, JsonNode value, boolean urlField, UrlPolicy urls) {
        if (value.isTextual()) {
            return urlField || looksLikeUrl(value.textValue()) ? urls.check(field, value.textValue().strip())
                    : Optional.empty();
        }
        if (urlField && value.isValueNode()) {
            return Optional.of(ValidationError.of(field, "invalid_type", "must hold URLs (strings)"));
        }
        int i = 0;
        for (Iterator<JsonNode> it = value.elements(); it.hasNext(); i++) {
            Optional<ValidationError> error = walk(field + (value.isArray() ? "[" + i + "]" : ""), it.next(),
                    urlField, urls);
            if (error.isPresent()) {
                return error;
            }
        }
        return Optional.empty();
    }

    static boolean looksLikeUrl(String text) {
        Matcher m = SCHEME.matcher(text);
        return m.find() && (m.group(2) != null || OPAQUE_SCHEMES.contains(m.group(1).toLowerCase(Locale.ROOT)));
    }
}
