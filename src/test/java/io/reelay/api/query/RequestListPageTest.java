package io.reelay.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.reelay.api.RequestSummaryView;
import io.reelay.lifecycle.query.LocalPage;
import io.reelay.lifecycle.query.RequestStatus;
import io.reelay.lifecycle.query.RequestSummary;

/** The instances' pages merged into one: newest first, one row a request, partial when any page was. */
class RequestListPageTest {

    static RequestSummary row(String id, long at, RequestStatus.State state) {
        return new RequestSummary(id, state, "tokenlab", "veo3.1", null, "acme", 3, "acme", null, null, null, null,
                false, null, null, Instant.ofEpochMilli(at), null, null, null, null, null, null, null);
    }

    @Test
    void pagesMergeNewestFirstKeepingARequestsEndWhenSeenTwice() {
        var page = RequestListService.page(List.of(
                new LocalPage(List.of(row("a", 3, RequestStatus.State.IN_PROGRESS), row("b", 1, RequestStatus.State.FAILED)),
                        false),
                new LocalPage(List.of(row("c", 2, RequestStatus.State.COMPLETED), row("a", 3, RequestStatus.State.COMPLETED)),
                        true)), 2);

        assertThat(page.data()).extracting(RequestSummaryView::requestId).containsExactly("a", "c");
        assertThat(page.data().get(0).status().name()).isEqualTo("completed");
        assertThat(page.partial()).isTrue();
        assertThat(page.nextAfter()).isEqualTo("2.c");
    }

    @Test
    void aPageShorterThanItsLimitIsTheLast() {
        var page = RequestListService.page(List.of(new LocalPage(List.of(row("a", 3, RequestStatus.State.FAILED)),
                false)), 5);
        assertThat(page.nextAfter()).isNull();
        assertThat(page.partial()).isFalse();
    }
}
