package io.reelay.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on a free loopback port standing in for an upstream's file host: each path answers as a test
 * tells it, and counts the body bytes it managed to send (to show that a refused source was not read through).
 */
public final class SourceServer implements AutoCloseable {

    /** What one path answers. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpExchange exchange, AtomicLong sent) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "source-server");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();

    public SourceServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.start();
    }

    /** Serves {@code path} with {@code handler}; answers its URL. */
    public URI serve(String path, Handler handler) {
        AtomicLong count = new AtomicLong();
        sent.put(path, count);
        server.createContext(path, exchange -> {
            try (exchange) {
                handler.handle(exchange, count);
            } catch (IOException e) {
                // the client went away: what a refused or timed-out fetch does
            }
        });
        return url(path);
    }

    /** {@code bytes} with a Content-Length (or chunked when {@code declareLength} is false) and a Content-Type. */
    public URI bytes(String path, byte[] bytes, String contentType, boolean declareLength) {
        return serve(path, (exchange, count) -> {
            if (contentType != null) {
                exchange.getResponseHeaders().set("Content-Type", contentType);
            }
            exchange.sendResponseHeaders(200, declareLength ? bytes.length : 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int off = 0; off < bytes.length; off += 8192) {
                    int n = Math.min(8192, bytes.length - off);
                    out.write(bytes, off, n);
                    count.addAndGet(n);
                }
            }
        });
    }

    /** An answer with {@code status}, an empty body and the given headers. */
    public URI status(String path, int status, Map<String, String> headers) {
        return serve(path, (exchange, count) -> {
            headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(status, -1);
        });
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Body bytes sent on {@code path} so far. */
    public long sent(String path) {
        return sent.get(path).get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
