package io.reelay.simulator;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 */
final class ResultFiles {

    static final String VIDEO = "/io/reelay/simulator/media/sample.mp4";
    static final String LAST_FRAME = "/io/reelay/simulator/media/sample-last-frame.jpg";

    private final Buffer video = Buffer.buffer(resource(VIDEO));
    private final Buffer lastFrame = Buffer.buffer(resource(LAST_FRAME));
    private final Duration ttl;
    private final Clock clock;
    private final List<Function<String, Optional<Instant>>> readyAt;

    /** @param readyAt per simulated API, when a task's result became available (empty: not its task) */
    ResultFiles(Duration ttl, Clock clock, List<Function<String, Optional<Instant>>> readyAt) {
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
        } else {
            ctx.response().putHeader("Content-Type", frame ? "image/jpeg" : "video/mp4")
                    .putHeader("Cache-Control", "private, max-age=" + ttl.toSeconds())
                    .end(frame ? lastFrame : video);
        }
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
