package io.reelay.testing;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** The API clients the test profile configures (reelay.api.auth.clients.* in application.properties). */
public final class ApiKeys {

    public static final String WRITER_KEY = "test-writer-key";
    public static final String READER_KEY = "test-reader-key";

    private ApiKeys() {
    }

    /** A request with a key that may submit and cancel. */
    public static RequestSpecification asWriter() {
        return given().header("Authorization", "Bearer " + WRITER_KEY);
    }

    /** A request with a read-only key. */
    public static RequestSpecification asReader() {
        return given().header("X-API-Key", READER_KEY);
    }
}
