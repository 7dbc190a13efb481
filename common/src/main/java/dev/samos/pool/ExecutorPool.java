package dev.samos.pool;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

/** A pool over a JDK executor: fixed platform threads, or a virtual thread per chunk behind a semaphore. */
final class ExecutorPool implements Pool {

    private static final AtomicLong IDS = new AtomicLong();

    private final String name;
    private final ExecutorService executor;
    /** Bounds virtual threads; null when unbounded or when the thread count already bounds the work. */
    private final Semaphore permits;
    private final int workers;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean closed;

    private ExecutorPool(String name, ExecutorService executor, Semaphore permits, int workers) {
        this.name = name;
        this.executor = executor;
        this.permits = permits;
        this.workers = workers;
    }

    static ExecutorPool platform(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a pool needs at least 1 thread, was " + n);
        }
        long id = nextId();
        return platform(n, "threads(" + n + ")#" + id, "samos-pool-" + id + "-", true);
    }

    /** Ids shared by every kind of pool, so names stay unique across kinds. */
    static long nextId() {
        return IDS.incrementAndGet();
    }

    /**
     * {@code n} daemon platform threads named {@code threadPrefix<k>}.
     *
     * @param callerHelps whether a blocking map's caller runs chunks too (not when a chunk needs a resource only
     *                    the pool's threads hold, such as a child process)
     */
    static ExecutorPool platform(int n, String name, String threadPrefix, boolean callerHelps) {
        // Daemon threads: a pool someone forgot to close must not keep the JVM alive.
        var threads = new java.util.concurrent.CopyOnWriteArrayList<Thread>();
        var named = Thread.ofPlatform().name(threadPrefix, 1).daemon(true).factory();
        java.util.concurrent.ThreadFactory factory = task -> {
            Thread thread = named.newThread(task);
            threads.add(thread);
            return thread;
        };
        var executor = new ThreadPoolExecutor(n, n, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
        ExecutorPool pool = new ExecutorPool(name, executor, null, n);
        pool.platformThreads = threads;
        pool.callerHelps = callerHelps;
        return pool;
    }

    static ExecutorPool virtual(int maxConcurrency) {
        long id = nextId();
        var factory = Thread.ofVirtual().name("samos-vpool-" + id + "-", 1).factory();
        var executor = Executors.newThreadPerTaskExecutor(factory);
        int workers = maxConcurrency > 0 ? maxConcurrency : Runtime.getRuntime().availableProcessors();
        String label = maxConcurrency > 0 ? "virtualThreads(" + maxConcurrency + ")#" : "virtualThreads#";
        return new ExecutorPool(label + id, executor, maxConcurrency > 0 ? new Semaphore(maxConcurrency) : null,
                workers);
    }

    String name() {
        return name;
    }

    private boolean callerHelps = true;

    /** A bounded pool keeps its bound, so its callers do not run calls themselves. */
    boolean callerMayHelp() {
        return permits == null && callerHelps;
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("pool " + name + " is closed");
        }
    }

    void submit(Job job) {
        checkOpen();
        pending.incrementAndGet();
        try {
            executor.execute(new Handoff(job));
        } catch (RejectedExecutionException e) {
            settle();
            throw new IllegalStateException("pool " + name + " is closed", e);
        }
    }

    private void settle() {
        if (pending.decrementAndGet() == 0) {
            lock.lock();
            try {
                idle.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Wraps a job so that every way it can end (run, abandoned, interrupted while waiting) settles it once. */
    private final class Handoff implements Runnable {

        final Job job;

        Handoff(Job job) {
            this.job = job;
        }

        @Override
        public void run() {
            try {
                if (permits != null) {
                    try {
                        permits.acquire();
                    } catch (InterruptedException e) {
                        job.abandon(new CancellationException("pool " + name + " terminated"));
                        return;
                    }
                    try {
                        job.run();
                    } finally {
                        permits.release();
                    }
                } else {
                    job.run();
                }
            } finally {
                settle();
            }
        }

        void abandon() {
            try {
                job.abandon(new CancellationException("pool " + name + " terminated"));
            } finally {
                settle();
            }
        }
    }

    @Override
    public Mapper with(MapOptions options) {
        return new Mapping(this, options);
    }

    @Override
    public int workers() {
        return workers;
    }

    @Override
    public <A, R> R pipe(Function<? super A, ? extends R> f, A x) {
        return Mapping.await(this, apipe(f, x));
    }

    @Override
    public <A, B, R> R pipe(BiFunction<? super A, ? super B, ? extends R> f, A x, B y) {
        return Mapping.await(this, apipe(f, x, y));
    }

    @Override
    public <A, R> CompletableFuture<R> apipe(Function<? super A, ? extends R> f, A x) {
        var result = new CompletableFuture<R>();
        submit(new Job() {
            @Override
            public void run() {
                if (result.isDone()) {
                    return;
                }
                try {
                    result.complete(f.apply(x));
                } catch (Throwable t) {
                    result.completeExceptionally(new PoolTaskException(name, 0, t));
                }
            }

            @Override
            public void abandon(Throwable why) {
                result.completeExceptionally(why);
            }
        });
        return result;
    }

    @Override
    public <A, B, R> CompletableFuture<R> apipe(BiFunction<? super A, ? super B, ? extends R> f, A x, B y) {
        return apipe((Void ignored) -> f.apply(x, y), null);
    }

    @Override
    public void join() {
        lock.lock();
        try {
            while (pending.get() > 0) {
                idle.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdown();
        awaitThreads();
    }

    @Override
    public void terminate() {
        closed = true;
        for (Runnable dropped : executor.shutdownNow()) {
            if (dropped instanceof Handoff handoff) {
                handoff.abandon();
            }
        }
        awaitThreads();
    }

    /** The platform threads this pool made: the executor reports TERMINATED a moment before they have exited. */
    private java.util.List<Thread> platformThreads = java.util.List.of();

    private void awaitThreads() {
        boolean interrupted = false;
        while (true) {
            try {
                if (executor.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                // Keep waiting: returning early would leave threads behind; the interrupt is restored below.
                interrupted = true;
            }
        }
        for (Thread thread : platformThreads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "Pool " + name + (closed ? " (closed)" : "");
    }
}
