package io.reelay.api.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 written byte for byte, for what a well-behaved client library refuses to send (raw bytes in paths and
 * headers, chunked bodies) and for streams held open and dropped at will.
 */
final class RawHttp implements AutoCloseable {

    /** Most of an answer read back: an answer larger than this is itself a finding. */
    static final int MAX_ANSWER = 1 << 20;

    private final Socket socket;

    RawHttp(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(15_000);
    }

    /** Sends a request head (CRLF-terminated lines, then the blank line) and an optional body. */
    RawHttp send(String head, byte[] body) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
        return this;
    }

    /** Reads until the server closes or {@link #MAX_ANSWER} bytes (the head is enough to decide a status). */
    Answer readAll() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                answer.write(buffer, 0, n);
                if (answer.size() > MAX_ANSWER) {
                    break;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // What came so far is the answer.
        }
        return new Answer(answer.toString(StandardCharsets.ISO_8859_1));
    }

    /** Reads up to the end of the head (the status line and headers of a stream that stays open). */
    Answer readHead() throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return new Answer(head.toString());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** An answer as text (ISO-8859-1, one char per byte). */
    record Answer(String text) {

        /** The status code, or -1 when the server answered nothing. */
        int status() {
            if (!text.startsWith("HTTP/1.") || text.length() < 12) {
                return -1;
            }
            return Integer.parseInt(text.substring(9, 12));
        }

        boolean hasHeader(String name) {
            return text.toLowerCase(java.util.Locale.ROOT).contains("\r\n" + name.toLowerCase(java.util.Locale.ROOT) + ":");
        }

        String body() {
            int end = text.indexOf("\r\n\r\n");
            return end < 0 ? "" : text.substring(end + 4);
        }
    }
}
