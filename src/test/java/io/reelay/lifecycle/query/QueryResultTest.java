package io.reelay.lifecycle.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

/** The one answer type of a status query, and the rule that hides somebody else's request. */
class QueryResultTest {

    private static final Instance HERE = new Instance("reelay-0.reelay", 8080);
    private static final Predicate<RequestStatus> OWNED_BY_ACME = status -> "acme".equals(status.owner());

    @Test
    void aRequestTheAskerMayNotSeeIsNotFoundExactlyLikeAnUnknownOne() {
        QueryResult globex = new QueryResult.Found(status("globex"), HERE);
        QueryResult nobody = new QueryResult.Found(status(null), HERE);

        assertThat(globex.shownOnlyIf(OWNED_BY_ACME)).isEqualTo(new QueryResult.NotFound());
        assertThat(nobody.shownOnlyIf(OWNED_BY_ACME)).isEqualTo(new QueryResult.NotFound());
    }

    @Test
    void aRequestTheAskerMaySeeIsShownAsRead() {
        QueryResult own = new QueryResult.Found(status("acme"), HERE);

        assertThat(own.shownOnlyIf(OWNED_BY_ACME)).isEqualTo(own);
        assertThat(new QueryResult.Found(status("globex"), HERE).shownOnlyIf(status -> true))
                .isEqualTo(new QueryResult.Found(status("globex"), HERE));
    }

    @Test
    void answersWithoutARequestSayNothingAboutWhoseItIs() {
        for (QueryResult result : List.of(new QueryResult.NotFound(), new QueryResult.Unavailable("rebalancing"),
                new QueryResult.Elsewhere(new Instance("reelay-1.reelay", 8080)))) {
            assertThat(result.shownOnlyIf(status -> false)).isEqualTo(result);
        }
    }

    @Test
    void anInstanceIsNamedHostColonPortAndOnlyOneWithAnAddressCanBeAsked() {
        assertThat(HERE.address()).isEqualTo("reelay-0.reelay:8080");
        assertThat(HERE.reachable()).isTrue();
        assertThat(Instance.UNKNOWN.reachable()).isFalse();
        assertThat(new Instance("reelay-1.reelay", 0).reachable()).isFalse();
    }

    private static RequestStatus status(String owner) {
        return new RequestStatus("r-1", RequestStatus.State.IN_PROGRESS, "tokenlab", "veo3.1", null, "t-1", null,
                null, false, 1, null, null, null, null, null, owner);
    }
}
