package io.reelay.api.changes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.reelay.lifecycle.query.RequestStatus;
import io.reelay.lifecycle.query.RequestSummary;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Every change to every subscriber that may see it, through bounded queues: a slow reader resyncs, never blocks. */
class ChangeBroadcasterTest {

    static RequestSummary change(String id, RequestStatus.State state, String owner) {
        return new RequestSummary(id, state, "tokenlab", "veo3.1", null, "acme", 3, owner, null, null, null, null,
                false, null, null, Instant.EPOCH, null, null, null, null, null, null, null);
    }

    @Test
    void aRequestsLaterChangesCarryTheOwnerItsIntentNamed() {
        ChangeBroadcaster broadcaster = new ChangeBroadcaster(10, 10);
        ChangeBroadcaster.Subscriber acme = broadcaster.subscribe("acme"::equals);
        ChangeBroadcaster.Subscriber globex = broadcaster.subscribe("globex"::equals);
        ChangeBroadcaster.Subscriber admin = broadcaster.subscribe(owner -> true);

        broadcaster.publish(change("r-1", RequestStatus.State.SUBMITTING, "acme"));
        broadcaster.publish(change("r-1", RequestStatus.State.IN_PROGRESS, null));
        broadcaster.publish(change("r-2", RequestStatus.State.IN_PROGRESS, null));
        broadcaster.publish(change("r-1", RequestStatus.State.COMPLETED, null));

        assertThat(acme.drain().changes()).extracting(RequestSummary::requestId, RequestSummary::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("r-1", RequestStatus.State.SUBMITTING),
                        org.assertj.core.groups.Tuple.tuple("r-1", RequestStatus.State.IN_PROGRESS),
                        org.assertj.core.groups.Tuple.tuple("r-1", RequestStatus.State.COMPLETED));
        assertThat(globex.drain().changes()).isEmpty();
        assertThat(admin.drain().changes()).hasSize(4);
        assertThat(broadcaster.ownersKnown()).as("forgotten once the request ended").isZero();
    }

    @Test
    void aReaderThatFallsBehindIsToldToResyncAndTheOthersLoseNothing() {
        ChangeBroadcaster broadcaster = new ChangeBroadcaster(3, 10);
        ChangeBroadcaster.Subscriber slow = broadcaster.subscribe(owner -> true);
        ChangeBroadcaster.Subscriber fast = broadcaster.subscribe(owner -> true);
        List<RequestSummary> fastSaw = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            broadcaster.publish(change("r-" + i, RequestStatus.State.IN_PROGRESS, null));
            fastSaw.addAll(fast.drain().changes());
        }
        ChangeBroadcaster.Batch batch = slow.drain();
        assertThat(batch.resync()).isTrue();
        assertThat(batch.changes()).hasSizeLessThanOrEqualTo(3);
        assertThat(slow.drain().resync()).as("said once").isFalse();
        assertThat(fastSaw).hasSize(10);
        slow.close();
        assertThat(broadcaster.subscribers()).isEqualTo(1);
    }

    record Op(boolean drain, int subscriber, RequestSummary change) {
    }

    /** Any interleaving of changes and reads: queues and the owner memory stay within their bounds; order is kept. */
    @Property(tries = 2000)
    void queuesAndMemoryStayBounded(@ForAll("ops") List<Op> ops, @ForAll @IntRange(min = 1, max = 5) int buffer,
            @ForAll @IntRange(min = 1, max = 4) int owners) {
        ChangeBroadcaster broadcaster = new ChangeBroadcaster(buffer, owners);
        List<ChangeBroadcaster.Subscriber> subscribers = List.of(broadcaster.subscribe(o -> true),
                broadcaster.subscribe("acme"::equals), broadcaster.subscribe(o -> {
                    throw new IllegalStateException("a broken rule shows nothing");
                }));
        for (Op op : ops) {
            if (op.drain()) {
                ChangeBroadcaster.Batch batch = subscribers.get(op.subscriber()).drain();
                assertThat(batch.changes()).hasSizeLessThanOrEqualTo(buffer);
                if (op.subscriber() == 1) {
                    assertThat(batch.changes()).allSatisfy(c -> assertThat(c.owner()).isEqualTo("acme"));
                }
                assertThat(subscribers.get(2).held()).isZero();
            } else {
                broadcaster.publish(op.change());
            }
            subscribers.forEach(s -> assertThat(s.held()).isLessThanOrEqualTo(buffer));
            assertThat(broadcaster.ownersKnown()).isLessThanOrEqualTo(owners);
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<RequestSummary> change = Combinators.combine(Arbitraries.of("r-1", "r-2", "r-3", "r-4", "r-5"),
                Arbitraries.of(RequestStatus.State.values()), Arbitraries.of("acme", "globex").injectNull(0.6))
                .as(ChangeBroadcasterTest::change);
        Arbitrary<Op> op = Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 2),
                change.injectNull(0.05)).as(Op::new);
        return op.list().ofMaxSize(60);
    }
}
