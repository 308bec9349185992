package io.reelay.lifecycle.streams;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.reelay.events.ValidationError;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoRequested;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.kafka.RecordLimits;
import io.reelay.state.FinishedRequest;

/**
 * Keeps every event the tracker writes within {@link RecordLimits}: a failure's text and its list of validation
 * errors are cut to a fixed size whatever the input, and an event that is still too large loses its metadata (the
 * producer's own map) before it could stop the pipeline. Sizes are measured in single-object encoding, which is
 * never smaller than the registry wire format.
 */
final class OutputBounds {

    private static final Logger LOG = Logger.getLogger(OutputBounds.class);
    private static final AvroSerde<VideoFailed> FAILED = AvroSerde.of(VideoFailed.class);
    private static final AvroSerde<VideoCompleted> COMPLETED = AvroSerde.of(VideoCompleted.class);
    private static final AvroSerde<FinishedRequest> FINISHED = AvroSerde.of(FinishedRequest.class);
    private static final AvroSerde<VideoRequested> REQUESTED = AvroSerde.of(VideoRequested.class);
    /** Each text of a validation error. */
    private static final int MAX_ERROR_TEXT = 300;
    private static final int MAX_ALLOWED_VALUES = 50;

    private OutputBounds() {
    }

    /** The failure, cut to size (in place, and returned). */
    static VideoFailed failure(VideoFailed failure) {
        failure.setMessage(RecordLimits.cut(failure.getMessage(), RecordLimits.MAX_MESSAGE_CHARS));
        failure.setValidationErrors(errors(failure.getValidationErrors()));
        if (failure.getUpstreamError() != null) {
            var e = failure.getUpstreamError();
            e.setMessage(RecordLimits.cut(e.getMessage(), RecordLimits.MAX_MESSAGE_CHARS));
            e.setCode(RecordLimits.cut(e.getCode(), MAX_ERROR_TEXT));
            e.setType(RecordLimits.cut(e.getType(), MAX_ERROR_TEXT));
            e.setParam(RecordLimits.cut(e.getParam(), MAX_ERROR_TEXT));
        }
        if (FAILED.encode(failure).length > RecordLimits.MAX_VALUE_BYTES) {
            LOG.warnf("Request %s: its failure event would be too large; sent without its metadata",
                    failure.getRequestId());
            failure.setMetadata(null);
        }
        return failure;
    }

    /** The completion, cut to size: only its metadata can go, never a video. */
    static VideoCompleted completion(VideoCompleted completion) {
        if (COMPLETED.encode(completion).length > RecordLimits.MAX_VALUE_BYTES) {
            LOG.warnf("Request %s: its completion event would be too large; sent without its metadata",
                    completion.getRequestId());
            completion.setMetadata(null);
        }
        return completion;
    }

    /** A finished request's record, cut to size: its kept request goes before its outcome could. */
    static FinishedRequest finished(FinishedRequest done) {
        if (done.getRequest() != null && FINISHED.encode(done).length > RecordLimits.MAX_VALUE_BYTES) {
            LOG.warnf("Request %s: its finished record would be too large; kept without the request as sent",
                    done.getRequestId());
            done.setRequest(null);
        }
        return done;
    }

    /** The encoded size of a request: it travels in the intent and stays in the in-flight store. */
    static int requestBytes(VideoRequested request) {
        return REQUESTED.encode(request).length;
    }

    private static List<ValidationError> errors(List<ValidationError> errors) {
        if (errors == null) {
            return null;
        }
        int max = RecordLimits.MAX_VALIDATION_ERRORS;
        List<ValidationError> out = new ArrayList<>(Math.min(errors.size(), max));
        for (int i = 0; i < errors.size() && i < max - 1; i++) {
            out.add(error(errors.get(i)));
        }
        if (errors.size() == max) {
            out.add(error(errors.get(max - 1)));
        } else if (errors.size() > max) {
            out.add(ValidationError.newBuilder()
                    .setField("*")
                    .setCode("too_many_errors")
                    .setMessage((errors.size() - (max - 1)) + " more errors not listed")
                    .build());
        }
        return out;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static ValidationError error(ValidationError e) {
        List<String> allowed = e.getAllowed() == null ? List.of() : e.getAllowed().stream()
                .limit(MAX_ALLOWED_VALUES).map(a -> RecordLimits.cut(a == null ? "" : a, 100)).toList();
        return ValidationError.newBuilder()
                .setField(RecordLimits.cut(orEmpty(e.getField()), MAX_ERROR_TEXT))
                .setCode(RecordLimits.cut(orEmpty(e.getCode()), 64))
                .setMessage(RecordLimits.cut(orEmpty(e.getMessage()), MAX_ERROR_TEXT))
                .setAllowed(allowed)
                .build();
    }
}
