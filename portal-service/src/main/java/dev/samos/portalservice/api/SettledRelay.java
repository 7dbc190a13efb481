package dev.samos.portalservice.api;

import dev.samos.execution.ExecutionAddress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
 *
 * <p>The sender takes everything queued when it wakes (up to a batch) and sends it as one write: news comes in
 * bursts (a settle script's run is one Redis message of ~100 addresses), and a write per address took 7–8% of the
 * service's CPU in a 50,000-task swarm (the emitter's per-event work, a flush and Tomcat's per-write work, each time).
 * It waits for nothing more than what is queued, so news is never held back to fill a batch; batches grow only while
 * a write is slower than the news, which is when they pay.
 */
final class SettledRelay implements Consumer<ExecutionAddress> {

    /** Where the relay writes: an SSE emitter in the service, a recording sink in tests. */
    interface Sink {
        /** Sends {@code batch} (never empty, oldest first) in one write; the list is the relay's, not to be kept. */
        void send(List<ExecutionAddress> batch) throws IOException;

        void heartbeat() throws IOException;
    }

    private final BlockingQueue<ExecutionAddress> queue;
    private final int batch;
    private final long heartbeatMillis;
    private final LongAdder dropped = new LongAdder();
    private volatile boolean closed;
    private volatile Thread sender;

    /** At most {@code capacity} addresses wait; at most {@code batch} of them go in one write. */
    SettledRelay(int capacity, int batch, long heartbeatMillis) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batch = batch;
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
        List<ExecutionAddress> taken = new ArrayList<>(batch);
        List<ExecutionAddress> view = Collections.unmodifiableList(taken);
        try {
            while (!closed) {
                ExecutionAddress first = queue.poll(heartbeatMillis, TimeUnit.MILLISECONDS);
                if (closed) {
                    return;
                }
                if (first == null) {
                    sink.heartbeat();
                    continue;
                }
                taken.add(first);
                queue.drainTo(taken, batch - 1); // what queued meanwhile goes along, in the order it came
                try {
                    sink.send(view);
                } finally {
                    taken.clear();
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
