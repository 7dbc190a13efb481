package dev.samos.pipeline;

import dev.samos.pool.NotShippableException;
import dev.samos.pool.ProcessPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A lazy multi-stage pipeline (pyper's {@code task(step1) | task(step2, concurrency=20) > printSum}):
 *
 * <pre>{@code
 * Function<Integer, Integer> run = Pipeline.from(Task.branchStream(Steps::step1))
 *         .then(Task.async(Steps::step2).concurrency(20))
 *         .then(Task.of(Steps::step3).concurrency(20))
 *         .into(Steps::printSum);
 * int total = run.apply(20);   // about 2 s, not 40
 * }</pre>
 *
 * <p>The first stage runs once, on the pipeline's input, and feeds the rest (a {@link Task#branch} there is the
 * generator). Every worker is a virtual thread of its own, so any number of workers in any number of stages run
 * together; a stage that waits (sleep, I/O, a future) holds no platform thread. Nothing runs until the consumer
 * pulls the first item; then each stage works ahead of the next by at most its {@link Task#throttle} items (plus
 * a batch in each worker's hands). When the consumer returns, or the stream is closed, every stage is cancelled,
 * the source included, and every thread has ended before {@code into}'s function or {@code close} returns.
 *
 * <p>Order: a stage with one worker keeps the order it receives; a stage with several gives outputs as they are
 * done, unless it is {@link Task#ordered()}. A pipeline whose multi-worker stages are all ordered gives its outputs
 * in input order.
 *
 * <p>An error in any stage cancels the run at once and reaches the caller as a {@link PipelineException} naming
 * the stage and the item, with the original exception as cause. Stages run ahead of the consumer, so an error on
 * an item the consumer would not have pulled may still fail the run if it happens before the consumer returns.
 *
 * @param <I> the input of the first stage
 * @param <O> the output of the last stage
 */
public final class Pipeline<I, O> {

    private static final ThreadFactory VIRTUAL = Thread.ofVirtual().factory();

    private final List<Task<?, ?>> tasks;
    private final ThreadFactory threads;

    private Pipeline(List<Task<?, ?>> tasks, ThreadFactory threads) {
        this.tasks = List.copyOf(tasks);
        this.threads = threads;
    }

    /**
     * A pipeline starting with {@code source}, which is called once with the pipeline's input.
     *
     * @throws InvalidPipelineException if the source has several workers: there is only one input to work on
     */
    public static <I, O> Pipeline<I, O> from(Task<I, O> source) {
        Objects.requireNonNull(source, "source");
        if (source.workers() > 1) {
            throw new InvalidPipelineException(label(source, 0) + " is the source: it runs once, on the pipeline's"
                    + " input, so it cannot have " + source.workers() + " workers (give them to the next stage)");
        }
        return new Pipeline<I, O>(List.of(), VIRTUAL).append(source);
    }

    /** This pipeline with {@code next} after its last stage (pyper's {@code |}). */
    public <R> Pipeline<I, R> then(Task<? super O, R> next) {
        return append(Objects.requireNonNull(next, "next"));
    }

    /** This pipeline followed by every stage of {@code rest}, whose input is then this pipeline's output. */
    public <R> Pipeline<I, R> then(Pipeline<? super O, R> rest) {
        Pipeline<I, R> all = new Pipeline<>(tasks, threads);
        for (Task<?, ?> task : rest.tasks) {
            all = all.append(task);
        }
        return all;
    }

    private <R> Pipeline<I, R> append(Task<?, ?> task) {
        int position = tasks.size();
        boolean joins = task.kind() == Task.Kind.JOIN || task.kind() == Task.Kind.JOIN_BRANCH;
        if (joins && task.workers() > 1) {
            throw new InvalidPipelineException(label(task, position) + " is a join: one worker receives the whole"
                    + " upstream, so it cannot have " + task.workers() + " workers");
        }
        if (task.processCount() > 0) {
            checkShippable(task, position);
        }
        List<Task<?, ?>> all = new ArrayList<>(tasks);
        all.add(task);
        return new Pipeline<>(all, threads);
    }

    /** A stage run in child processes: one output per input, and a function that can be shipped there. */
    private static void checkShippable(Task<?, ?> task, int position) {
        if (task.kind() != Task.Kind.MAP || task.isAsync()) {
            throw new InvalidPipelineException(label(task, position) + " runs in child processes, so it must give"
                    + " one output per input (Task.of): a " + (task.isAsync() ? "future" : "stream or iterable")
                    + " cannot leave a child process");
        }
        try {
            ProcessPool.checkShippable(StageFunction.class, task.function(), 1);
        } catch (NotShippableException e) {
            throw new InvalidPipelineException(label(task, position) + " runs in child processes, but "
                    + e.getMessage(), e);
        }
    }

    /** This pipeline with its workers made by {@code factory} (virtual threads by default). */
    public Pipeline<I, O> withThreads(ThreadFactory factory) {
        return new Pipeline<>(tasks, Objects.requireNonNull(factory, "factory"));
    }

    /**
     * The pipeline ending in {@code consumer} (pyper's {@code >}): calling the function runs the pipeline on its
     * argument and gives what the consumer returns. The consumer may stop early (e.g. {@code limit(5)}), which
     * stops every stage; if a stage failed the call throws its {@link PipelineException}.
     */
    public <R> Function<I, R> into(Function<? super Stream<O>, ? extends R> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        return input -> {
            Run<O> run = new Run<>(tasks, threads, input);
            R result;
            try (run) {
                result = consumer.apply(run.stream());
            }
            PipelineException failure = run.failure();
            if (failure != null) {
                throw failure;
            }
            return result;
        };
    }

    /**
     * The outputs for {@code input} as a lazy stream; nothing runs before its first item is pulled. Close it
     * (try-with-resources) to stop the stages if you do not read it to the end.
     */
    public Stream<O> stream(I input) {
        return new Run<O>(tasks, threads, input).stream();
    }

    /** Every output for {@code input}, in a list: {@code into(Stream::toList).apply(input)}. */
    public List<O> toList(I input) {
        return into(Stream<O>::toList).apply(input);
    }

    /** The number of stages. */
    public int size() {
        return tasks.size();
    }

    static String label(Task<?, ?> task, int position) {
        return task.name() == null ? "stage " + (position + 1)
                : "stage '" + task.name() + "' (" + (position + 1) + ")";
    }

    @Override
    public String toString() {
        return "Pipeline" + tasks;
    }
}
