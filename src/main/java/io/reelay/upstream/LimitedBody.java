package io.reelay.upstream;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * A response body codec that keeps at most {@code max} bytes. Written by hand because the Vert.x web
 * client buffers any body whole and has no size limit of its own: past the limit this fails the call
 * with {@link TooLarge}, and the web client then resets the request, so an endless body stops being
 * read instead of filling memory.
 */
final class LimitedBody {

    /** The body passed the limit; the message says so without quoting any of it. */
    static final class TooLarge extends RuntimeException {
        TooLarge(int max) {
            super("answer body larger than " + max + " bytes", null, false, false);
        }
    }

    private LimitedBody() {
    }

    static BodyCodec<Buffer> codec(int max) {
        return handler -> handler.handle(Future.succeededFuture(new Stream(max)));
    }

    private static final class Stream implements BodyStream<Buffer> {

        private final int max;
        private final Buffer body = Buffer.buffer();
        private final Promise<Buffer> result = Promise.promise();

        Stream(int max) {
            this.max = max;
        }

        @Override
        public Future<Buffer> result() {
            return result.future();
        }

        @Override
        public void handle(Throwable failure) {
            result.tryFail(failure);
        }

        @Override
        public Future<Void> write(Buffer data) {
            if (result.future().isComplete()) {
                return Future.failedFuture(new TooLarge(max));
            }
            if ((long) body.length() + data.length() > max) {
                TooLarge tooLarge = new TooLarge(max);
                result.tryFail(tooLarge);
                return Future.failedFuture(tooLarge);
            }
            body.appendBuffer(data);
            return Future.succeededFuture();
        }

        @Override
        public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
            Future<Void> written = write(data);
            if (handler != null) {
                handler.handle(written);
            }
        }

        @Override
        public void end(Handler<AsyncResult<Void>> handler) {
            result.tryComplete(body);
            if (handler != null) {
                handler.handle(Future.succeededFuture());
            }
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
            return this;
        }
    }
}
