package io.reelay.storage.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.reelay.storage.MirrorFailure;
import io.reelay.storage.MirrorFailure.Reason;

/**
 * The body of a fetched result, read once by the thread that opened it. Bounded: reading past {@code maxBytes} fails
 * with {@code too_large}; a read waiting longer than the read timeout for the next bytes, or still streaming at the deadline, fails
 * with {@code source_timeout} (a watchdog interrupts the reading thread and closes the connection). The first such
 * failure is kept ({@link #failure()}), so a caller that only sees the exception a library wrapped around it still
 * reports the right reason. Close it in every case.
 */
public final class Source extends InputStream {

    private final InputStream body;
    private final OptionalLong contentLength;
    private final Optional<String> contentType;
    private final long maxBytes;
    private final long deadlineNanos;
    private final long readTimeoutNanos;
    private final Thread reader;
    private final Object lock = new Object();
    private final ScheduledFuture<?> watchdog;

    private long count;
    /** When the read in progress started, 0 between reads: only time spent waiting for the source counts. */
    private volatile long readingSince;
    private volatile MirrorFailure failure;
    private boolean closed;

    Source(InputStream body, OptionalLong contentLength, Optional<String> contentType, long maxBytes,
            long deadlineNanos, long readTimeoutNanos, ScheduledExecutorService timer) {
        this.body = body;
        this.contentLength = contentLength;
        this.contentType = contentType;
        this.maxBytes = maxBytes;
        this.deadlineNanos = deadlineNanos;
        this.readTimeoutNanos = readTimeoutNanos;
        this.reader = Thread.currentThread();
        long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(20),
                Math.min(TimeUnit.SECONDS.toNanos(1), Math.min(readTimeoutNanos, deadlineNanos - System.nanoTime()) / 5));
        this.watchdog = timer.scheduleAtFixedRate(this::watch, tick, tick, TimeUnit.NANOSECONDS);
    }

    /** The length the source declared, when it did. */
    public OptionalLong contentLength() {
        return contentLength;
    }

    /** The media type the source declared (lower case, without parameters), when it did. */
    public Optional<String> contentType() {
        return contentType;
    }

    /** Bytes read so far. */
    public long count() {
        return count;
    }

    /** What stopped the transfer (too large, too slow), if anything did. */
    public Optional<MirrorFailure> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        throwIfFailed();
        int n;
        readingSince = System.nanoTime();
        try {
            n = body.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            // Recorded as the source's failure: a library reading this stream (the S3 upload) wraps the exception.
            fail(new MirrorFailure(Reason.source_error, "the source's connection failed after " + count
                    + " bytes (" + e.getClass().getSimpleName() + ")"));
            throwIfFailed();
            throw e;
        } finally {
            readingSince = 0;
        }
        throwIfFailed();
        if (n > 0) {
            count += n;
            if (count > maxBytes) {
                fail(new MirrorFailure(Reason.too_large, "the source sent more than " + maxBytes + " bytes"));
            } else if (contentLength.isPresent() && count > contentLength.getAsLong()) {
                fail(new MirrorFailure(Reason.source_error, "the source sent more than the "
                        + contentLength.getAsLong() + " bytes it declared"));
            }
        } else if (n < 0) {
            if (contentLength.isPresent() && count < contentLength.getAsLong()) {
                fail(new MirrorFailure(Reason.source_error, "the source ended after " + count + " of the "
                        + contentLength.getAsLong() + " bytes it declared"));
            } else {
                watchdog.cancel(false); // all read: what the upload does with it is no longer the source's time
            }
        }
        throwIfFailed();
        return n;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        watchdog.cancel(false);
        if (Thread.currentThread() == reader) {
            Thread.interrupted(); // an interrupt meant for this transfer must not reach the next task of the thread
        }
        try {
            body.close();
        } catch (IOException | RuntimeException e) {
            // closing an aborted body: nothing more to learn from it
        }
    }

    private void watch() {
        long now = System.nanoTime();
        if (now - deadlineNanos >= 0) {
            fail(new MirrorFailure(Reason.source_timeout, "the transfer did not finish within the total timeout"));
            return;
        }
        long since = readingSince;
        if (since != 0 && now - since >= readTimeoutNanos) {
            fail(new MirrorFailure(Reason.source_timeout, "the source sent nothing for longer than the read timeout"));
        }
    }

    private void fail(MirrorFailure f) {
        synchronized (lock) {
            if (failure != null || closed) {
                return;
            }
            failure = f;
            if (Thread.currentThread() != reader) {
                reader.interrupt(); // unblocks a read waiting for the next bytes
            }
        }
        watchdog.cancel(false);
        try {
            body.close();
        } catch (IOException | RuntimeException e) {
            // the body is being abandoned
        }
    }

    private void throwIfFailed() {
        MirrorFailure f = failure;
        if (f != null) {
            throw f;
        }
    }
}
