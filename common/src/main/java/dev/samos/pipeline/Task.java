package dev.samos.pipeline;

import dev.samos.execution.ExecutionAddress;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.portal.Portal;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One stage of a {@link Pipeline}: a function and how it runs (pyper's {@code task}). Immutable; the options
 * return a new task.
 *
 * <ul>
 *   <li>{@link #of} one output per input, run on virtual threads (blocking is fine);
 *   <li>{@link #async} one output per input, from a {@link CompletionStage};
 *   <li>{@link #branch} / {@link #branchStream} many outputs per input, which flow on one by one, lazily;
 *   <li>{@link #join} / {@link #joinBranch} the whole upstream as one {@link Stream};
 *   <li>{@link #pure} a memoized call of a pure function through the portal; {@link #swarmed} the same call run
 *       by the portal's workers.
 * </ul>
 *
 * <p>Fixed arguments are bound with closures ({@code x -> scale(x, 10)}): Java's lambdas are partial
 * application, checked by the compiler; pure functions bind them with {@link Pure#fixKwargs}, which also makes
 * them part of the memoized call.
 *
 * @param <I> what the stage takes
 * @param <O> what it gives
 */
public final class Task<I, O> {

    /** Items that may wait between a stage and the next unless {@link #throttle} says otherwise. */
    public static final int DEFAULT_THROTTLE = 1024;

    /** Calls a swarmed stage keeps in flight unless {@link #concurrency} says otherwise. */
    public static final int DEFAULT_SWARM_CONCURRENCY = 64;

    enum Kind { MAP, BRANCH, JOIN, JOIN_BRANCH }

    private final Kind kind;
    private final StageFunction<Object, Object> function;
    private final boolean async;
    private final String name;
    private final int concurrency;
    private final int throttle;
    private final boolean ordered;
    /** Child JVMs the function runs in; 0 = in the workers' own threads. */
    private final int processes;

    private Task(Kind kind, StageFunction<?, ?> function, boolean async, String name, int concurrency, int throttle,
            boolean ordered) {
        this(kind, function, async, name, concurrency, throttle, ordered, 0);
    }

    @SuppressWarnings("unchecked")
    private Task(Kind kind, StageFunction<?, ?> function, boolean async, String name, int concurrency, int throttle,
            boolean ordered, int processes) {
        this.kind = kind;
        this.function = (StageFunction<Object, Object>) Objects.requireNonNull(function, "function");
        this.async = async;
        this.name = name;
        this.concurrency = concurrency;
        this.throttle = throttle;
        this.ordered = ordered;
        this.processes = processes;
    }

    private static <I, O> Task<I, O> make(Kind kind, StageFunction<?, ?> function, boolean async) {
        return new Task<>(kind, function, async, null, 1, DEFAULT_THROTTLE, false);
    }

    /** A stage giving one output per input. */
    public static <I, O> Task<I, O> of(StageFunction<? super I, ? extends O> function) {
        return make(Kind.MAP, function, false);
    }

    /** A stage whose function answers later: its workers wait on the future (cheaply: they are virtual). */
    public static <I, O> Task<I, O> async(StageFunction<? super I, ? extends CompletionStage<? extends O>> function) {
        return make(Kind.MAP, function, true);
    }

    /**
     * A stage giving many outputs per input (a generator in pyper): the items of the returned {@link Iterable}
     * (or {@link Iterator}, {@link Stream} or array, should an unchecked function return one) flow on as they are
     * produced, so it may be infinite.
     */
    public static <I, O> Task<I, O> branch(StageFunction<? super I, ? extends Iterable<? extends O>> function) {
        return make(Kind.BRANCH, function, false);
    }

    /** {@link #branch} for a function returning a {@link Stream}; the stream is closed when the stage is done. */
    public static <I, O> Task<I, O> branchStream(StageFunction<? super I, ? extends Stream<? extends O>> function) {
        return make(Kind.BRANCH, function, false);
    }

    /** A stage that receives the whole upstream as one lazy {@link Stream} and gives one output. One worker. */
    public static <I, O> Task<I, O> join(StageFunction<? super Stream<I>, ? extends O> function) {
        return make(Kind.JOIN, function, false);
    }

    /** A stage that receives the whole upstream as one lazy {@link Stream} and gives many outputs. One worker. */
    public static <I, O> Task<I, O> joinBranch(StageFunction<? super Stream<I>, ? extends Stream<? extends O>> function) {
        return make(Kind.JOIN_BRANCH, function, false);
    }

    /**
     * A memoized stage: each item is the kwarg {@code argument} of a call of {@code function} on the current portal
     * ({@link Pure#call}), so a re-run (after a crash, or with more items) computes only what is not stored yet.
     */
    public static <I> Task<I, Object> pure(Pure function, String argument) {
        Objects.requireNonNull(argument, "argument");
        return pure(function, (I item) -> Kwargs.of(argument, item));
    }

    /** A memoized stage whose items become kwargs through {@code kwargs}. */
    public static <I> Task<I, Object> pure(Pure function, Function<? super I, Kwargs> kwargs) {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(kwargs, "kwargs");
        return Task.<I, Object>of(item -> function.call(kwargs.apply(item))).named(function.name());
    }

    /**
     * A memoized stage run by the portal's workers (threads and worker processes, on this machine or any other
     * sharing the portal): each worker of the stage swarms one call and waits for its result, so
     * {@link #concurrency} (default {@value #DEFAULT_SWARM_CONCURRENCY}) is the number of calls in flight.
     */
    public static <I> Task<I, Object> swarmed(Portal portal, Pure function, String argument) {
        Objects.requireNonNull(portal, "portal");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(argument, "argument");
        return Task.<I, Object>of(item -> {
            ExecutionAddress address = portal.swarm(function, Kwargs.of(argument, item));
            return portal.get(address, Duration.ofDays(365));
        }).named(function.name()).concurrency(DEFAULT_SWARM_CONCURRENCY);
    }

    /** The stage's name in errors and thread names; by default its position, e.g. {@code stage 2}. */
    public Task<I, O> named(String name) {
        return new Task<>(kind, function, async, Objects.requireNonNull(name, "name"), concurrency, throttle,
                ordered, processes);
    }

    /** Workers running this stage at once (default 1). */
    public Task<I, O> concurrency(int workers) {
        if (workers < 1) {
            throw new InvalidPipelineException(label() + ": concurrency must be at least 1, was " + workers);
        }
        return new Task<>(kind, function, async, name, workers, throttle, ordered, processes);
    }

    /**
     * At most {@code items} outputs of this stage wait in the channel to the next one; then its workers wait
     * (default 1024). Besides, each worker of the next stage holds up to 256 items it has taken but not finished,
     * so how far a stage runs ahead is bounded, not exact.
     */
    public Task<I, O> throttle(int items) {
        if (items < 1) {
            throw new InvalidPipelineException(label() + ": throttle must be at least 1, was " + items);
        }
        return new Task<>(kind, function, async, name, concurrency, items, ordered, processes);
    }

    /**
     * Outputs leave in the order their inputs came, even with several workers (a branch's items of one input
     * stay together, gathered before they leave). Without it a stage with several workers gives outputs as they
     * are done.
     */
    public Task<I, O> ordered() {
        return new Task<>(kind, function, async, name, concurrency, throttle, true, processes);
    }

    /**
     * Runs the stage's function in {@code n} child JVMs, for CPU-bound stages: a process pool
     * ({@code Pool.processes(n)}) is started when the run starts and stopped when it ends, and each item is one call
     * on a child. The stage has {@code max(concurrency, n)} workers. Only a one-output stage ({@link #of}) can,
     * and its function must be shippable: a lambda whose captures are values (or a record that is a value); items
     * and outputs must be values. Checked when the pipeline is built ({@link InvalidPipelineException} naming the
     * stage).
     */
    public Task<I, O> processes(int n) {
        if (n < 1) {
            throw new InvalidPipelineException(label() + ": processes must be at least 1, was " + n);
        }
        return new Task<>(kind, function, async, name, concurrency, throttle, ordered, n);
    }

    Kind kind() {
        return kind;
    }

    StageFunction<Object, Object> function() {
        return function;
    }

    boolean isAsync() {
        return async;
    }

    String name() {
        return name;
    }

    int workers() {
        return Math.max(concurrency, processes);
    }

    int processCount() {
        return processes;
    }

    int throttleItems() {
        return throttle;
    }

    boolean isOrdered() {
        return ordered;
    }

    private String label() {
        return name == null ? "task" : "stage '" + name + "'";
    }

    @Override
    public String toString() {
        return "Task[" + (name == null ? "unnamed" : name) + ", " + kind.name().toLowerCase()
                + (async ? ", async" : "") + ", concurrency " + concurrency + ", throttle " + throttle
                + (ordered ? ", ordered" : "") + (processes > 0 ? ", processes " + processes : "") + "]";
    }
}
