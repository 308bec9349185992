package io.reelay.faults;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.reelay.kafka.Topics;
import io.reelay.testing.kafka.TopicClient;

/**
 * Publishes the run's requests to video.requests at a steady pace on a thread of its own, through the broker's
 * restart: a send that fails is retried (a request that was in fact written twice is a repeat, which the service
 * must refuse anyway).
 */
final class PacedPublisher implements Runnable {

    private static final int ATTEMPTS = 10;
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);

    private final String bootstrapServers;
    private final RequestMix mix;
    private final int count;
    private final double perSecond;
    private final AtomicInteger published = new AtomicInteger();
    private final AtomicInteger resent = new AtomicInteger();
    private volatile Throwable failure;

    PacedPublisher(String bootstrapServers, RequestMix mix, int count, double perSecond) {
        this.bootstrapServers = bootstrapServers;
        this.mix = mix;
        this.count = count;
        this.perSecond = perSecond;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        try (TopicClient kafka = new TopicClient(bootstrapServers)) {
            for (int n = 0; n < count; n++) {
                long due = start + (long) (n / perSecond * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                send(kafka, n);
                published.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private void send(TopicClient kafka, int n) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                var request = mix.request(n);
                kafka.send(Topics.REQUESTS, request.getRequestId(), request);
                return;
            } catch (IllegalStateException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                resent.incrementAndGet();
                Thread.sleep(RETRY_PAUSE.toMillis());
            }
        }
    }

    int published() {
        return published.get();
    }

    int resent() {
        return resent.get();
    }

    /** Why publishing stopped early, or null. */
    Throwable failure() {
        return failure;
    }
}
