package dev.samos.pool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A pool of child JVMs (pathos's {@code ProcessPool}): {@link Pool#processes(int)}. Each chunk of a map is sent to
 * one child in one message and its results come back in one; a parent thread per child waits for them.
 *
 * <p>Functions are shipped, not pickled: a serializable lambda ({@link SerializableFunction} and friends), a
 * record or enum that is a value, or a class without fields. Its code goes as a function bundle, its captured
 * values as values; arguments and results must be values too. What cannot be shipped is a
 * {@link NotShippableException} before anything is sent.
 *
 * <p>A child that dies while running a chunk (killed, {@code System.exit}, a crash) is replaced, and the chunk is
 * run once more on the fresh child; if that child dies too, the map fails with a {@link PoolTaskException} at the
 * chunk's first input whose cause is a {@link ChildProcessDiedException} naming both children and their exits.
 * Calls of a chunk may therefore run twice.
 */
public final class ProcessPool implements Pool, ProcessMapper {

    /** How long a child may take to exit after its stdin closed before it is killed. */
    private static final long STOP_GRACE_MILLIS = 10_000;

    private final String name;
    private final int size;
    private final List<String> command;
    private final ExecutorPool dispatcher;
    private final Mapping defaults;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<ChildProcess> idle = new ArrayDeque<>();
    private final List<ChildProcess> children = new ArrayList<>();
    private int busy;
    private volatile boolean closed;
    private volatile boolean terminated;
    /** The last function {@link #call} shipped, so a stage calling one function per item ships it once. */
    private volatile Object lastFunction;
    private volatile ShippedFunction lastShipped;

    private ProcessPool(int size, ProcessOptions options) {
        long id = ExecutorPool.nextId();
        this.name = "processes(" + size + ")#" + id;
        this.size = size;
        this.command = command(options);
        this.dispatcher = ExecutorPool.platform(size, name, "samos-procpool-" + id + "-", false);
        this.defaults = new Mapping(dispatcher, MapOptions.DEFAULTS, new Shipping());
        try {
            for (int i = 0; i < size; i++) {
                ChildProcess child = ChildProcess.start(command);
                children.add(child);
                idle.add(child);
            }
        } catch (IOException e) {
            children.forEach(ChildProcess::kill);
            dispatcher.close();
            throw new UncheckedIOException("cannot start the child JVMs of pool " + name + ": " + e.getMessage(), e);
        }
    }

    static ProcessPool start(int size, ProcessOptions options) {
        if (size < 1) {
            throw new IllegalArgumentException("a process pool needs at least 1 process, was " + size);
        }
        return new ProcessPool(size, options);
    }

    private static List<String> command(ProcessOptions options) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The storage codec's LZ4 loads a native library and reads arrays through Unsafe: allowed, so every child
        // does not print the JDK's warnings about it on the user's stderr.
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("--sun-misc-unsafe-memory-access=allow");
        command.addAll(options.jvmArgs());
        System.getProperties().stringPropertyNames().stream().filter(p -> p.startsWith("samos."))
                .sorted().forEach(p -> command.add("-D" + p + "=" + System.getProperty(p)));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ProcessPoolChild.class.getName());
        command.add(Long.toString(ProcessHandle.current().pid()));
        return List.copyOf(command);
    }

    /** The child processes running now (a dead child's replacement included), e.g. to watch or kill them. */
    public List<ProcessHandle> children() {
        lock.lock();
        try {
            return children.stream().map(ChildProcess::handle).toList();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Calls {@code function}, an object of the functional interface {@code type} (a lambda of a serializable type,
     * a record that is a value, ...), with {@code args} on a child, in this thread: the call a pipeline stage makes
     * per item.
     *
     * @throws NotShippableException if the function cannot be shipped
     * @throws PoolTaskException     if the call failed (index 0; the original exception as cause)
     */
    public Object call(Class<?> type, Object function, Object... args) {
        checkOpen();
        ShippedFunction shipped = shipped(type, function, args.length);
        Object[] result = new Object[1];
        try {
            runChunk(shipped, List.of(java.util.Arrays.asList(args)), result, 0);
        } catch (ChunkFunction.Failure e) {
            throw new PoolTaskException(name, 0, e.getCause());
        }
        return result[0];
    }

    /**
     * Checks that {@code function} can be shipped to a child through {@code type}, without a pool.
     *
     * @throws NotShippableException naming what cannot be shipped
     */
    public static void checkShippable(Class<?> type, Object function, int arity) {
        ShippedFunction.of(function, type, arity);
    }

    private ShippedFunction shipped(Class<?> type, Object function, int arity) {
        ShippedFunction last = lastShipped;
        if (lastFunction == function && last != null && last.arity == arity) {
            return last;
        }
        ShippedFunction shipped = ShippedFunction.of(function, type, arity);
        lastShipped = shipped;
        lastFunction = function;
        return shipped;
    }

    /**
     * Runs one chunk on an idle child. A child that dies is replaced and the chunk retried once on the fresh one.
     *
     * @throws ChunkFunction.Failure a call failed, or the retry's child died too
     * @throws CancellationException the pool was terminated
     */
    void runChunk(ShippedFunction fn, List<List<Object>> argLists, Object[] results, int at) {
        ChildProcess child = acquire();
        String firstDeath = null;
        try {
            while (true) {
                try {
                    child.call(fn, argLists, results, at);
                    return;
                } catch (ChildProcess.Died died) {
                    if (terminated) {
                        throw new CancellationException("pool " + name + " terminated");
                    }
                    String death = child.describeDeath();
                    int exit = child.exitCode();
                    long pid = child.pid();
                    child = replace(child);
                    if (firstDeath != null) {
                        throw new ChunkFunction.Failure(0, new ChildProcessDiedException("child process died ("
                                + death + ") while running a chunk of " + argLists.size() + " input(s) of "
                                + fn.description + " starting at this one; it was the retry on a fresh child after"
                                + " the first child died (" + firstDeath + ")", pid, exit));
                    }
                    firstDeath = death;
                    System.Logger log = System.getLogger(ProcessPool.class.getName());
                    log.log(System.Logger.Level.WARNING, "pool {0}: child process died ({1}) running a chunk of"
                            + " {2}; running it again on a fresh child (pid {3})", name, death, fn.description,
                            Long.toString(child.pid()));
                }
            }
        } finally {
            release(child);
        }
    }

    private ChildProcess acquire() {
        lock.lock();
        try {
            while (idle.isEmpty() && !terminated) {
                changed.awaitUninterruptibly();
            }
            if (terminated) {
                throw new CancellationException("pool " + name + " terminated");
            }
            busy++;
            return idle.poll();
        } finally {
            lock.unlock();
        }
    }

    private void release(ChildProcess child) {
        lock.lock();
        try {
            busy--;
            if (!terminated) {
                idle.add(child);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A fresh child in place of a dead one (the dead one is reaped first, so none is left as a zombie). */
    private ChildProcess replace(ChildProcess dead) {
        dead.kill();
        lock.lock();
        try {
            if (terminated) {
                throw new CancellationException("pool " + name + " terminated");
            }
            ChildProcess fresh = ChildProcess.start(command);
            children.set(children.indexOf(dead), fresh);
            return fresh;
        } catch (IOException e) {
            children.remove(dead);
            throw new ChunkFunction.Failure(0, new UncheckedIOException("pool " + name + ": cannot start a child"
                    + " process in place of a dead one: " + e.getMessage(), e));
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("pool " + name + " is closed");
        }
    }

    /** Process pools ship the function once per map and chunks of argument lists to the children. */
    private final class Shipping implements Mapping.Lowering {

        @Override
        public <A, R> Function<A, R> unary(Function<? super A, ? extends R> f) {
            return new Chunks<>(ShippedFunction.of(f, Function.class, 1), a -> Collections.singletonList(a));
        }

        @Override
        public <A, B, R> Function<Mapping.Pair<A, B>, R> binary(BiFunction<? super A, ? super B, ? extends R> f) {
            return new Chunks<>(ShippedFunction.of(f, BiFunction.class, 2), p -> java.util.Arrays.asList(p.a(), p.b()));
        }

        @Override
        public <A, B, C, R> Function<Mapping.Triple<A, B, C>, R> ternary(
                TriFunction<? super A, ? super B, ? super C, ? extends R> f) {
            return new Chunks<>(ShippedFunction.of(f, TriFunction.class, 3),
                    t -> java.util.Arrays.asList(t.a(), t.b(), t.c()));
        }
    }

    private final class Chunks<A, R> implements ChunkFunction<A, R> {

        private final ShippedFunction fn;
        private final Function<A, List<Object>> spread;

        Chunks(ShippedFunction fn, Function<A, List<Object>> spread) {
            this.fn = fn;
            this.spread = spread;
        }

        @Override
        public void applyChunk(List<? extends A> inputs, Object[] results, int at) {
            List<List<Object>> argLists = new ArrayList<>(inputs.size());
            for (A input : inputs) {
                argLists.add(spread.apply(input));
            }
            runChunk(fn, argLists, results, at);
        }
    }

    @Override
    public ProcessMapper with(MapOptions options) {
        return new Mapping(dispatcher, options, new Shipping());
    }

    /** {@link #pipe(Function, Object)} for a lambda written in the call (see {@link ProcessMapper}). */
    public <A, R> R pipe(SerializableFunction<? super A, ? extends R> f, A x) {
        return pipe((Function<? super A, ? extends R>) f, x);
    }

    public <A, B, R> R pipe(SerializableBiFunction<? super A, ? super B, ? extends R> f, A x, B y) {
        return pipe((BiFunction<? super A, ? super B, ? extends R>) f, x, y);
    }

    public <A, R> CompletableFuture<R> apipe(SerializableFunction<? super A, ? extends R> f, A x) {
        return apipe((Function<? super A, ? extends R>) f, x);
    }

    public <A, B, R> CompletableFuture<R> apipe(SerializableBiFunction<? super A, ? super B, ? extends R> f, A x,
                                                B y) {
        return apipe((BiFunction<? super A, ? super B, ? extends R>) f, x, y);
    }

    @Override
    public <A, R> R pipe(Function<? super A, ? extends R> f, A x) {
        return Mapping.await(dispatcher, apipe(f, x));
    }

    @Override
    public <A, B, R> R pipe(BiFunction<? super A, ? super B, ? extends R> f, A x, B y) {
        return Mapping.await(dispatcher, apipe(f, x, y));
    }

    @Override
    public <A, R> CompletableFuture<R> apipe(Function<? super A, ? extends R> f, A x) {
        return defaults.amap(f, Collections.singletonList(x)).thenApply(results -> results.getFirst());
    }

    @Override
    public <A, B, R> CompletableFuture<R> apipe(BiFunction<? super A, ? super B, ? extends R> f, A x, B y) {
        return defaults.amap(f, Collections.singletonList(x), Collections.singletonList(y))
                .thenApply(results -> results.getFirst());
    }

    @Override
    public int workers() {
        return size;
    }

    @Override
    public void join() {
        dispatcher.join();
        awaitIdle();
    }

    /** Waits for the running work, then closes every child's stdin and waits for it to exit (killing stragglers). */
    @Override
    public void close() {
        closed = true;
        dispatcher.close();
        awaitIdle();
        List<ChildProcess> all;
        lock.lock();
        try {
            all = List.copyOf(children);
            terminated = true;   // no child is handed out any more
            idle.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        all.forEach(child -> child.stop(STOP_GRACE_MILLIS));
    }

    /** Kills every child at once (their chunks fail with a {@code CancellationException}) and waits for them. */
    @Override
    public void terminate() {
        closed = true;
        List<ChildProcess> all;
        lock.lock();
        try {
            terminated = true;
            all = List.copyOf(children);
            idle.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        all.forEach(ChildProcess::kill);
        dispatcher.terminate();
        awaitIdle();
    }

    private void awaitIdle() {
        lock.lock();
        try {
            while (busy > 0) {
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
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
