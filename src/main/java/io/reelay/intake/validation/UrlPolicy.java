package io.reelay.intake.validation;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import io.reelay.config.ReelayConfig;
import io.reelay.intake.Echo;
import io.reelay.intake.IntakeLimits;
import io.reelay.intake.ValidationError;
import io.reelay.net.HostPolicy;

/**
 * Which input URLs Reelay passes on: https (or http when allowed) to a public host (see {@link HostPolicy}),
 * without credentials, at most {@code maxUrlLength} characters of printable ASCII; or a data: URL of the media
 * type the field takes, below its own size limit. No DNS lookup is made.
 */
final class UrlPolicy {

    /** What a field's data: URLs may hold. */
    enum Media {
        IMAGE("image/"), VIDEO("video/"), AUDIO("audio/"), ANY_MEDIA(null);

        private final String prefix;

        Media(String prefix) {
            this.prefix = prefix;
        }

        /** By the field's name: image_url, reference_videos[2], parameters.audio_url... (else any media). */
        static Media of(String field) {
            String f = field.toLowerCase(Locale.ROOT);
            if (f.contains("image") || f.contains("element_input_urls")) {
                return IMAGE;
            }
            return f.contains("video") ? VIDEO : f.contains("audio") ? AUDIO : ANY_MEDIA;
        }

        boolean accepts(String mediaType) {
            return prefix == null ? IMAGE.accepts(mediaType) || VIDEO.accepts(mediaType) || AUDIO.accepts(mediaType)
                    : mediaType.startsWith(prefix) && mediaType.length() > prefix.length();
        }

        String wanted() {
            return prefix == null ? "image/*, video/* or audio/*" : prefix + "*";
        }
    }

    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+");

    private final ReelayConfig.Validation settings;
    private final IntakeLimits limits;

    UrlPolicy(ReelayConfig.Validation settings, IntakeLimits limits) {
        this.settings = settings;
        this.limits = limits;
    }

    /** Checks {@code url} for {@code field}, its data: media type judged by the field's name. */
    Optional<ValidationError> check(String field, String url) {
        return check(field, url, Media.of(field));
    }

    Optional<ValidationError> check(String field, String url, Media media) {
        if (url == null || url.isBlank()) {
            return error(field, "required", "must not be empty");
        }
        if (url.regionMatches(true, 0, "data:", 0, 5)) {
            return checkData(field, url, media);
        }
        int max = limits.maxUrlLength();
        if (url.length() > max) {
            return error(field, "too_long", "URL is " + url.length() + " characters; at most " + max + " are accepted");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return error(field, "invalid_url", "must be printable ASCII without spaces (percent-encode the rest)");
            }
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return error(field, "invalid_url", "not a URL: " + Echo.quote(e.getReason()));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean schemeOk = scheme.equals("https") || (settings.allowHttpUrls() && scheme.equals("http"));
        if (!schemeOk) {
            return error(field, "invalid_url", "must be an " + (settings.allowHttpUrls() ? "http(s)" : "https")
                    + " URL or a data: URL");
        }
        String authority = uri.getRawAuthority();
        if (uri.getRawUserInfo() != null || (authority != null && authority.contains("@"))) {
            return error(field, "invalid_url", "must not carry credentials");
        }
        String host = uri.getHost();
        if (host == null) {
            // java.net.URI gives no host for some numeric forms (0x7f.1): judge the authority itself.
            String bare = authority == null ? "" : authority.replaceFirst(":[0-9]*$", "");
            if (!bare.isEmpty() && HostPolicy.numberLike(bare)) {
                return HostPolicy.refusal(bare).map(reason -> ValidationError.of(field, "forbidden_host", reason))
                        .or(() -> error(field, "invalid_url", "has no valid host"));
            }
            return error(field, "invalid_url", "has no valid host");
        }
        return HostPolicy.refusal(host).map(reason -> ValidationError.of(field, "forbidden_host", reason));
    }

    private Optional<ValidationError> checkData(String field, String url, Media media) {
        if (url.length() > settings.maxDataUrlLength()) {
            return error(field, "too_large", "data: URL is " + url.length() + " characters; at most "
                    + settings.maxDataUrlLength() + " are accepted (use an https URL)");
        }
        int comma = url.indexOf(',');
        if (comma < 0 || comma > 260) {
            return error(field, "invalid_url", "a data: URL needs a media type and a comma before its data");
        }
        String mediaType = url.substring(5, comma).split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!MEDIA_TYPE.matcher(mediaType).matches() || !media.accepts(mediaType)) {
            return error(field, "invalid_url", "a data: URL here must be of type " + media.wanted() + ", got "
                    + (mediaType.isEmpty() ? "none" : Echo.quote(mediaType)));
        }
        return Optional.empty();
    }

    private static Optional<ValidationError> error(String field, String code, String message) {
        return Optional.of(ValidationError.of(field, code, message));
    }
}
