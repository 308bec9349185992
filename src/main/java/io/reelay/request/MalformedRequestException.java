package io.reelay.request;

import java.util.List;

import io.reelay.request.validation.ValidationError;

/**
 * A record that could be read far enough to know which request it is, but whose fields have the
 * wrong shape (a JSON duration of "abc", say). It ends in a failure event with reason
 * invalid_request, not in the dead-letter topic, so that its producer hears about it by request id.
 */
public class MalformedRequestException extends RuntimeException {

    private final VideoRequest partial;
    private final List<ValidationError> errors;

    public MalformedRequestException(VideoRequest partial, List<ValidationError> errors) {
        super("malformed request " + partial.requestId() + ": " + errors);
        this.partial = partial;
        this.errors = List.copyOf(errors);
    }

    /** What could be read: the id, and the model when it was readable. */
    public VideoRequest partial() {
        return partial;
    }

    public List<ValidationError> errors() {
        return errors;
    }
}
