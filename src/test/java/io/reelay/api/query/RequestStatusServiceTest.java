package io.reelay.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.reelay.config.ReelayConfig.Api.Access;
import io.reelay.api.mapping.RequestViewMapper;
import io.reelay.api.security.Caller;
import io.reelay.lifecycle.query.Instance;
import io.reelay.lifecycle.query.QueryResult;
import io.reelay.lifecycle.query.RequestStatus;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The parts of a status query that need no stores: the ownership rule, the owner's answers, the forwarded path. */
class RequestStatusServiceTest {

    private static final Caller ACME = new Caller("acme", Access.write, false);
    private static final Caller ADMIN = new Caller("ops", Access.admin, false);
    private static final Instance HOST = new Instance("host", 1);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void somebodyElsesRequestIsAnsweredExactlyAsAnUnknownOne() {
        QueryResult globex = new QueryResult.Found(status("globex"), HOST);
        QueryResult nobody = new QueryResult.Found(status(null), HOST);

        assertThat(RequestStatusService.visibleTo(ACME, globex)).isEqualTo(new QueryResult.NotFound());
        assertThat(RequestStatusService.visibleTo(ACME, nobody)).isEqualTo(new QueryResult.NotFound());
        assertThat(RequestStatusService.visibleTo(ADMIN, globex)).isEqualTo(globex);
        assertThat(RequestStatusService.visibleTo(ADMIN, nobody)).isEqualTo(nobody);
        QueryResult own = new QueryResult.Found(status("acme"), HOST);
        assertThat(RequestStatusService.visibleTo(ACME, own)).isEqualTo(own);
        // "Retry later" says nothing about whose it is.
        QueryResult unavailable = new QueryResult.Unavailable("rebalancing");
        assertThat(RequestStatusService.visibleTo(ACME, unavailable)).isEqualTo(unavailable);
    }

    @Test
    void theOwnersAnswerIsTheRequestAsTheOwnerReadItServedByTheOwner() throws Exception {
        RequestStatus status = status("acme");
        byte[] body = JSON.writeValueAsBytes(RequestViewMapper.view(status));

        QueryResult result = service().fromOwner(HOST, new OwnerForwarder.Answer(200, "application/json", body, null));

        assertThat(result).isEqualTo(new QueryResult.Found(status, HOST));
    }

    @Test
    void theOwnersNotFoundIsNotFoundAndAnythingElseMeansAskAgain() {
        assertThat(service().fromOwner(HOST, answer(404, "{}"))).isEqualTo(new QueryResult.NotFound());
        assertThat(service().fromOwner(HOST, answer(503, "{}"))).isEqualTo(new QueryResult.Unavailable(
                "the owner of this request, host:1, answered 503"));
        assertThat(service().fromOwner(HOST, answer(200, "not json"))).isInstanceOf(QueryResult.Unavailable.class);
        assertThat(service().fromOwner(HOST, answer(200, "{\"request_id\":\"r-1\"}")))
                .isInstanceOf(QueryResult.Unavailable.class);
    }

    /** Any id becomes one path segment of a valid URI, and reads back as itself. */
    @Property(tries = 3000)
    void anyIdIsOnePathSegment(@ForAll String id) {
        String path = RequestStatusService.path(id);

        URI uri = URI.create("http://host:1" + path);
        assertThat(uri.getRawPath()).isEqualTo(path);
        String segment = path.substring("/v1/requests/".length());
        assertThat(segment).doesNotContain("/", "?", "#", " ");
        Assume.that(StandardCharsets.UTF_8.newEncoder().canEncode(id));
        assertThat(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8)).isEqualTo(id);
    }

    /** Only what answers need: no stores, no forwarding. */
    private static RequestStatusService service() {
        return new RequestStatusService(null, null, JSON);
    }

    private static OwnerForwarder.Answer answer(int status, String body) {
        return new OwnerForwarder.Answer(status, "application/json", body.getBytes(StandardCharsets.UTF_8), null);
    }

    private static RequestStatus status(String owner) {
        return new RequestStatus("r-1", RequestStatus.State.IN_PROGRESS, null, null, null, null, null, null, false,
                null, null, null, null, null, null, owner);
    }
}
