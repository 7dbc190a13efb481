package dev.samos.portal;

import dev.samos.address.ValueAddress;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionStatus;
import dev.samos.function.ArgumentException;
import dev.samos.function.FunctionFailedException;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.function.RunFirst;
import dev.samos.index.ExecutionIndex;
import dev.samos.index.ExecutionIndex.Request;
import dev.samos.index.ExecutionIndex.Task;
import dev.samos.store.StoredValue;
import dev.samos.value.FrozenValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Swarmed calls: requested now (the request is in the index, so it survives this JVM), run at least once by some
 * worker — a thread of this JVM or of any JVM on the same index — and collected later by address.
 */
final class SwarmQueue {

    /** Swarmed calls requested per index operation by {@code swarmAll}. */
    private static final int SWARM_CHUNK = 4_000;
    /** Executions looked up per query by {@link #getAll}. */
    private static final int GET_ALL_BATCH = 500;
    private static final long WORKERS_CHECK_NANOS = 200_000_000;

    private final PortalParts parts;
    private final Portal portal;
    private final String location;
    private final SwarmWorkers workers;
    private final TaskRouting routing;
    private volatile long workersCheckedAt = System.nanoTime() - WORKERS_CHECK_NANOS - 1;
    private volatile boolean workersAlive;

    SwarmQueue(PortalParts parts, Portal portal, String location, TaskRouting routing) {
        this.parts = parts;
        this.portal = portal;
        this.location = location;
        this.routing = routing;
        this.workers = new SwarmWorkers(this, parts.leases(), parts.options().workers());
    }

    /** Requests many calls of one function, in chunks, so workers start on the first while the rest are requested. */
    List<ExecutionAddress> swarmAll(Pure function, List<Kwargs> calls) {
        return swarmAll(function, calls, false);
    }

    /**
     * As above; {@code callerWaits}: a caller's own synchronous call, run elsewhere — its failure is final, as if it
     * had run in the caller (the index keeps this with the request, and every claim of the task carries it).
     */
    List<ExecutionAddress> swarmAll(Pure function, List<Kwargs> calls, boolean callerWaits) {
        CallChain chain = CallChain.current();
        if (chain != null) {
            chain.admit(calls.size(), calls.size() + " swarmed call(s) of " + function.name());
        }
        int depth = chain == null ? 0 : chain.depth(); // recorded with each request: the tasks' calls nest on from it
        ValueAddress functionAddress = parts.functions().store(function.unfixed());
        List<ExecutionAddress> addresses = new ArrayList<>(calls.size());
        List<Request> requests = new ArrayList<>(Math.min(calls.size(), SWARM_CHUNK));
        for (Kwargs kwargs : calls) {
            Kwargs all = function.fixedKwargs().merge(kwargs);
            ExecutionAddress address = InlineValues.addressOf(function, all);
            addresses.add(address);
            if (parts.results().hot(address) == null) {
                requests.add(new Request(address, functionAddress, parts.inline().arguments(all), depth, callerWaits));
            }
            if (requests.size() == SWARM_CHUNK) {
                request(requests);
                requests.clear();
            }
        }
        request(requests);
        return addresses;
    }

