package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/** Upstream calls start on the event loops, in a Vert.x context the HTTP client answers on, spread over the loops. */
class EventLoopCallsTest {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(3));

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void everyCallRunsInAnEventLoopContextAndTheCallsSpreadOverEveryLoop() throws Exception {
        EventLoopCalls calls = new EventLoopCalls(vertx);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Set<Context> contexts = ConcurrentHashMap.newKeySet();
        CountDownLatch ran = new CountDownLatch(30);
        for (int n = 0; n < 30; n++) {
            calls.execute(() -> {
                Context context = Vertx.currentContext();
                if (context != null && context.isEventLoopContext() && Context.isOnEventLoopThread()) {
                    threads.add(Thread.currentThread().getName());
                    contexts.add(context);
                }
                ran.countDown();
            });
        }

        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(threads).as("each of the three loops, none outside").hasSize(3)
                .allMatch(name -> name.startsWith("vert.x-eventloop-thread-"));
        assertThat(contexts).as("one context a loop, reused").hasSize(3);
    }
}
