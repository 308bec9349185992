package io.reelay.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * A JSON reader that refuses bombs before building them: bounded depth, number and string length and document
 * size (Jackson's own stream constraints), and a duplicate key is an error rather than last-wins (two readers of
 * the same record must never disagree on its model or URLs).
 */
public final class BoundedJson {

    private BoundedJson() {
    }

    public static ObjectMapper mapper(IntakeLimits limits, int maxStringLength) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxJsonDepth())
                        .maxNumberLength(limits.maxJsonNumberLength())
                        .maxStringLength(maxStringLength)
                        .maxNameLength(Math.min(maxStringLength, 50_000))
                        .maxDocumentLength(limits.maxJsonDocumentLength())
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // NaN and Infinity parse as numbers, so a request using them is refused by field, not dead-lettered.
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
        return JsonMapper.builder(factory).build();
    }
}
