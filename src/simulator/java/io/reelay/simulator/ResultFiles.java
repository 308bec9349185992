package io.reelay.simulator;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The result files of finished tasks, as an upstream's file host serves them: {@code <path>/<task id>.mp4} is a real
 * small MP4 (4 s, 320x180, H.264 and AAC, generated once with ffmpeg and kept in {@code media/}) and
 * {@code <path>/<task id>_last.jpg} its last frame. Like a real signed link, a file answers only from the task's end
 * until {@code ttl} after it: before, or for a task no simulator knows, 404 {@code NoSuchKey}; after, 403
 * {@code AccessDenied} ("Request has expired"), the answer of an expired S3 presigned URL. Every task gets the same
 * bytes.
 *
 * <p>A benchmark of copying big files sets {@code videoBytes}: the sample then comes padded to exactly that size with a
 * trailing MP4 {@code free} box (zeros a player skips), still a valid MP4, streamed with back-pressure, never held whole.
 */
final class ResultFiles {

    static final String VIDEO = "/io/reelay/simulator/media/sample.mp4";
    static final String LAST_FRAME = "/io/reelay/simulator/media/sample-last-frame.jpg";
    /** {@code videoBytes} meaning the sample as it is. */
    static final long SAMPLE_AS_IS = 0;
    /** Header of a {@code free} box with a 32-bit size; a larger one needs the 64-bit form. */
    private static final int BOX_HEADER = 8;
    private static final int LARGE_BOX_HEADER = 16;
    /** The padding's chunk: written again and again (Vert.x buffers may be written many times). */
    private static final Buffer ZEROS = Buffer.buffer(new byte[64 * 1024]);

    /** The sample, and the padding box's header when padded: everything but the padding's zeros. */
    private final Buffer video;
    private final long videoBytes;
    private final Buffer lastFrame = Buffer.buffer(resource(LAST_FRAME));
    private final Duration ttl;
    private final Clock clock;
    private final List<Function<String, Optional<Instant>>> readyAt;

    /** @param readyAt per simulated API, when a task's result became available (empty: not its task) */
    ResultFiles(Duration ttl, Clock clock, List<Function<String, Optional<Instant>>> readyAt) {
        this(ttl, clock, readyAt, SAMPLE_AS_IS);
    }

    /**
     * @param videoBytes the size of every served video: the sample padded to it ({@link #paddedHead}), or
     *        {@link #SAMPLE_AS_IS}
     */
    ResultFiles(Duration ttl, Clock clock, List<Function<String, Optional<Instant>>> readyAt, long videoBytes) {
        byte[] sample = resource(VIDEO);
        this.video = Buffer.buffer(videoBytes == SAMPLE_AS_IS ? sample : paddedHead(sample, videoBytes));
        this.videoBytes = videoBytes == SAMPLE_AS_IS ? sample.length : videoBytes;
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("simulator.result-url-ttl must be positive: " + ttl);
        }
        this.ttl = ttl;
        this.clock = clock;
        this.readyAt = List.copyOf(readyAt);
    }

    void mount(Router router, String path) {
        router.get(path + "/:name").handler(this::serve);
    }

    private void serve(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        boolean frame = name.endsWith("_last.jpg");
        String id = frame ? name.substring(0, name.length() - "_last.jpg".length())
                : name.endsWith(".mp4") ? name.substring(0, name.length() - ".mp4".length()) : null;
        Optional<Instant> ready = id == null ? Optional.empty()
                : readyAt.stream().map(f -> f.apply(id)).flatMap(Optional::stream).findFirst();
        Instant now = clock.instant();
        if (ready.isEmpty() || now.isBefore(ready.get())) {
            error(ctx, 404, "NoSuchKey", "The specified key does not exist.");
        } else if (!now.isBefore(ready.get().plus(ttl))) {
            error(ctx, 403, "AccessDenied", "Request has expired");
        } else if (frame) {
            headers(ctx.response(), "image/jpeg").end(lastFrame);
        } else {
            HttpServerResponse response = headers(ctx.response(), "video/mp4")
                    .putHeader("Content-Length", Long.toString(videoBytes));
            response.write(video);
            pad(response, videoBytes - video.length());
        }
    }

    private HttpServerResponse headers(HttpServerResponse response, String type) {
        return response.putHeader("Content-Type", type).putHeader("Cache-Control", "private, max-age=" + ttl.toSeconds());
    }

    /** Writes {@code remaining} zeros as fast as the client takes them, then ends; stops if the client has gone. */
    private static void pad(HttpServerResponse response, long remaining) {
        long left = remaining;
        while (left > 0 && !response.closed() && !response.writeQueueFull()) {
            int n = (int) Math.min(ZEROS.length(), left);
            response.write(n == ZEROS.length() ? ZEROS : ZEROS.getBuffer(0, n));
            left -= n;
        }
        if (response.closed()) {
            return;
        }
        if (left == 0) {
            response.end();
        } else {
            long rest = left;
            response.drainHandler(v -> pad(response, rest));
        }
    }

    /**
     * The first bytes of the sample padded to {@code total}: the sample, then the header of a top-level {@code free}
     * box that runs to the end (its body, the zeros, follows). An MP4 reader skips a {@code free} box, so the file
     * plays as the sample does and its type is still told by its {@code ftyp} box.
     *
     * @throws IllegalArgumentException if {@code total} is below the sample's size or leaves less room than a box
     *         header after it
     */
    static byte[] paddedHead(byte[] sample, long total) {
        long padding = total - sample.length;
        if (padding == 0) {
            return sample.clone();
        }
        if (padding < BOX_HEADER) {
            throw new IllegalArgumentException("simulator.result-file-bytes must be the sample's " + sample.length
                    + " bytes, or at least " + (sample.length + BOX_HEADER) + ": " + total);
        }
        boolean large = padding > 0xFFFF_FFFFL;
        ByteBuffer head = ByteBuffer.allocate(sample.length + (large ? LARGE_BOX_HEADER : BOX_HEADER)).put(sample);
        // The 32-bit size, or 1 and the 64-bit size after the type for a box of 4 GiB or more (ISO/IEC 14496-12).
        head.putInt(large ? 1 : (int) padding).put("free".getBytes(StandardCharsets.US_ASCII));
        if (large) {
            head.putLong(padding);
        }
        return head.array();
    }

    private static void error(RoutingContext ctx, int status, String code, String message) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/xml")
                .end("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                        + "</Message></Error>");
    }

    static byte[] resource(String name) {
        try (InputStream in = ResultFiles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the simulator's " + name + " is missing from its resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
