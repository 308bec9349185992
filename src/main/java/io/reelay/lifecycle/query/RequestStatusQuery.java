package io.reelay.lifecycle.query;

/**
 * Reads where a request is, on this instance. It never waits: while the request's state is moving between
 * instances or being restored, the answer is {@link QueryResult.Unavailable}.
 */
public interface RequestStatusQuery {

    /** What this instance can say about {@code requestId} (never null). */
    QueryResult find(String requestId);

    /** This instance as the others reach it. */
    Instance self();

    /** Whether {@code instance} is a member of this application's group: the only instances worth asking. */
    boolean isMember(Instance instance);
}
