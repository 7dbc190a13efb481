package dev.samos.portal;

import dev.samos.execution.ExecutionAddress;
import dev.samos.index.ExecutionIndex;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The leases this JVM holds, renewed every third of a lease while their executions run (so a long execution is
 * never taken over while its JVM lives, and a dead JVM's are within one lease), and the heartbeat that tells every
 * JVM on the portal that this one's worker threads are alive.
 */
final class LeaseKeeper implements AutoCloseable {

    /** This machine's name, as heartbeats give it. */
    static final String HOST = host();

    private final ExecutionIndex index;
    private final long leaseMillis;
    private final IntSupplier workerThreads;
    private final String owner;
    private final Set<ExecutionAddress> held = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService renewer;
    private volatile boolean closed;

    /** Told of each held lease the index says is gone (its execution was cancelled, or the lease was taken over). */
    private final Consumer<ExecutionAddress> lost;

    LeaseKeeper(ExecutionIndex index, long leaseMillis, IntSupplier workerThreads, Consumer<ExecutionAddress> lost) {
        this.index = index;
        this.lost = lost;
        this.leaseMillis = leaseMillis;
        this.workerThreads = workerThreads;
        // A worker JVM that an executor keeps is named after its executor (samos.workerIdPrefix: host/pid of the
        // executor), so records, dead letters and operators see which executor ran a task; its own pid travels in
        // its heartbeats.
        this.owner = System.getProperty("samos.workerIdPrefix", HOST + "/" + ProcessHandle.current().pid()) + "/"
                + UUID.randomUUID().toString().substring(0, 8);
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "samos-lease-renewer");
            t.setDaemon(true);
            return t;
        });
        renewer.scheduleWithFixedDelay(this::renew, leaseMillis / 3, leaseMillis / 3, TimeUnit.MILLISECONDS);
    }

    /** Who holds this JVM's leases: host/pid/random, as it appears in the index and in attempt records. */
    String owner() {
        return owner;
    }

    long leaseMillis() {
        return leaseMillis;
    }

    /** Worker threads of this JVM running swarmed calls now. */
    int workerThreads() {
        return workerThreads.getAsInt();
    }

    void hold(ExecutionAddress address) {
        held.add(address);
    }

    void release(ExecutionAddress address) {
        held.remove(address);
    }

    /** Holds the leases of {@code tasks} and gives them back. */
    List<ExecutionIndex.Task> holding(List<ExecutionIndex.Task> tasks) {
        tasks.forEach(task -> held.add(task.address()));
        return tasks;
    }

    void releaseAll(List<ExecutionIndex.Task> tasks) {
        tasks.forEach(task -> held.remove(task.address()));
    }

    private void renew() {
        if (closed) {
            return;
        }
        // Each on its own: a renew that fails must not silence the heartbeat, and nothing may end this schedule
        // (a scheduled task that throws is never run again).
        try {
            for (ExecutionAddress gone : index.renew(owner, List.copyOf(held), leaseMillis)) {
                lost.accept(gone);
            }
        } catch (Throwable e) {
            // The next round tries again; a lease lasts three rounds.
        }
        try {
            heartbeat();
        } catch (Throwable e) {
            // Likewise.
        }
    }

    /** Tells every JVM on the portal that this one's worker threads are alive. */
    void heartbeat() {
        int threads = workerThreads.getAsInt();
        if (threads > 0) {
            index.heartbeat(owner, HOST, ProcessHandle.current().pid(), threads);
        }
    }

    @Override
    public void close() {
        closed = true;
        renewer.shutdownNow();
        try {
            index.removeWorker(owner);
        } catch (RuntimeException e) {
            // Its heartbeat ages out anyway.
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
