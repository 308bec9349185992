package io.reelay.request.validation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits Reelay enforces on every request before any paid call. */
@ConfigMapping(prefix = "reelay.validation")
public interface ValidationConfig {

    /** Accept plain http:// input URLs (https only by default). */
    @WithDefault("false")
    boolean allowHttpUrls();

    /** Longest prompt, in characters (a model's own, smaller limit still applies). */
    @WithDefault("5000")
    int maxPromptLength();

    /** Largest inline data: URL, in characters of the URL. */
    @WithDefault("10485760")
    int maxDataUrlLength();

    /** Most reference images for models that state no limit of their own. */
    @WithDefault("9")
    int maxReferenceImages();
}
