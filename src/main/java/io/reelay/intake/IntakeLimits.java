package io.reelay.intake;

import io.reelay.kafka.RequestIds;

/**
 * Every bound Reelay puts on a request at intake, in one place. A record that breaks a bound is refused (or
 * dead-lettered when it cannot even be named), so nothing Reelay stores or writes grows with its input.
 *
 * @param maxRequestIdLength longest request_id (or key standing in for it); its characters are {@link #ID_CHARACTERS}
 * @param maxNameLength longest model id and operation name
 * @param maxUrlLength longest input URL other than data: URLs (which have their own, configured limit)
 * @param maxListItems most items in any list (reference_images, kling_elements, an element's images...)
 * @param maxMetadataEntries most metadata entries
 * @param maxMetadataKeyLength longest metadata key
 * @param maxMetadataValueLength longest metadata value
 * @param maxMetadataBytes most metadata in total (keys and values, UTF-16 characters)
 * @param maxParameters most pass-through parameters
 * @param maxParameterBytes most pass-through parameters in total (names and JSON literals, characters)
 * @param maxJsonDepth deepest nesting of a JSON request
 * @param maxJsonNumberLength longest number literal in a JSON request
 * @param maxJsonDocumentLength largest JSON request, in bytes (a data: URL of the configured size must fit)
 */
public record IntakeLimits(
        int maxRequestIdLength,
        int maxNameLength,
        int maxUrlLength,
        int maxListItems,
        int maxMetadataEntries,
        int maxMetadataKeyLength,
        int maxMetadataValueLength,
        int maxMetadataBytes,
        int maxParameters,
        int maxParameterBytes,
        int maxJsonDepth,
        int maxJsonNumberLength,
        int maxJsonDocumentLength) {

    /** The characters of a usable request id: safe in a record key, a header, a URL path and a log line. */
    public static final String ID_CHARACTERS = "letters, digits and - _ . : @ / + =";

    /** Most validation errors reported for one request (one more says how many were left out). */
    public static final int MAX_ERRORS = 20;
    /** Most characters of all the errors of one request together (field, code, message, allowed values). */
    public static final int MAX_ERROR_CHARACTERS = 6_000;
    /** Longest text a refusal quotes from its producer (a model id, a header, a value); longer ones are cut. */
    public static final int ECHO_LENGTH = 64;
    /** Longest reason of a dead letter. */
    public static final int MAX_REASON_LENGTH = 400;

    public static final IntakeLimits DEFAULTS = new IntakeLimits(RequestIds.MAX_LENGTH, 100, 4096, 16, 32, 64, 1024, 8192, 32, 16_384,
            32, 64, 16 * 1024 * 1024);

    /**
     * The longest JSON string a request may hold (a data: URL of the configured size, the longest prompt...);
     * longer ones make the record unreadable rather than refused, so this is generous.
     */
    public int maxStringLength(int maxPromptLength, int maxDataUrlLength) {
        int longest = Math.max(Math.max(maxDataUrlLength, maxPromptLength), Math.max(maxUrlLength,
                Math.max(maxParameterBytes, maxMetadataBytes)));
        return Math.max(longest, 1 << 20) + 64;
    }

    /** True when {@code id} can name a request: 1 to maxRequestIdLength characters of {@link #ID_CHARACTERS}. */
    public boolean usableId(String id) {
        return id != null && !id.isEmpty() && id.length() <= maxRequestIdLength && RequestIds.safeCharacters(id);
    }
}
