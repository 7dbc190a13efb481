package dev.samos.pipeline;

import dev.samos.pool.Pool;
import dev.samos.pool.PoolTaskException;
import dev.samos.pool.ProcessPool;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One run of a pipeline on one input: a channel after every stage, the stages' worker threads, and the outlet
 * the consumer pulls from. Threads start at the first pull; {@link #close()} cancels and waits for every one.
 */
final class Run<O> implements Iterator<O>, AutoCloseable {

    /** Largest batch moved through a channel at once: big enough to amortize the lock, small enough for cache. */
    static final int BATCH = 256;
    /** Per-item time above which a multi-worker stage takes one item at a time, so slow items spread out. */
    private static final long SLOW_ITEM_NANOS = 20_000;

    private final List<Task<?, ?>> tasks;
    private final ThreadFactory factory;
    private final RunState state = new RunState();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();
    private final List<ProcessPool> pools = new ArrayList<>();
    private Channel outlet;
    private final Object[] buffer = new Object[BATCH];
    private int count;
    private int index;
    private boolean started;
    private boolean ended;

    Run(List<Task<?, ?>> tasks, ThreadFactory factory, Object input) {
        this.tasks = tasks;
        this.factory = factory;
        Channel source = new Channel(1, 1, state);
        source.put(new Object[] {wrap(input)}, 1);
        source.producerDone();
        channels.add(source);
    }

    Stream<O> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED), false)
                .onClose(this::close);
    }

    private synchronized void start() {
        started = true;
        Channel in = channels.getFirst();
        for (int i = 0; i < tasks.size(); i++) {
            Task<?, ?> task = tasks.get(i);
            String label = Pipeline.label(task, i);
            boolean ordered = task.isOrdered() && task.workers() > 1;
            int producers = ordered || task.kind() == Task.Kind.JOIN || task.kind() == Task.Kind.JOIN_BRANCH
                    ? 1 : task.workers();
            Channel out = new Channel(task.throttleItems(), producers, state);
            channels.add(out);
            Stage stage = new Stage(task, label, in, out, task.processCount() > 0 ? startPool(task) : null);
            if (ordered) {
                Channel pending = new Channel(task.throttleItems(), 1, state);
                Channel work = new Channel(task.workers(), 1, state);
                channels.add(pending);
                channels.add(work);
                spawn(label + " dispatcher", () -> stage.dispatch(pending, work));
                spawn(label + " emitter", () -> stage.emit(pending));
                for (int w = 0; w < task.workers(); w++) {
                    spawn(label + " worker " + (w + 1), () -> stage.orderedWork(work));
                }
            } else if (task.kind() == Task.Kind.JOIN || task.kind() == Task.Kind.JOIN_BRANCH) {
                spawn(label + " worker", stage::join);
            } else {
                for (int w = 0; w < task.workers(); w++) {
                    spawn(label + " worker " + (w + 1), stage::work);
                }
            }
            in = out;
        }
        outlet = in;
        for (Thread thread : threads) {
            thread.start();
        }
    }

    /** The stage's child JVMs, for this run only. */
    private ProcessPool startPool(Task<?, ?> task) {
        ProcessPool pool = Pool.processes(task.processCount());
        pools.add(pool);
        return pool;
    }

    private void spawn(String name, Runnable body) {
        Thread thread = factory.newThread(() -> {
            try {
                body.run();
            } catch (Channel.Cancelled e) {
                // The run is over; whoever cancelled it reports why.
            }
        });
        thread.setName("samos-pipeline " + name);
        threads.add(thread);
    }

    @Override
    public boolean hasNext() {
        if (index < count) {
            return true;
        }
        if (ended) {
            return false;
        }
        if (!started) {
            start();
        }
        try {
            count = outlet.take(buffer, BATCH, 1);
        } catch (Channel.Cancelled e) {
            count = 0;
            throw state.failureOr(() -> new IllegalStateException("the pipeline was closed or its consumer"
                    + " interrupted"));
        }
        index = 0;
        if (count < 0) {
            count = 0;
            ended = true;
            return false;
        }
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public O next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Object item = buffer[index];
        buffer[index++] = null;
        return (O) unwrap(item);
    }

    /** Cancels every stage (a no-op once done) and waits for every thread to end. */
    @Override
    public void close() {
        state.cancel();
        for (Channel channel : channels) {
            channel.wakeAll();
        }
        for (Thread thread : threads) {
            thread.interrupt();
        }
        // A worker waiting for a child process does not notice interrupts: ending the children wakes it.
        synchronized (this) {
            pools.forEach(ProcessPool::terminate);
        }
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The failure that ended the run before the consumer was done, if one did. */
    PipelineException failure() {
        return state.failure();
    }

    private void fail(String stage, Object item, Throwable error) {
        Throwable original = error instanceof FutureFailure carrier ? carrier.getCause() : error;
        if (state.fail(new PipelineException(stage, item, original))) {
            for (Channel channel : channels) {
                channel.wakeAll();
            }
            for (Thread thread : threads) {
                if (thread != Thread.currentThread()) {
                    thread.interrupt();
                }
            }
        }
    }

    static Object wrap(Object item) {
        return item == null ? Channel.NULL : item;
    }

    static Object unwrap(Object item) {
        return item == Channel.NULL ? null : item;
    }

    /**
     * Hands each output on at once. Outputs are not batched: a worker may block in its next call for ever, and what
     * it already made must not wait with it (batching them gained only about 25% on trivial stages). Reads still
     * take batches, which is what keeps a trivial stage cheap.
     */
    private static final class Outbox {
        private final Channel out;
        private final Object[] one = new Object[1];

        Outbox(Channel out) {
            this.out = out;
        }

        void add(Object item) {
            one[0] = wrap(item);
            out.put(one, 1);
            one[0] = null;
        }
    }

    /** The workers' side of one stage. */
    private final class Stage {
        private final Task<?, ?> task;
        private final String label;
        private final Channel in;
        private final Channel out;

        /** The child processes running the function, or null when it runs in the worker threads. */
        private final ProcessPool pool;

        Stage(Task<?, ?> task, String label, Channel in, Channel out, ProcessPool pool) {
            this.pool = pool;
            this.task = task;
            this.label = label;
            this.in = in;
            this.out = out;
        }

        /** An unordered worker: takes a share of what waits, emits as it goes. */
        void work() {
            Outbox outbox = new Outbox(out);
            Object[] taken = new Object[BATCH];
            int readers = task.workers();
            int chunk = readers > 1 ? 1 : BATCH;
            while (true) {
                int n = in.take(taken, chunk, readers);
                if (n < 0) {
                    break;
                }
                long began = readers > 1 ? System.nanoTime() : 0;
                for (int i = 0; i < n; i++) {
                    Object item = unwrap(taken[i]);
                    taken[i] = null;
                    if (!apply(item, outbox::add)) {
                        return;
                    }
                }
                if (readers > 1) {
                    chunk = (System.nanoTime() - began) / n > SLOW_ITEM_NANOS ? 1 : Math.min(BATCH, chunk * 2);
                }
            }
            out.producerDone();
        }

        /** Calls the function on one item and hands its outputs on; false if the run failed. */
        private boolean apply(Object item, java.util.function.Consumer<Object> sink) {
            try {
                Object result = call(item);
                if (task.kind() == Task.Kind.BRANCH) {
                    emitAll(item, result, sink);
                } else {
                    sink.accept(result);
                }
                return true;
            } catch (Channel.Cancelled e) {
                throw e;
            } catch (Throwable e) {
                if (!state.isCancelled()) {
                    fail(label, item, e);
                }
                return false;
            }
        }

        private Object call(Object item) throws Exception {
            if (pool != null) {
                try {
                    return pool.call(StageFunction.class, task.function(), item);
                } catch (PoolTaskException e) {
                    // The stage's own failure, as if it had run here (its type survives the trip).
                    if (e.getCause() instanceof Exception original) {
                        throw original;
                    }
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw e;
                }
            }
            Object result = task.function().apply(item);
            if (!task.isAsync()) {
                return result;
            }
            if (result == null) {
                throw new NullPointerException(label + " returned null instead of a CompletionStage");
            }
            CompletableFuture<?> future = ((CompletionStage<?>) result).toCompletableFuture();
            try {
                return future.get();
            } catch (InterruptedException e) {
                future.cancel(true);
                throw e;
            } catch (ExecutionException e) {
                throw unwrapFuture(e);
            }
        }

        private void emitAll(Object item, Object result, java.util.function.Consumer<Object> sink) {
            switch (result) {
                case Stream<?> stream -> {
                    try (stream) {
                        stream.sequential().forEach(sink);
                    }
                }
                case Iterable<?> iterable -> drain(iterable.iterator(), sink);
                case Iterator<?> iterator -> drain(iterator, sink);
                case Object[] array -> {
                    for (Object each : array) {
                        sink.accept(each);
                    }
                }
                case null -> throw new InvalidPipelineException(label + " is a branch but returned null for item "
                        + item + " instead of an Iterable, Iterator, Stream or array");
                default -> throw new InvalidPipelineException(label + " is a branch but returned a "
                        + result.getClass().getName() + " for item " + item
                        + " instead of an Iterable, Iterator, Stream or array");
            }
        }

        private void drain(Iterator<?> iterator, java.util.function.Consumer<Object> sink) {
            try {
                while (iterator.hasNext()) {
                    sink.accept(iterator.next());
                }
            } finally {
                if (iterator instanceof AutoCloseable closeable) {
                    try {
                        closeable.close();
                    } catch (Exception e) {
                        // Closing is a courtesy to the generator; the run's outcome is already decided.
                    }
                }
            }
        }

        /** The single worker of a join: the function pulls the upstream through a lazy stream. */
        void join() {
            Outbox outbox = new Outbox(out);
            Iterator<Object> upstream = new Iterator<>() {
                private final Object[] taken = new Object[BATCH];
                private int n;
                private int i;
                private boolean done;

                @Override
                public boolean hasNext() {
                    if (i < n) {
                        return true;
                    }
                    if (done) {
                        return false;
                    }
                    int got = in.take(taken, BATCH, 1);
                    i = 0;
                    n = Math.max(got, 0);
                    done = got < 0;
                    return !done;
                }

                @Override
                public Object next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Object item = taken[i];
                    taken[i++] = null;
                    return unwrap(item);
                }
            };
            Stream<Object> stream = StreamSupport.stream(
                    Spliterators.spliteratorUnknownSize(upstream, Spliterator.ORDERED), false);
            String item = "(the joined upstream)";
            try {
                Object result = task.function().apply(stream);
                if (task.kind() == Task.Kind.JOIN_BRANCH) {
                    emitAll(item, result, outbox::add);
                } else {
                    outbox.add(result);
                }
            } catch (Channel.Cancelled e) {
                throw e;
            } catch (Throwable e) {
                if (!state.isCancelled()) {
                    fail(label, item, e);
                }
                return;
            }
            out.producerDone();
        }

        /** Ordered mode: hands each item to a worker and, in the same order, its slot to the emitter. */
        void dispatch(Channel pending, Channel work) {
            Object[] taken = new Object[BATCH];
            Object[] one = new Object[1];
            while (true) {
                int n = in.take(taken, BATCH, 1);
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    Slot slot = new Slot(unwrap(taken[i]));
                    taken[i] = null;
                    one[0] = slot;
                    pending.put(one, 1);
                    work.put(one, 1);
                }
            }
            pending.producerDone();
            work.producerDone();
        }

        void orderedWork(Channel work) {
            Object[] one = new Object[1];
            while (work.take(one, 1, task.workers()) > 0) {
                Slot slot = (Slot) one[0];
                one[0] = null;
                List<Object> outputs = new ArrayList<>(task.kind() == Task.Kind.BRANCH ? 16 : 1);
                if (!apply(slot.item, outputs::add)) {
                    return;
                }
                slot.complete(outputs);
            }
        }

        void emit(Channel pending) {
            Outbox outbox = new Outbox(out);
            Object[] taken = new Object[BATCH];
            while (true) {
                int n = pending.take(taken, BATCH, 1);
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    Slot slot = (Slot) taken[i];
                    taken[i] = null;
                    for (Object output : slot.await()) {
                        outbox.add(output);
                    }
                }
            }
            out.producerDone();
        }
    }

    private static RuntimeException unwrapFuture(ExecutionException e) {
        Throwable cause = e.getCause();
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return new FutureFailure(cause == null ? e : cause);
    }

    /** Carries a future's failure to {@link PipelineException}, which takes its cause as the original. */
    static final class FutureFailure extends RuntimeException {
        FutureFailure(Throwable cause) {
            super(cause);
        }
    }

    /** An item of an ordered stage and, once a worker is done with it, its outputs. */
    private static final class Slot extends CompletableFuture<List<Object>> {
        final Object item;

        Slot(Object item) {
            this.item = item;
        }

        List<Object> await() {
            try {
                return get();
            } catch (InterruptedException e) {
                throw new Channel.Cancelled();
            } catch (ExecutionException e) {
                throw new Channel.Cancelled();
            }
        }
    }
}
