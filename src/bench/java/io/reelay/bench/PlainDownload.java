package io.reelay.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The mirror's baseline: plain GETs of the same files, each read to its last byte and thrown away, {@code concurrency}
 * at a time, with the JDK's HTTP client (the one the service fetches with). What copying adds on top of it (the
 * SHA-256, the upload, the store's disk, the event) is the mirror's own cost.
 */
final class PlainDownload {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    /**
     * What one run measured.
     *
     * @param bytes every byte read, all files
     * @param seconds from the first GET to the last file's last byte
     * @param fileSeconds each file's time, from its GET to its last byte
     */
    record Result(int files, long bytes, double seconds, Percentiles fileSeconds) {

        double megabytesPerSecond() {
            return bytes / 1e6 / Math.max(seconds, 1e-6);
        }
    }

    private final int concurrency;

    PlainDownload(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be positive");
        }
        this.concurrency = concurrency;
    }

    /** Downloads them all; a file that does not answer 200 fails the run. */
    Result run(List<String> urls) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "bench-download");
            t.setDaemon(true);
            return t;
        });
        try {
            long start = System.nanoTime();
            List<Future<long[]>> files = new ArrayList<>();
            for (String url : urls) {
                files.add(pool.submit(() -> download(http, url)));
            }
            long bytes = 0;
            double[] seconds = new double[urls.size()];
            for (int i = 0; i < files.size(); i++) {
                long[] file = files.get(i).get();
                bytes += file[0];
                seconds[i] = file[1] / 1e9;
            }
            return new Result(urls.size(), bytes, (System.nanoTime() - start) / 1e9, Percentiles.of(seconds));
        } finally {
            pool.shutdownNow();
        }
    }

    /** {bytes, nanoseconds} of one file. */
    private static long[] download(HttpClient http, String url) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<InputStream> answer = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long count = 0;
        try (InputStream in = answer.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                count += n;
            }
        }
        if (answer.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + answer.statusCode());
        }
        return new long[] {count, System.nanoTime() - start};
    }
}
