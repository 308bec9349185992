package io.reelay.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelay.storage.content.ContentSniffer;
import io.reelay.storage.content.MediaType;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's big result files: the sample MP4 padded to an exact size with a trailing {@code free} box, still an
 * MP4 whose top-level boxes cover the file exactly, which the service's content sniffer takes for a video.
 */
class PaddedResultFilesTest {

    private static final byte[] SAMPLE = ResultFiles.resource(ResultFiles.VIDEO);

    @Test
    void aPaddedVideoIsServedWholeAtExactlyItsSizeAndIsStillAnMp4() throws Exception {
        // Not a multiple of the padding's chunk, so the last write is a partial one.
        long size = 5L * 1024 * 1024 + 12_345;
        // The simulator's own server (the one the benchmark and SimulatorMain run), tasks ending at once.
        SimulatorSettings settings = new SimulatorSettings("/simulator/tokenlab", Duration.ZERO, Map.of(), "", 10);
        try (SimulatorHttpServer simulator = SimulatorHttpServer.start(settings, "/simulator/hub", 10, "127.0.0.1", 0,
                SimulatorHttpServer.FILES_PATH, Duration.ofHours(1), size)) {
            String base = "http://127.0.0.1:" + simulator.port();
            HttpClient http = HttpClient.newHttpClient();
            String id = new io.vertx.core.json.JsonObject(http.send(HttpRequest.newBuilder(
                    URI.create(base + "/simulator/tokenlab/v1/videos/generations"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"veo3.1\",\"prompt\":\"a cat\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).getString("id");

            // Eight at once on a fresh client (each its own connection, each asking for an h2c upgrade),
            // as a service copying a burst of videos fetches them.
            HttpClient fresh = HttpClient.newHttpClient();
            List<java.util.concurrent.CompletableFuture<Long>> together = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                together.add(fresh.sendAsync(HttpRequest.newBuilder(URI.create(base + "/simulator/files/" + id + ".mp4"))
                        .build(), HttpResponse.BodyHandlers.ofInputStream()).thenApply(r -> {
                            try (InputStream in = r.body()) {
                                Thread.sleep(200); // a reader that starts late, as an upload waiting for its bucket
                                return in.transferTo(java.io.OutputStream.nullOutputStream());
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }));
            }
            for (var download : together) {
                assertThat(download.get(30, TimeUnit.SECONDS)).isEqualTo(size);
            }
            // Twice: the padding's shared chunk must give the same zeros to every download.
            for (int round = 0; round < 2; round++) {
                HttpResponse<InputStream> answer = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/simulator/files/" + id + ".mp4")).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.headers().firstValue("Content-Length")).contains(Long.toString(size));
                Optional<String> declared = answer.headers().firstValue("Content-Type");
                assertThat(declared).contains("video/mp4");
                byte[] head = new byte[SAMPLE.length + 8];
                long total = 0;
                boolean paddingZero = true;
                try (InputStream in = answer.body()) {
                    byte[] chunk = new byte[100_000];
                    for (int n; (n = in.read(chunk)) > 0; total += n) {
                        for (int i = 0; i < n; i++) {
                            long at = total + i;
                            if (at < head.length) {
                                head[(int) at] = chunk[i];
                            } else if (chunk[i] != 0) {
                                paddingZero = false;
                            }
                        }
                    }
                }
                assertThat(total).isEqualTo(size);
                assertThat(Arrays.copyOf(head, SAMPLE.length)).isEqualTo(SAMPLE);
                assertThat(paddingZero).as("the free box holds zeros").isTrue();
                assertThat(topLevelBoxes(head, size)).containsExactly("ftyp", "moov", "free", "mdat", "free");
                Optional<MediaType> sniffed = ContentSniffer.sniff(head, head.length);
                assertThat(sniffed).contains(MediaType.MP4);
                assertThat(ContentSniffer.contradicts(declared, sniffed.get())).isFalse();
            }
        }
    }

    @Property(tries = 3_000)
    void anySizeFromTheSamplePlusAHeaderUpIsCoveredExactlyByTheBoxes(
            @ForAll @LongRange(min = 8, max = 1L << 42) long padding) {
        long size = SAMPLE.length + padding;
        byte[] head = ResultFiles.paddedHead(SAMPLE, size);
        assertThat(Arrays.copyOf(head, SAMPLE.length)).isEqualTo(SAMPLE);
        List<String> boxes = topLevelBoxes(head, size);
        assertThat(boxes).endsWith("free").hasSize(5);
        assertThat(ContentSniffer.sniff(head, head.length)).contains(MediaType.MP4);
    }

    @Test
    void aFreeBoxOf4GibOrMoreTakesThe64BitSize() {
        long padding = 5L * 1024 * 1024 * 1024;
        byte[] head = ResultFiles.paddedHead(SAMPLE, SAMPLE.length + padding);
        ByteBuffer box = ByteBuffer.wrap(head, SAMPLE.length, 16);
        assertThat(box.getInt()).isEqualTo(1);
        byte[] type = new byte[4];
        box.get(type);
        assertThat(new String(type, StandardCharsets.US_ASCII)).isEqualTo("free");
        assertThat(box.getLong()).isEqualTo(padding);
    }

    @Test
    void theSampleItselfIsServedAsItIsAndNoSizeWithoutRoomForAHeaderIsAccepted() {
        assertThat(ResultFiles.paddedHead(SAMPLE, SAMPLE.length)).isEqualTo(SAMPLE);
        for (long size : new long[] {SAMPLE.length + 1, SAMPLE.length + 7, SAMPLE.length - 1, 1, -5}) {
            assertThatThrownBy(() -> ResultFiles.paddedHead(SAMPLE, size))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("simulator.result-file-bytes");
        }
    }

    /**
     * The types of the top-level boxes of a file of {@code size} bytes starting with {@code head}, asserting that
     * they cover it exactly: each box's size (32-bit, or 1 and a 64-bit size after the type) leads to the next, the
     * last ending at the file's end. Every box header must lie within {@code head} (the padding's zeros follow it).
     */
    private static List<String> topLevelBoxes(byte[] head, long size) {
        List<String> types = new ArrayList<>();
        long at = 0;
        while (at < size) {
            assertThat(at + 8).as("a box header within the known bytes").isLessThanOrEqualTo(head.length);
            ByteBuffer b = ByteBuffer.wrap(head, (int) at, head.length - (int) at);
            long boxSize = Integer.toUnsignedLong(b.getInt());
            byte[] type = new byte[4];
            b.get(type);
            if (boxSize == 1) {
                boxSize = b.getLong();
            }
            assertThat(boxSize).as("box %d's size", types.size()).isGreaterThanOrEqualTo(8);
            types.add(new String(type, StandardCharsets.US_ASCII));
            at += boxSize;
        }
        assertThat(at).as("the boxes end where the file does").isEqualTo(size);
        return types;
    }
}
