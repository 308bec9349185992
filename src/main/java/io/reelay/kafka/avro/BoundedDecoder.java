package io.reelay.kafka.avro;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;
import org.apache.kafka.common.errors.SerializationException;

/**
 * An Avro binary decoder over a byte array that refuses any declared length or item count larger than the bytes left,
 * before anything is allocated for it.
 *
 * <p>Why by hand: Avro 1.12.1's {@code BinaryDecoder} allocates a string, bytes, array or map at the size its length
 * prefix declares and only then reads, so a five-byte prefix asks for 2 GiB (OutOfMemoryError). Its only bound is
 * {@link org.apache.avro.SystemLimitException}, global and far above any record (see {@link AvroLimits}). Avro's
 * main branch checks the bytes left itself (AVRO-4241, unreleased). Until Reelay runs on an Avro release with that
 * check, this wrapper does it: primitives are read by Avro's own unbuffered decoder over a
 * stream over the array (a {@link ByteArrayInputStream} without its locks), whose {@code available()} is exactly the
 * bytes left; lengths and counts are checked here first.
 *
 * <p>An array or map item takes at least one byte in every schema Reelay reads (a record, a string, a number), so a
 * count above the bytes left cannot be genuine. A schema with zero-byte items (an array of nulls) would be refused
 * above that count; Reelay has none.
 */
public final class BoundedDecoder extends Decoder {

    /** The longest message of a decoding failure. */
    public static final int MAX_MESSAGE = 300;

    private final Bytes in;
    private final BinaryDecoder direct;

    private BoundedDecoder(byte[] bytes, int offset, int length) {
        this.in = new Bytes(bytes, offset, length);
        this.direct = DecoderFactory.get().directBinaryDecoder(in, null);
    }

    /** A decoder of {@code bytes} from {@code offset} to the end. */
    public static BoundedDecoder of(byte[] bytes, int offset) {
        return new BoundedDecoder(bytes, offset, bytes.length - offset);
    }

    /**
     * Reads one datum from {@code bytes} at {@code offset}.
     *
     * @throws SerializationException for any failure (malformed, truncated, a length beyond the bytes left, a value
     *     the reader's schema refuses), with a message of at most {@link #MAX_MESSAGE} characters
     */
    public static <T> T read(DatumReader<T> reader, byte[] bytes, int offset, String what) {
        try {
            return reader.read(null, of(bytes, offset));
        } catch (IOException | RuntimeException e) {
            throw failure(what, e);
        } catch (StackOverflowError e) {
            // A writer's schema from a registry may be recursive; its nesting is bounded by the record's bytes only.
            throw failure(what, new IllegalStateException("nested too deeply"));
        }
    }

    /** A {@link SerializationException} whose message is bounded, whatever the cause's message. */
    public static SerializationException failure(String what, Throwable cause) {
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof EOFException) {
            detail = "truncated" + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")");
        }
        return new SerializationException(bounded(what + ": " + detail), cause);
    }

    /** The text cut to {@link #MAX_MESSAGE} characters. */
    public static String bounded(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE - 3) + "...";
    }

    private int length(long declared, String what) throws IOException {
        if (declared < 0) {
            throw new EOFException("negative " + what + " length " + declared);
        }
        int left = in.available();
        if (declared > left) {
            throw new EOFException(what + " length " + declared + " is beyond the " + left + " bytes left");
        }
        return (int) declared;
    }

    private long count(long declared, String what) throws IOException {
        if (declared < 0) {
            throw new EOFException("negative " + what + " item count " + declared);
        }
        int left = in.available();
        if (declared > left) {
            throw new EOFException(what + " of " + declared + " items is beyond the " + left + " bytes left");
        }
        return declared;
    }

    /**
     * {@link ByteArrayInputStream} without its locks: Avro's direct decoder reads a number a byte at a time, and
     * ByteArrayInputStream takes its monitor for each byte. One decoder, one thread.
     */
    private static final class Bytes extends InputStream {
        private final byte[] bytes;
        private final int end;
        private int pos;

        Bytes(byte[] bytes, int offset, int length) {
            this.bytes = bytes;
            this.pos = offset;
            this.end = offset + length;
        }

        @Override
        public int read() {
            return pos < end ? bytes[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] into, int off, int len) {
            java.util.Objects.checkFromIndexSize(off, len, into.length);
            if (pos >= end) {
                return len == 0 ? 0 : -1;
            }
            int n = Math.min(len, end - pos);
            System.arraycopy(bytes, pos, into, off, n);
            pos += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long k = Math.max(0, Math.min(n, end - pos));
            pos += (int) k;
            return k;
        }

        @Override
        public int available() {
            return end - pos;
        }
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = length(direct.readLong(), "string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        direct.readFixed(result.getBytes(), 0, length);
        return result;
    }

    @Override
    public String readString() throws IOException {
        return readString(null).toString();
    }

    @Override
    public void skipString() throws IOException {
        direct.skipFixed(length(direct.readLong(), "string"));
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = length(direct.readLong(), "bytes");
        ByteBuffer result;
        if (old != null && length <= old.capacity()) {
            result = old;
            result.clear();
        } else {
            result = ByteBuffer.allocate(length);
        }
        direct.readFixed(result.array(), result.arrayOffset() + result.position(), length);
        result.limit(length);
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        direct.skipFixed(length(direct.readLong(), "bytes"));
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        direct.readFixed(bytes, start, length(length, "fixed"));
    }

    @Override
    public void skipFixed(int length) throws IOException {
        direct.skipFixed(length(length, "fixed"));
    }

    @Override
    public long readArrayStart() throws IOException {
        return count(direct.readArrayStart(), "array");
    }

    @Override
    public long arrayNext() throws IOException {
        return count(direct.arrayNext(), "array");
    }

    @Override
    public long skipArray() throws IOException {
        return count(direct.skipArray(), "array");
    }

    @Override
    public long readMapStart() throws IOException {
        return count(direct.readMapStart(), "map");
    }

    @Override
    public long mapNext() throws IOException {
        return count(direct.mapNext(), "map");
    }

    @Override
    public long skipMap() throws IOException {
        return count(direct.skipMap(), "map");
    }

    @Override
    public void readNull() throws IOException {
        direct.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return direct.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return direct.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return direct.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return direct.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return direct.readDouble();
    }

    @Override
    public int readEnum() throws IOException {
        return direct.readEnum();
    }

    @Override
    public int readIndex() throws IOException {
        return direct.readIndex();
    }
}
