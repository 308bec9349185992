package io.reelay.intake.decode;

import java.util.List;

import io.reelay.intake.ValidationError;
import io.reelay.intake.Echo;
import io.reelay.intake.VideoRequest;

/**
 * A record that could be read far enough to know which request it is, but whose fields have the
 * wrong shape (a JSON duration of "abc", say). It ends in a failure event with reason
 * invalid_request, not in the dead-letter topic, so that its producer hears about it by request id.
 */
public class MalformedRequestException extends RuntimeException {

    private final VideoRequest partial;
    private final List<ValidationError> errors;

    public MalformedRequestException(VideoRequest partial, List<ValidationError> errors) {
        super(message(partial, ValidationError.capped(errors)), null, false, false);
        this.partial = partial;
        this.errors = ValidationError.capped(errors);
    }

    private static String message(VideoRequest partial, List<ValidationError> errors) {
        StringBuilder sb = new StringBuilder("malformed request ").append(Echo.quote(partial.requestId())).append(": ");
        for (int i = 0; i < errors.size(); i++) {
            sb.append(i == 0 ? "" : "; ").append(errors.get(i).field()).append(": ").append(errors.get(i).message());
        }
        return sb.toString();
    }

    /** What could be read: the id, and the model when it was readable. */
    public VideoRequest partial() {
        return partial;
    }

    public List<ValidationError> errors() {
        return errors;
    }
}
