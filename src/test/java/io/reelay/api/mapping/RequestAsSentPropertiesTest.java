package io.reelay.api.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.SerializationException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.reelay.api.RequestView;
import io.reelay.events.VideoRequested;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.lifecycle.HostileRequests;
import io.reelay.lifecycle.query.RequestStatus;
import io.reelay.lifecycle.query.RequestStatusMapper;
import io.reelay.state.FinishedRequest;
import io.reelay.state.TrackedPhase;
import io.reelay.state.TrackedTask;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The request as sent, read from a store's bytes whatever they hold (a hostile request kept whole by an earlier
 * version, then bit flips, cuts, garbage): either the bytes are refused as undecodable, or GET's answer shows the
 * request within a fixed size, as JSON that reads back to the same request (how a forwarded answer is read).
 */
class RequestAsSentPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final AvroSerde<FinishedRequest> FINISHED = AvroSerde.of(FinishedRequest.class);
    private static final AvroSerde<TrackedTask> IN_FLIGHT = AvroSerde.of(TrackedTask.class);
    /** The request's JSON at most: its bounded copy, each character escaped at worst as six (\u0000). */
    private static final int MAX_REQUEST_JSON = 128 * 1024;

    @Property(tries = 3000)
    void aFinishedRecordShowsItsRequestBoundedOrIsRefused(@ForAll("requests") VideoRequested request,
            @ForAll("damage") int damage, @ForAll @IntRange(min = 0, max = 1 << 20) int where) throws Exception {
        byte[] bytes = damaged(FINISHED.encode(FinishedRequest.newBuilder().setRequestId("r-1").setCompleted(false)
                .setFinishedAt(1_700_000_000_000L).setRequest(request).build()), damage, where);
        FinishedRequest stored;
        try {
            stored = FINISHED.decode(bytes);
        } catch (SerializationException refused) {
            return; // undecodable: the store's reader skips it, nothing is shown
        }
        shownBoundedAndReadBack(RequestStatusMapper.finished(stored));
    }

    @Property(tries = 3000)
    void anInFlightRecordShowsItsRequestBoundedOrIsRefused(@ForAll("requests") VideoRequested request,
            @ForAll boolean submitted, @ForAll("damage") int damage,
            @ForAll @IntRange(min = 0, max = 1 << 20) int where) throws Exception {
        TrackedTask task = TrackedTask.newBuilder().setRequestId("r-1").setProvider("tokenlab").setModel("veo3.1")
                .setPhase(submitted ? TrackedPhase.in_flight : TrackedPhase.submitting).setIntentAt(1L)
                .setPendingRequest(submitted ? null : request).setSentRequest(submitted ? request : null).build();
        TrackedTask stored;
        try {
            stored = IN_FLIGHT.decode(damaged(IN_FLIGHT.encode(task), damage, where));
        } catch (SerializationException refused) {
            return;
        }
        shownBoundedAndReadBack(RequestStatusMapper.inFlight(stored));
    }

    private static void shownBoundedAndReadBack(RequestStatus status) throws Exception {
        RequestView view = RequestViewMapper.view(status);
        if (view.request() == null) {
            return;
        }
        String json = JSON.writeValueAsString(view.request());
        assertThat(json.length()).isLessThanOrEqualTo(MAX_REQUEST_JSON);
        assertThat(view.request().metadata() == null ? java.util.Map.of() : view.request().metadata())
                .allSatisfy((key, value) -> assertThat(key).doesNotStartWith("reelay:"));
        RequestView readBack = JSON.readValue(JSON.writeValueAsString(view), RequestView.class);
        assertThat(RequestViewMapper.status(readBack).request()).isEqualTo(status.request());
    }

    /** 0: intact; 1: a bit flipped; 2: cut short; 3: garbage after a point. */
    private static byte[] damaged(byte[] bytes, int damage, int where) {
        int at = where % bytes.length;
        return switch (damage) {
            case 1 -> {
                byte[] flipped = bytes.clone();
                flipped[at] ^= (byte) (1 << (where % 8));
                yield flipped;
            }
            case 2 -> java.util.Arrays.copyOf(bytes, at);
            case 3 -> {
                byte[] noise = bytes.clone();
                java.util.Random random = new java.util.Random(where);
                for (int i = Math.max(at, 10); i < noise.length; i++) {
                    noise[i] = (byte) random.nextInt();
                }
                yield noise;
            }
            default -> bytes;
        };
    }

    @Provide
    Arbitrary<Integer> damage() {
        return Arbitraries.integers().between(0, 3);
    }

    @Provide
    Arbitrary<VideoRequested> requests() {
        return HostileRequests.requests();
    }
}
