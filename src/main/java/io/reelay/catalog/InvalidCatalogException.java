package io.reelay.catalog;

/** The model catalog's data breaks its format or one of its rules; the message says where. */
public class InvalidCatalogException extends IllegalStateException {

    public InvalidCatalogException(String message) {
        super(message);
    }

    public InvalidCatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
