package dev.samos.portalservice.api;

import dev.samos.execution.ExecutionAddress;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One client's share of the settled news: the index's listener puts addresses into a bounded queue (never blocking
 * the settle that produced them), and the client's own thread sends them on. A client that reads slower than
 * executions settle loses news rather than growing the queue: news is a hint, its waiters look at the index anyway.
 * When nothing was sent for a heartbeat interval, a comment is sent, so a dead connection fails a write and the
 * relay ends within about one interval.
 */
final class SettledRelay implements Consumer<ExecutionAddress> {

    /** Where the relay writes: an SSE emitter in the service, a recording sink in tests. */
    interface Sink {
        void send(ExecutionAddress address) throws IOException;

        void heartbeat() throws IOException;
    }

    private final BlockingQueue<ExecutionAddress> queue;
    private final long heartbeatMillis;
    private final LongAdder dropped = new LongAdder();
    private volatile boolean closed;
    private volatile Thread sender;

    SettledRelay(int capacity, long heartbeatMillis) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.heartbeatMillis = heartbeatMillis;
    }

    /** The index's listener: must not block, it runs on the settling thread (or the Redis subscriber's). */
    @Override
    public void accept(ExecutionAddress address) {
        if (!closed && !queue.offer(address)) {
            dropped.increment();
        }
    }

    /** Sends until the sink fails (the client went) or the relay is closed; run on a thread of the client's own. */
    void run(Sink sink) {
        sender = Thread.currentThread();
        try {
            while (!closed) {
                ExecutionAddress address = queue.poll(heartbeatMillis, TimeUnit.MILLISECONDS);
                if (closed) {
                    return;
                }
                if (address == null) {
                    sink.heartbeat();
                } else {
                    sink.send(address);
                }
            }
        } catch (IOException | RuntimeException gone) {
            // The client closed the connection, or the emitter completed: this relay is over.
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
        } finally {
            closed = true;
            queue.clear();
        }
    }

    /** News this client missed because its queue was full. */
    long dropped() {
        return dropped.sum();
    }

    /** News waiting to be sent (at most the capacity). */
    int queued() {
        return queue.size();
    }

    boolean closed() {
        return closed;
    }

    void close() {
        closed = true;
        Thread thread = sender;
        if (thread != null) {
            thread.interrupt(); // wakes a sender waiting for news; one blocked in a write fails with the connection
        }
    }
}
