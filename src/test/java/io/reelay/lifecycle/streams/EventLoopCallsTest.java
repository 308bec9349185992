package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * Upstream calls start on the event loops, each in a duplicated context of its own (the trace and the HTTP client's
 * span live in its local data), spread over the loops.
 */
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
        Set<Object> locals = ConcurrentHashMap.newKeySet();
        CountDownLatch ran = new CountDownLatch(30);
        for (int n = 0; n < 30; n++) {
            calls.execute(() -> {
                Context context = Vertx.currentContext();
                if (context != null && context.isEventLoopContext() && Context.isOnEventLoopThread()
                        && io.smallrye.common.vertx.VertxContext.isDuplicatedContext(context)) {
                    threads.add(Thread.currentThread().getName());
                    contexts.add(context);
                    // What one call keeps in its context's local data, no other call sees.
                    if (context.getLocal("call") == null) {
                        context.putLocal("call", new Object());
                        locals.add(context.getLocal("call"));
                    }
                }
                ran.countDown();
            });
        }

        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(threads).as("each of the three loops, none outside").hasSize(3)
                .allMatch(name -> name.startsWith("vert.x-eventloop-thread-"));
        assertThat(contexts).as("a duplicated context of its own for each call").hasSize(30);
        assertThat(locals).as("no call sees another's local data").hasSize(30);
    }

    @Test
    void theTraceCurrentWhereACallIsHandedOverStaysCurrentForItsLaterStepsOnTheLoop() throws Exception {
        EventLoopCalls calls = new EventLoopCalls(vertx);
        ContextKey<String> request = ContextKey.named("request");
        Map<String, String> seen = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(20);
        for (int n = 0; n < 10; n++) {
            String id = "r-" + n;
            try (Scope ignored = io.opentelemetry.context.Context.root().with(request, id).makeCurrent()) {
                calls.execute(() -> {
                    seen.put(id + "/start", String.valueOf(io.opentelemetry.context.Context.current().get(request)));
                    done.countDown();
                    // A later step of the same call (an answer, the circuit breaker's own dispatch): a new task.
                    Vertx.currentContext().runOnContext(later -> {
                        seen.put(id + "/later",
                                String.valueOf(io.opentelemetry.context.Context.current().get(request)));
                        done.countDown();
                    });
                });
            }
        }

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        for (int n = 0; n < 10; n++) {
            assertThat(seen).containsEntry("r-" + n + "/start", "r-" + n).containsEntry("r-" + n + "/later", "r-" + n);
        }
        assertThat(io.opentelemetry.context.Context.current().get(request)).as("the caller's thread keeps none")
                .isNull();
    }
}
