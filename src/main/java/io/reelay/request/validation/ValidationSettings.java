package io.reelay.request.validation;

import io.reelay.request.IntakeLimits;

/** The validation limits as plain values, so the validator is testable without CDI. */
public record ValidationSettings(boolean allowHttpUrls, int maxPromptLength, int maxDataUrlLength,
        int maxReferenceImages, IntakeLimits limits) {

    public static final ValidationSettings DEFAULTS = new ValidationSettings(false, 5000, 10 * 1024 * 1024, 9);

    public ValidationSettings {
        limits = limits == null ? IntakeLimits.DEFAULTS : limits;
    }

    /** With the default {@link IntakeLimits}. */
    public ValidationSettings(boolean allowHttpUrls, int maxPromptLength, int maxDataUrlLength, int maxReferenceImages) {
        this(allowHttpUrls, maxPromptLength, maxDataUrlLength, maxReferenceImages, IntakeLimits.DEFAULTS);
    }

    public static ValidationSettings from(ValidationConfig c) {
        return new ValidationSettings(c.allowHttpUrls(), c.maxPromptLength(), c.maxDataUrlLength(), c.maxReferenceImages());
    }

    /**
     * The longest JSON string a request may hold (a data: URL of the configured size, the longest prompt...);
     * longer ones make the record unreadable rather than refused, so this is generous.
     */
    public int maxStringLength() {
        int longest = Math.max(Math.max(maxDataUrlLength, maxPromptLength), Math.max(limits.maxUrlLength(),
                Math.max(limits.maxParameterBytes(), limits.maxMetadataBytes())));
        return Math.max(longest, 1 << 20) + 64;
    }
}
