package io.reelay.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.reelay.api.RequestView;
import io.reelay.api.security.Caller;
import io.reelay.config.ReelayConfig.Api.Access;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The parts of a status query that need no stores: the ownership rule on answers and the forwarded path. */
class RequestStatusServiceTest {

    private static final Caller ACME = new Caller("acme", Access.write, false);
    private static final Caller ADMIN = new Caller("ops", Access.admin, false);

    @Test
    void somebodyElsesRequestIsAnsweredExactlyAsAnUnknownOne() {
        StatusAnswer globex = new StatusAnswer.Known(view("globex"), "host:1");
        StatusAnswer nobody = new StatusAnswer.Known(view(null), "host:1");

        assertThat(RequestStatusService.visibleTo(ACME, globex)).isEqualTo(new StatusAnswer.Unknown());
        assertThat(RequestStatusService.visibleTo(ACME, nobody)).isEqualTo(new StatusAnswer.Unknown());
        assertThat(RequestStatusService.visibleTo(ADMIN, globex)).isEqualTo(globex);
        assertThat(RequestStatusService.visibleTo(ADMIN, nobody)).isEqualTo(nobody);
        StatusAnswer own = new StatusAnswer.Known(view("acme"), "host:1");
        assertThat(RequestStatusService.visibleTo(ACME, own)).isEqualTo(own);
        // "Retry later" says nothing about whose it is.
        StatusAnswer unavailable = new StatusAnswer.Unavailable("rebalancing");
        assertThat(RequestStatusService.visibleTo(ACME, unavailable)).isEqualTo(unavailable);
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

    private static RequestView view(String owner) {
        return new RequestView("r-1", RequestView.Status.in_progress, null, null, null, null, null, null, null, null,
                null, null, null, null, null, owner);
    }
}
