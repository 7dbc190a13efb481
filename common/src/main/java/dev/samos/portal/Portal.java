package dev.samos.portal;

import dev.samos.address.ValueAddress;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionRecord;
import dev.samos.function.Caller;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.function.PureFunction;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The connection between a running program and persistent state: values, functions, execution results and
 * records. {@link #local(Path)} opens a folder (the embedded default); a cluster portal (the gateway of a Samos
 * cluster) offers the same API with the same addresses. As a {@link Caller} it is what {@code Pure.call} runs on.
 */
public interface Portal extends Caller, AutoCloseable {

    /** Opens (creating if needed) a portal on {@code folder}; it becomes the current portal of the program. */
    static Portal local(Path folder) {
        return LocalPortal.open(folder);
    }

    /**
     * A portal on the Samos gateway at {@code gateway} (e.g. {@code http://127.0.0.1:8080}): the same API, the same
     * addresses. {@code token} is the gateway's bearer token, or null where it needs none.
     */
    static Portal remote(java.net.URI gateway, String token) {
        return RemotePortal.open(gateway, token);
    }

    /**
     * The portal for code that names none: folder from the system property {@code samos.portal}, else the
     * environment variable {@code SAMOS_PORTAL}, else {@code ~/.samos/portal}.
     */
    static Portal defaultPortal() {
        return PortalContext.defaultPortal();
    }

    /** The portal of the execution running on this thread, else the most recently opened one, else the default. */
    static Portal current() {
        return PortalContext.current();
    }

    /** The pure function implemented by {@code type}: bundled, autonomy-checked and stored in this portal. */
    @Override
    Pure pure(Class<? extends PureFunction> type);

    /**
     * The pure function in {@code bundle} (e.g. compiled from source, or shipped by a client), checked against
     * {@code policy} and stored in this portal.
     */
    Pure pure(dev.samos.bundle.FunctionBundle bundle, dev.samos.autonomy.AutonomyPolicy policy);

    /** Calls {@code function} with {@code kwargs}: the stored result if there is one, else computed once. */
    @Override
    Object call(Pure function, Kwargs kwargs);

    /** Requests the call and returns its execution address at once; a worker runs it at least once. */
    @Override
    ExecutionAddress swarm(Pure function, Kwargs kwargs);

    /** Swarms many calls of one function at once; their execution addresses, in order. */
    java.util.List<ExecutionAddress> swarmAll(Pure function, java.util.List<Kwargs> calls);

    /** Cancels a swarmed call no worker has started yet; false if it was not pending. */
    boolean cancel(ExecutionAddress address);

    /** Whether the result of the execution is stored. */
    boolean ready(ExecutionAddress address);

    /** The result of an execution, waiting up to {@code timeout}; never hangs silently (see LocalPortal#get). */
    Object get(ExecutionAddress address, java.time.Duration timeout);

    /**
     * The results of many executions, in their order, waiting up to {@code timeout} for all of them together (the
     * way to collect a {@link #swarmAll}). Each is what {@link #get} gives; the first failure is thrown.
     */
    default java.util.List<Object> getAll(java.util.List<ExecutionAddress> addresses, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        java.util.List<Object> results = new java.util.ArrayList<>(addresses.size());
        for (ExecutionAddress address : addresses) {
            results.add(get(address, java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
        }
        return results;
    }

    /**
     * Whether every execution in {@code nested} is done: lists and maps of execution addresses, nested to any
     * depth (Pythagoras's {@code ready}); what is not an address is ignored.
     */
    default boolean ready(java.util.Collection<?> nested) {
        return NestedAddresses.in(nested).stream().allMatch(this::ready);
    }

    /** {@link #ready(java.util.Collection)} for a map whose values are addresses, or lists and maps of them. */
    default boolean ready(java.util.Map<?, ?> nested) {
        return NestedAddresses.in(nested).stream().allMatch(this::ready);
    }

    /**
     * The same shape as {@code nested} with every execution address replaced by its result (Pythagoras's
     * {@code get}): {@code get(List.of(a, List.of(b, c)), t)} is {@code [result(a), [result(b), result(c)]]}. All
     * are collected together as {@link #getAll} does, waiting up to {@code timeout} in all; the first failure is
     * thrown. What is not an address is kept as it is; a collection comes back as a list.
     */
    @SuppressWarnings("unchecked")
    default java.util.List<Object> get(java.util.Collection<?> nested, java.time.Duration timeout) {
        return (java.util.List<Object>) NestedAddresses.replaced(nested,
                getAll(NestedAddresses.in(nested), timeout).iterator());
    }

    /** {@link #get(java.util.Collection, java.time.Duration)} for a map: the same keys, each value resolved. */
    @SuppressWarnings("unchecked")
    default java.util.Map<Object, Object> get(java.util.Map<?, ?> nested, java.time.Duration timeout) {
        return (java.util.Map<Object, Object>) NestedAddresses.replaced(nested,
                getAll(NestedAddresses.in(nested), timeout).iterator());
    }

    /**
     * {@code function} over several argument lists, position by position (pathos' {@code map(f, xs, ys)} with named
     * arguments): {@code map(f, Map.of("x", xs, "y", ys))} is {@code [f(x=xs[0], y=ys[0]), f(x=xs[1], y=ys[1]), …]}.
     * The calls are swarmed — run by the portal's workers: this JVM's threads, other JVMs on the same portal, or the
     * executors behind a cluster gateway — and the results come back in order; each is memoized, so a map that
     * is run again (or half-done when a JVM died) computes only what is missing.
     *
     * @throws IllegalArgumentException if there are no lists or they differ in length
     */
    default java.util.List<Object> map(Pure function, java.util.Map<String, ? extends java.util.List<?>> arguments) {
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("map of " + function.name() + ": name at least one argument list");
        }
        int size = arguments.values().iterator().next().size();
        for (var entry : arguments.entrySet()) {
            if (entry.getValue().size() != size) {
                throw new IllegalArgumentException("map of " + function.name() + ": argument lists differ in length ("
                        + entry.getKey() + " has " + entry.getValue().size() + ", another " + size + ")");
            }
        }
        java.util.List<Kwargs> calls = new java.util.ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            java.util.Map<String, Object> kwargs = new java.util.LinkedHashMap<>();
            for (var entry : arguments.entrySet()) {
                kwargs.put(entry.getKey(), entry.getValue().get(i));
            }
            calls.add(Kwargs.of(kwargs));
        }
        return getAll(swarmAll(function, calls), java.time.Duration.ofDays(365));
    }

    /** The result of an execution as a future. */
    java.util.concurrent.CompletableFuture<Object> future(ExecutionAddress address);

    /** The execution address {@code function} called with {@code kwargs} has. */
    ExecutionAddress executionAddress(Pure function, Kwargs kwargs);

    /** Stores a value (if new) and gives its address. */
    ValueAddress putValue(Object value);

    /**
     * The value at {@code address}, verified against it.
     *
     * @throws UnknownAddressException if this portal does not have it
     */
    Object getValue(ValueAddress address);

    boolean hasValue(ValueAddress address);

    /** What is known of an execution: status, result, every attempt. */
    Optional<ExecutionRecord> record(ExecutionAddress address);

    /** Counts of values, functions and executions by status, bytes stored. */
    PortalDescription describe();

    @Override
    void close();
}
