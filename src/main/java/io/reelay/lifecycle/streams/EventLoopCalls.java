package io.reelay.lifecycle.streams;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;

/**
 * Starts upstream calls on Vert.x's event loops, one after another across them. The HTTP client answers a call on
 * the event loop of the context it was made from, so a call started there costs one hand-off (the stream thread's
 * to the loop); started on a worker thread it cost two (to the worker, then to the loop), and the worker pool's
 * park and wake-up per call was a tenth of the service's CPU under a burst. What a call does before it leaves (its
 * body, span and guards) never blocks; the stream thread does not wait for it either way.
 */
final class EventLoopCalls implements Executor {

    private final Context[] loops;
    private final AtomicInteger next = new AtomicInteger();

    EventLoopCalls(Vertx vertx) {
        int count = 0;
        for (var ignored : vertx.nettyEventLoopGroup()) {
            count++;
        }
        loops = new Context[Math.max(1, count)];
        for (int i = 0; i < loops.length; i++) {
            // A context of its own on each loop (created round robin over them): the public getOrCreateContext()
            // hands a thread outside Vert.x the same one every time.
            loops[i] = ((VertxInternal) vertx).createEventLoopContext();
        }
    }

    @Override
    public void execute(Runnable call) {
        loops[Math.floorMod(next.getAndIncrement(), loops.length)].runOnContext(ignored -> call.run());
    }
}
