package dev.samos.portal;

import dev.samos.execution.ExecutionAddress;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.index.ExecutionIndex.Claim;
import dev.samos.store.StoredValue;
import dev.samos.validator.ValidationFailedException;
import dev.samos.value.FrozenValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * A synchronous call, answered in order from: the in-memory cache of hot results; the store; a computation of the
 * same call already running in this JVM (joined) or elsewhere (waited for, by its lease); else it is computed here,
 * under a lease that is renewed while it runs, and stored.
 */
final class CallPath {

    private final PortalParts parts;
    private final Portal portal;
    /** Calls computing in this JVM now: an identical call joins the one running instead of computing again. */
    private final Map<ExecutionAddress, CompletableFuture<StoredValue>> inFlight = new ConcurrentHashMap<>();

    private final boolean callsInCaller;
    private final SwarmQueue swarm;

    CallPath(PortalParts parts, Portal portal, boolean callsInCaller, SwarmQueue swarm) {
        this.parts = parts;
        this.portal = portal;
        this.callsInCaller = callsInCaller;
        this.swarm = swarm;
    }

    Object call(Pure function, Kwargs kwargs) {
        Kwargs all = function.fixedKwargs().merge(kwargs);
        ExecutionAddress address = InlineValues.addressOf(function, all);
        parts.tally().calls.increment();
        FrozenValue cached = parts.results().hot(address);
        if (cached != null) {
            parts.tally().hotHits.increment();
            return cached.handOut();
        }
        CallChain chain = CallChain.current();
        if (chain != null && chain.contains(address)) {
            throw new IllegalStateException("call " + address + " (" + function.name() + " " + all
                    + ") calls itself with the same arguments: it would never finish");
        }
        Optional<StoredValue> stored = parts.results().stored(address);
        if (stored.isPresent()) {
            parts.tally().storeHits.increment();
            return stored.get().value();
        }
        if (chain != null) {
            chain.admit(1, "the call " + function.name() + " " + all);
        }
        CompletableFuture<StoredValue> mine = new CompletableFuture<>();
        CompletableFuture<StoredValue> running = inFlight.putIfAbsent(address, mine);
        if (running != null) {
            return join(running);
        }
        try {
            Object result = computeOnce(address, function.unfixed(), all, chain);
            mine.complete(new StoredValue(result));
            return result;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(address, mine);
        }
    }

    private static Object join(CompletableFuture<StoredValue> running) {
        try {
            return running.get().value();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    /** Computes under a lease, or waits for whoever holds it; or, where calls do not run in the caller, swarms. */
    private Object computeOnce(ExecutionAddress address, Pure function, Kwargs all, CallChain chain) {
        if (!callsInCaller) {
            swarm.swarmAll(function, List.of(all.without(function.fixedKwargs())), true);
            return portal.get(address, Duration.ofDays(365));
        }
        List<String> validation = new ArrayList<>();
        while (!function.preValidators().isEmpty()) {
            ValidationStep.Verdict verdict = parts.validators().before(function, all);
            validation = verdict.outcomes();
            if (verdict.runFirst() != null) {
                call(verdict.runFirst().function(), verdict.runFirst().callKwargs()); // then validate again
            } else if (verdict.declined() != null) {
                return elsewhere(address, function, all, verdict.declined());
            } else {
                break;
            }
        }
        // The caller's depth is recorded: should this JVM die mid-call, the worker that takes the execution over
        // runs it as deep as it was called. Here it runs inside the caller's own chain.
        var request = new dev.samos.index.ExecutionIndex.Request(address, parts.functions().store(function),
                parts.inline().arguments(all), chain == null ? 0 : chain.depth());
        long pause = 2;
        while (true) {
            switch (parts.index().claim(request, parts.leases().owner(), parts.options().leaseMillis())) {
                case Claim.Done done -> {
                    Optional<StoredValue> value = parts.results().stored(address, done.result());
                    if (value.isPresent()) {
                        return value.get().value();
                    }
                    // The stored result was damaged and is forgotten now: claim again and recompute.
                }
                case Claim.Held held -> {
                    sleep(pause);
                    pause = Math.min(pause * 2, 50);
                }
                case Claim.Claimed claimed -> {
                    return runClaimed(address, function, all, chain, claimed, validation);
                }
            }
        }
    }

    private Object runClaimed(ExecutionAddress address, Pure function, Kwargs all, CallChain chain,
            Claim.Claimed claimed, List<String> validation) {
        parts.leases().hold(address);
        Settlements.Settling settling;
        try {
            Ran ran = parts.runner().run(address, function, all, chain).validated(validation);
            settling = parts.settlements().forCall(address, claimed.lease(), ran);
            parts.settle(List.of(settling), 0);
        } finally {
            parts.leases().release(address);
        }
        parts.settled(List.of(settling));
        if (settling.ran().succeeded()) {
            FrozenValue kept = parts.results().hot(address);
            return kept != null ? kept.handOut() : FrozenValue.copyOf(settling.ran().result());
        }
        throw settling.ran().forCaller(address);
    }

    /**
     * A call whose pre-validator declines here: another JVM's workers may satisfy it, so it is swarmed and awaited
     * while any is alive; with none, the caller learns which validator said no.
     */
    private Object elsewhere(ExecutionAddress address, Pure function, Kwargs all, String reason) {
        long window = 3 * parts.options().leaseMillis();
        long alive = parts.index().liveWorkers(window);
        if (alive <= (parts.leases().workerThreads() > 0 ? 1 : 0)) {
            throw new ValidationFailedException("cannot run " + address + " here: " + reason
                    + "; and no worker of another JVM is alive to take it");
        }
        portal.swarm(function, all.without(function.fixedKwargs()));
        return portal.get(address, Duration.ofDays(365));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }
}
