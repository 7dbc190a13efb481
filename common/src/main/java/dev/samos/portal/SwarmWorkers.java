package dev.samos.portal;

import dev.samos.index.ExecutionIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker threads of one portal: each claims a batch of runnable swarmed executions from the folder's queue (its
 * own JVM's requests and every other JVM's), runs them, and stores their outcomes in the transaction that claims
 * the next batch. Idle workers back off to 100 ms between looks at the queue; a swarm in this JVM wakes them at once.
 */
final class SwarmWorkers {

    private static final long MAX_IDLE_MILLIS = 100;

    private final SwarmQueue queue;
    private final LeaseKeeper leases;
    private final int size;
    private final List<Thread> threads = new ArrayList<>();
    private final Object idle = new Object();
    private volatile boolean stopping;

    SwarmWorkers(SwarmQueue queue, LeaseKeeper leases, int size) {
        this.queue = queue;
        this.leases = leases;
        this.size = size;
    }

    synchronized void start() {
        if (!threads.isEmpty() || stopping) {
            return;
        }
        for (int i = 0; i < size; i++) {
            threads.add(Thread.ofPlatform().daemon().name("samos-worker-" + i).start(this::loop));
        }
        leases.heartbeat();
    }

    /** Threads working now. */
    int running() {
        return stopping ? 0 : threads.size();
    }

    void wake() {
        synchronized (idle) {
            idle.notifyAll();
        }
    }

    /** Tasks claimed at once while they are quick; one at a time once they take long, so others can share them. */
    private static final int MAX_BATCH = 512;
    private static final long QUICK_NANOS = 2_000_000;

    private void loop() {
        long pause = 1;
        int batch = 1;
        List<ExecutionIndex.Task> claimed = List.of();
        // Claimed tasks are run even when stopping: their leases are held, and nobody else would take them before
        // the leases expire.
        while (!stopping || !claimed.isEmpty()) {
            long start = System.nanoTime();
            try {
                if (claimed.isEmpty()) {
                    claimed = queue.claimTasks(batch);
                }
                if (!claimed.isEmpty()) {
                    int ran = claimed.size();
                    List<ExecutionIndex.Task> running = claimed;
                    claimed = List.of();
                    claimed = queue.runTasks(running, stopping ? 0 : batch);
                    queue.exitIfUnhealthy();
                    long perTask = (System.nanoTime() - start) / ran;
                    batch = perTask < QUICK_NANOS ? Math.min(batch * 2, MAX_BATCH) : 1;
                    pause = 1;
                    continue;
                }
            } catch (RuntimeException e) {
                claimed = List.of(); // the folder could not be read for a moment: look again after a pause
            }
            synchronized (idle) {
                try {
                    idle.wait(pause);
                } catch (InterruptedException e) {
                    return;
                }
            }
            pause = Math.min(pause * 2, MAX_IDLE_MILLIS);
        }
    }

    /**
     * Stops claiming work; waits for running calls to finish for up to one lease, then interrupts them (an
     * interrupted call fails its attempt and is retried elsewhere, so nothing is lost).
     */
    void stop() {
        List<Thread> toStop;
        synchronized (this) {
            stopping = true;
            toStop = List.copyOf(threads);
        }
        wake();
        long deadline = System.currentTimeMillis() + leases.leaseMillis();
        for (Thread thread : toStop) {
            try {
                thread.join(Math.max(1, deadline - System.currentTimeMillis()));
                if (thread.isAlive()) {
                    thread.interrupt();
                    thread.join(1_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
