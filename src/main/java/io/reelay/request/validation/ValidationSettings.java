package io.reelay.request.validation;

/** The validation limits as plain values, so the validator is testable without CDI. */
public record ValidationSettings(boolean allowHttpUrls, int maxPromptLength, int maxDataUrlLength, int maxReferenceImages) {

    public static final ValidationSettings DEFAULTS = new ValidationSettings(false, 5000, 10 * 1024 * 1024, 9);

    public static ValidationSettings from(ValidationConfig c) {
        return new ValidationSettings(c.allowHttpUrls(), c.maxPromptLength(), c.maxDataUrlLength(), c.maxReferenceImages());
    }
}