    private void request(List<Request> requests) {
        if (requests.isEmpty()) {
            return;
        }
        boolean any = false;
        List<ExecutionIndex.Requested> answers = parts.index().request(requests);
        List<ExecutionAddress> first = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            any |= answers.get(i).status() == ExecutionStatus.PENDING;
            if (answers.get(i).first()) {
                first.add(requests.get(i).address());
            }
        }
        if (!first.isEmpty()) {
            routing.publisher().publish(first);
        }
        if (any) {
            workers.start();
            workers.wake();
        }
    }

    /**
     * Cancels a pending or running execution: FAILED with a CANCELLED attempt record. A running attempt is stopped
     * by the JVM running it when it next renews its leases (a third of a lease at most).
     */
    boolean cancel(ExecutionAddress address) {
        long now = parts.clock().millis();
        boolean cancelled = parts.index().cancel(address, new Attempt(0, parts.leases().owner(), now, now,
                Attempt.Outcome.CANCELLED, "", "", AttemptCancelledException.class.getName(),
                "cancelled by a caller", null, List.of()));
        if (cancelled) {
            parts.runner().stop(address); // running here: stopped now rather than at the next renewal
        }
        return cancelled;
    }

    boolean ready(ExecutionAddress address) {
        return parts.results().known(address);
    }

    /**
     * The result of a swarmed (or any) execution, waiting up to {@code timeout}. It never hangs silently: with no
     * worker alive anywhere, it runs the call here (or, with {@code runInCaller} off, fails at the timeout saying
     * so); a FAILED execution throws its failure.
     */
    Object get(ExecutionAddress address, Duration timeout) {
        AtomicReference<CompletableFuture<Void>> signal = new AtomicReference<>();
        try {
            return waitFor(address, timeout, signal);
        } finally {
            if (signal.get() != null) {
                parts.waiters().forget(address, signal.get());
            }
        }
    }

    private Object waitFor(ExecutionAddress address, Duration timeout,
            AtomicReference<CompletableFuture<Void>> signal) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 1;
        // With news of every settle, a waiter is woken by it and looks at the index only now and then in case news
        // was lost; without, it looks again soon.
        long maxPause = parts.index().announcesSettles() ? 1_000 : 50;
        while (true) {
            FrozenValue cached = parts.results().hot(address);
            if (cached != null) {
                return cached.handOut();
            }
            CompletableFuture<Void> settled = parts.waiters().expect(address);
            signal.set(settled);
            ExecutionIndex.State state = parts.index().state(address).orElseThrow(() -> new UnknownAddressException(
                    address.toString(), location + " (no call with this address was ever made or swarmed here)"));
            if (state.result() != null) {
                Optional<StoredValue> stored = parts.results().stored(address, state.result());
                if (stored.isPresent()) {
                    return stored.get().value();
                }
                continue; // the result was damaged and forgotten: look at the execution again
            }
            ExecutionStatus status = state.status();
            if (status == ExecutionStatus.FAILED) {
                throw lastFailure(address);
            }
            if (status == ExecutionStatus.PENDING && !anyWorkerAlive()) {
                if (parts.options().runInCaller() && routing.callsInCaller()) {
                    ExecutionIndex.Entry entry = parts.index().entry(address).orElseThrow();
                    Pure function = (Pure) parts.functions().decoded(entry.function());
                    return portal.call(function, parts.inline().kwargs(address, function, entry.kwargs()));
                }
                if (System.nanoTime() > deadline) {
                    throw new NoWorkerAliveException("no worker is alive for " + address + " in " + location
                            + ": start one (samos worker --portal " + location + ") or allow running in the caller");
                }
            }
            if (System.nanoTime() > deadline) {
                throw new ExecutionTimeoutException(address + " is still " + status + " after " + timeout);
            }
            parts.waiters().await(settled, Math.min(pause,
                    Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
            pause = Math.min(pause * 2, maxPause);
        }
    }

    /**
     * {@link #get} for many: results in memory are taken from there, the rest of each batch of
     * {@value #GET_ALL_BATCH} is read from the index in one look-up; then, while some are not done, the first of them
     * is waited for and the rest looked up again together (by then many more are usually done), so collecting a
     * swarm costs a look-up per wake-up, not one per execution.
     */
    List<Object> getAll(List<ExecutionAddress> addresses, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object[] results = new Object[addresses.size()];
        for (int from = 0; from < addresses.size(); from += GET_ALL_BATCH) {
            List<Integer> pending = new ArrayList<>();
            for (int i = from; i < Math.min(addresses.size(), from + GET_ALL_BATCH); i++) {
                FrozenValue cached = parts.results().hot(addresses.get(i));
                if (cached != null) {
                    results[i] = cached.handOut();
                } else {
                    pending.add(i);
                }
            }
            while (!pending.isEmpty()) {
                Map<ExecutionAddress, ExecutionIndex.Result> done = parts.index().results(
                        pending.stream().map(addresses::get).toList());
                List<Integer> missing = new ArrayList<>();
                for (int i : pending) {
                    ExecutionAddress address = addresses.get(i);
                    Optional<StoredValue> stored = parts.results().stored(address, done.get(address));
                    if (stored.isPresent()) {
                        results[i] = stored.get().value();
                    } else {
                        missing.add(i);
                    }
                }
                if (missing.isEmpty()) {
                    break;
                }
                int first = missing.removeFirst();
                results[first] = get(addresses.get(first), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                pending = missing;
            }
        }
        return new ArrayList<>(java.util.Arrays.asList(results));
    }

    CompletableFuture<Object> future(ExecutionAddress address) {
        CompletableFuture<Object> future = new CompletableFuture<>();
        Thread.ofVirtual().name("samos-future").start(() -> {
            try {
                future.complete(get(address, Duration.ofDays(365)));
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        });
        return future;
    }

    /**
     * Whether a worker thread runs here or any JVM's workers sent a heartbeat lately. The answer is reused for a
     * moment: heartbeats come every few seconds, and a caller waiting on many executions asks this for each.
     */
    private boolean anyWorkerAlive() {
        if (workers.running() > 0) {
            return true;
        }
        long now = System.nanoTime();
        if (now - workersCheckedAt > WORKERS_CHECK_NANOS) {
            workersAlive = parts.index().liveWorkers(3 * parts.options().leaseMillis()) > 0;
            workersCheckedAt = now;
        }
        return workersAlive;
    }

    private RuntimeException lastFailure(ExecutionAddress address) {
        List<Attempt> attempts = parts.index().attempts(address);
        for (int i = attempts.size() - 1; i >= 0; i--) {
            Attempt attempt = attempts.get(i);
            if (attempt.outcome() == Attempt.Outcome.CANCELLED) {
                return new FunctionFailedException(address.toString(), "CANCELLED", attempt.exceptionMessage(), "",
                        null);
            }
            if (ArgumentException.class.getName().equals(attempt.exceptionClass())) {
                var badArguments = ArgumentException.fromMessage(attempt.exceptionMessage());
                if (badArguments.isPresent()) {
                    return badArguments.get(); // the caller's mistake, named, as a local call would say
                }
            }
            if (attempt.exceptionClass() != null) {
                return new FunctionFailedException(address.toString(), attempt.exceptionClass(),
                        attempt.exceptionMessage(), attempt.stackTrace(), null);
            }
        }
        return new FunctionFailedException(address.toString(), "unknown", "the execution FAILED without a record",
                "", null);
    }

    // ---- what worker threads do --------------------------------------------------------------------------------

    /** Claims up to {@code batch} runnable tasks for a worker thread of this JVM; it holds their leases. */
    List<Task> claimTasks(int batch) {
        return parts.leases().holding(parts.index().claimNext(parts.leases().owner(), parts.options().leaseMillis(),
                batch));
    }

    /**
     * Runs claimed tasks and settles their outcomes in one index operation, which also claims up to
     * {@code nextBatch} more: one round trip per batch, not two, which is what lets several workers share an index.
     *
     * @return the tasks claimed next (empty: the queue had nothing runnable, or none was asked for)
     */
    List<Task> runTasks(List<Task> tasks, int nextBatch) {
        try {
            List<Settlements.Settling> settlings = new ArrayList<>(tasks.size());
            for (Task task : tasks) {
                Ran ran = run(task);
                settlings.add(parts.settlements().forTask(task, ran));
            }
            List<Task> next;
            try {
                next = parts.leases().holding(parts.settle(settlings, exiting() ? 0 : nextBatch));
            } catch (RuntimeException batchRefused) {
                next = List.of();
                parts.settleOneByOne(settlings);
            }
            parts.settled(settlings);
            return next;
        } finally {
            parts.leases().releaseAll(tasks);
        }
    }

    /**
     * A worker JVM whose attempt thread had to be abandoned, or whose heap ran out, exits once its tasks are settled
     * (it claims no more: see runTasks), and its supervisor starts a fresh one.
     */
    void exitIfUnhealthy() {
        if (exiting()) {
            WorkerExit.now(parts.runner().unhealthy());
        }
    }

    private boolean exiting() {
        return parts.options().exitWhenUnhealthy() && parts.runner().unhealthy() != null;
    }

    Ran run(Task task) {
        long start = parts.clock().millis();
        if (task.tries() > parts.options().maxTries()) {
            return Ran.lost(task.address(), task.tries(), start);
        }
        try {
            Pure function = (Pure) parts.functions().decoded(task.function());
            Kwargs all = parts.inline().kwargs(task.address(), function, task.kwargs());
            if (function.preValidators().isEmpty()) {
                return parts.runner().run(task.address(), function, all, null, task.depth());
            }
            ValidationStep.Verdict verdict = parts.validators().before(function, all);
            RunFirst ran = null;
            while (verdict.runFirst() != null) {
                if (verdict.runFirst().equals(ran)) {
                    // Asked again for what it just got: a validator that is never satisfied; hand the task back.
                    return Ran.declined(start, verdict.outcomes());
                }
                // This worker runs the prerequisite itself, now, and validates again: handing the task back until
                // a worker took the prerequisite cost a retry pause per level (a swarmed factorial(20): 19 s).
                ran = verdict.runFirst();
                portal.call(ran.function(), ran.callKwargs());
                verdict = parts.validators().before(function, all);
            }
            if (verdict.declined() != null) {
                return Ran.declined(start, verdict.outcomes());
            }
            return parts.runner().run(task.address(), function, all, null, task.depth())
                    .validated(verdict.outcomes());
        } catch (RuntimeException unloadable) {
            return Ran.failed(unloadable, start, parts.clock().millis(), OutputCapture.Buffers.empty());
        }
    }

    int workerThreads() {
        return workers.running();
    }

    void startWorkers() {
        workers.start();
    }

    void wakeWorkers() {
        workers.wake();
    }

    void stopWorkers() {
        workers.stop();
    }
}
