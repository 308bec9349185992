package io.reelay.request;

/** A record on video.requests that cannot be read as a request; it goes to the dead-letter topic. */
public class UndecodableRequestException extends RuntimeException {

    public UndecodableRequestException(String message) {
        super(message);
    }

    public UndecodableRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
