package io.reelay.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.reelay.events.StoredCopy;
import io.reelay.events.VideoAsset;
import io.reelay.events.VideoCompleted;

/**
 * What the demo shows once the simulator's result links have expired: each sample's upstream link answers an error,
 * as a real upstream's signed link does, and its stored copy still answers with the bytes the event recorded (same
 * size, same SHA-256).
 */
final class LinkCheck {

    /** Past the link lifetime, so that the last link has surely expired when the check runs. */
    static final Duration MARGIN = Duration.ofSeconds(3);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** When every sample's upstream link has expired: the last completion plus the links' lifetime. */
    static Instant due(List<VideoCompleted> completions, Duration linkTtl) {
        Instant last = completions.stream().map(VideoCompleted::getCompletedAt).max(Instant::compareTo)
                .orElse(Instant.now());
        return last.plus(linkTtl).plus(MARGIN);
    }

    /** One line per video of each completion. */
    List<String> check(List<VideoCompleted> completions) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        for (VideoCompleted event : completions) {
            for (VideoAsset video : event.getVideos()) {
                lines.add(line(event.getRequestId(), video));
            }
        }
        return lines;
    }

    private String line(String requestId, VideoAsset video) throws InterruptedException {
        String upstream = "upstream link " + status(video.getUrl());
        StoredCopy stored = video.getStored();
        if (stored == null) {
            return "LINKS     " + requestId + " " + upstream + "; no stored copy";
        }
        return "LINKS     " + requestId + " " + upstream + "; stored copy " + storedStatus(stored);
    }

    private String status(String url) throws InterruptedException {
        try {
            return "answers " + http.send(get(url), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | IllegalArgumentException e) {
            return "does not answer (" + e.getClass().getSimpleName() + ")";
        }
    }

    private String storedStatus(StoredCopy stored) throws InterruptedException {
        try {
            HttpResponse<InputStream> answer = http.send(get(stored.getUrl()), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = answer.body()) {
                if (answer.statusCode() != 200) {
                    return "answers " + answer.statusCode();
                }
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                long size = 0;
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = body.read(buffer)) >= 0;) {
                    sha.update(buffer, 0, n);
                    size += n;
                }
                boolean same = size == stored.getSizeBytes()
                        && HexFormat.of().formatHex(sha.digest()).equals(stored.getSha256());
                return "answers 200, " + DemoProgress.size(size) + (same ? ", the bytes the event recorded (SHA-256)"
                        : ", NOT the bytes the event recorded");
            }
        } catch (IOException | IllegalArgumentException e) {
            return "does not answer (" + e.getClass().getSimpleName() + ")";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
    }
}
