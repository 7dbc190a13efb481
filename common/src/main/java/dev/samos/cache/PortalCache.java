package dev.samos.cache;

import dev.samos.execution.ExecutionAddress;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.portal.Portal;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The persistent, cluster-ready form of {@link RecursiveCache}: each argument is a call of a pure function on a
 * portal, so results are stored in the portal (found again after a restart, by other JVMs on the same folder, by a
 * cluster) and computed once across all of them — the portal's own memoization, leases and joining of running
 * calls give the "never twice" here, not a map in this object, so two {@code PortalCache}s over one portal share
 * everything.
 *
 * <p>How it relates to swarming: {@link #applyAsync} is {@code portal.swarm(function, kwargs)} followed by
 * {@code portal.future(address)}, and {@link #batchAsync} one {@code swarmAll} for the whole batch — the branches
 * run on the portal's workers (threads of this JVM, worker processes on the folder, or a cluster's executors), not
 * on threads of this object. {@link #apply} is {@code portal.call}: computed in the caller unless stored or already
 * running somewhere. Inside a pure function, its recursive calls go through {@code Pure.call}, memoized and stored
 * the same way; a pure function cannot branch asynchronously itself, because swarm addresses and portals are not
 * part of the function API an autonomous function may use — branch from the caller instead.
 */
public final class PortalCache implements AsyncCache<Kwargs, Object> {

    private final Portal portal;
    private final Pure function;

    private PortalCache(Portal portal, Pure function) {
        this.portal = Objects.requireNonNull(portal, "portal");
        this.function = Objects.requireNonNull(function, "function");
    }

    /** Calls of {@code function} on {@code portal}. */
    public static PortalCache of(Portal portal, Pure function) {
        return new PortalCache(portal, function);
    }

    @Override
    public Object apply(Kwargs kwargs) {
        return portal.call(function, kwargs);
    }

    /** {@link #apply} with alternating names and values, the result cast: {@code cache.apply(BigInteger.class, "n", 5)}. */
    public <T> T apply(Class<T> resultType, Object... namesAndValues) {
        return resultType.cast(apply(Kwargs.of(namesAndValues)));
    }

    @Override
    public CompletableFuture<Object> applyAsync(Kwargs kwargs) {
        ExecutionAddress address = portal.swarm(function, kwargs);
        return portal.future(address);
    }

    @Override
    public CompletableFuture<List<Object>> batchAsync(List<? extends Kwargs> calls) {
        List<CompletableFuture<Object>> futures = portal.swarmAll(function, List.copyOf(calls)).stream()
                .map(portal::future).toList();
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> futures.stream().map(CompletableFuture::join).toList());
    }

    /** Where the result for {@code kwargs} is (or will be) stored. */
    public ExecutionAddress address(Kwargs kwargs) {
        return portal.executionAddress(function, kwargs);
    }

    public Pure function() {
        return function;
    }
}
