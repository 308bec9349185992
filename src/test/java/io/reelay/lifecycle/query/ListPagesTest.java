package io.reelay.lifecycle.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The list's order and paging: newest first, each request once across pages, bounded by the limit. */
class ListPagesTest {

    static RequestSummary row(String id, Long requestedMillis, RequestStatus.State state, String tenant, String owner) {
        return new RequestSummary(id, state, "tokenlab", "veo3.1", "text-to-video", tenant, 3, owner, null, null, null,
                null, false, null, null, requestedMillis == null ? null : Instant.ofEpochMilli(requestedMillis), null,
                null, null, null, null, null, null);
    }

    @Test
    void newestComeFirstAndTheFilterDecides() {
        var filter = new ListFilter(Set.of(RequestStatus.State.COMPLETED), "acme", null, owner -> "acme".equals(owner),
                null, 10);
        Newest newest = new Newest(2);
        for (RequestSummary r : List.of(row("a", 1000L, RequestStatus.State.COMPLETED, "acme", "acme"),
                row("b", 3000L, RequestStatus.State.COMPLETED, "acme", "acme"),
                row("c", 2000L, RequestStatus.State.COMPLETED, "acme", "acme"),
                row("d", 4000L, RequestStatus.State.FAILED, "acme", "acme"),
                row("e", 5000L, RequestStatus.State.COMPLETED, "globex", "acme"),
                row("f", 6000L, RequestStatus.State.COMPLETED, "acme", "globex"))) {
            if (filter.matches(r)) {
                newest.offer(r);
            }
        }
        assertThat(newest.newestFirst()).extracting(RequestSummary::requestId).containsExactly("b", "c");
    }

    @Test
    void aCursorIsReadBackAsWritten() {
        ListCursor cursor = ListCursor.after(row("r:1/x", 1764720000000L, RequestStatus.State.FAILED, null, null));
        assertThat(ListCursor.parse(cursor.format())).contains(cursor);
        assertThat(ListCursor.parse("x.y")).isEmpty();
        assertThat(ListCursor.parse(".y")).isEmpty();
        assertThat(ListCursor.parse("12345678901234567890.y")).isEmpty();
    }

    /** Rows spread over instances, paged through with the cursor: every row exactly once, in order. */
    @Property(tries = 1000)
    void pagingThroughEveryInstanceShowsEachRowOnceNewestFirst(@ForAll("rows") List<RequestSummary> rows,
            @ForAll @IntRange(min = 1, max = 4) int instances, @ForAll @IntRange(min = 1, max = 7) int limit) {
        List<List<RequestSummary>> stores = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            stores.add(new ArrayList<>());
        }
        for (int i = 0; i < rows.size(); i++) {
            stores.get(Math.floorMod(rows.get(i).requestId().hashCode(), instances)).add(rows.get(i));
        }
        List<RequestSummary> seen = new ArrayList<>();
        ListCursor after = null;
        for (int page = 0; page < rows.size() + 2; page++) {
            Newest merged = new Newest(limit);
            for (List<RequestSummary> store : stores) {
                Newest local = new Newest(limit);
                ListFilter filter = new ListFilter(Set.of(), null, null, owner -> true, after, limit);
                store.stream().filter(filter::matches).forEach(local::offer);
                local.newestFirst().forEach(merged::offer);
            }
            List<RequestSummary> shown = merged.newestFirst();
            assertThat(shown).hasSizeLessThanOrEqualTo(limit);
            seen.addAll(shown);
            if (shown.size() < limit) {
                break;
            }
            after = ListCursor.after(shown.get(shown.size() - 1));
        }
        List<RequestSummary> expected = new ArrayList<>(rows);
        expected.sort(ListCursor.NEWEST_FIRST);
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Provide
    Arbitrary<List<RequestSummary>> rows() {
        Arbitrary<RequestSummary> row = net.jqwik.api.Combinators.combine(
                Arbitraries.strings().withChars("abc-.:").ofMinLength(1).ofMaxLength(6),
                Arbitraries.longs().between(0, 5).injectNull(0.2))
                .as((id, at) -> row(id, at, RequestStatus.State.IN_PROGRESS, null, null));
        return row.list().ofMaxSize(40).uniqueElements(RequestSummary::requestId);
    }
}
