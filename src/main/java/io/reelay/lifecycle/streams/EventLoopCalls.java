package io.reelay.lifecycle.streams;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;

/**
 * Starts upstream calls on Vert.x's event loops, one after another across them. The HTTP client answers a call on
 * the event loop of the context it was made from, so a call started there costs one hand-off (the stream thread's
 * to the loop); started on a worker thread it cost two (to the worker, then to the loop): in a 50,000-request burst
 * the worker threads used 13.5 % of the service's thread CPU with 5 % of its execution samples, mostly parking and
 * waking once a call. What a call does before it leaves (its body, span and guards) never blocks; the stream thread
 * does not wait for it either way.
 *
 * <p>Each call runs in a duplicated context of its loop's, as Quarkus gives each HTTP request one, with the trace
 * that was current where {@link #execute} was called attached to it for the whole call: Quarkus keeps the trace in
 * a duplicated context's local data, and the call's later steps (the circuit breaker's, the answer's) run as further
 * tasks on the same context, after the task that started it has returned. So the trace is attached and left there
 * (the context is the call's alone and goes with it), not attached for the task and detached after it.
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
        io.opentelemetry.context.Context trace = io.opentelemetry.context.Context.current();
        Context loop = loops[Math.floorMod(next.getAndIncrement(), loops.length)];
        VertxContext.createNewDuplicatedContext(loop).runOnContext(ignored -> {
            trace.makeCurrent(); // left attached: see above
            call.run();
        });
    }
}
