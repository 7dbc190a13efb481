package dev.samos.portalservice.cluster;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.samos.address.ValueAddress;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.index.ExecutionIndex;
import dev.samos.portalservice.index.RedisExecutionIndex;
import dev.samos.portalservice.store.FunctionLog;
import dev.samos.portalservice.store.OutcomeLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The cluster's execution index: Redis answers, S3 remembers. Every outcome the index is about to call DONE is first
 * appended to the {@link OutcomeLog} in S3 (one object per settle batch), and every registered function to the
 * {@link FunctionLog}; only then is Redis changed. So the window in which Redis knows a result that S3 does not is
 * zero, and a Redis that lost everything is rebuilt from S3 ({@link IndexRebuild}).
 *
 * <p>If S3 refuses the append, the settle fails whole (the caller's attempts stay leased and are retried after the
 * lease) and Redis is untouched: no half-written state. An outcome appended whose settle Redis then refuses (the
 * lease was lost) stays in the log: it is a correct result of a pure function, and a rebuild may use it.
 *
 * <p>Pending requests, leases and failed attempts live in Redis only (run Redis with persistence): after a total loss
 * of Redis, swarmed calls not yet done must be requested again; results are never lost.
 */
public final class DurableExecutionIndex implements ExecutionIndex {

    /** Memory for {@link #claimed}, in estimated bytes: some 60,000 executions with small kwargs. */
    static final long CLAIMED_BYTES = 16 << 20;

    private final RedisExecutionIndex redis;
    private final OutcomeLog outcomes;
    private final FunctionLog functions;
    private final MeterRegistry meters;
    /**
     * What the claims answered here said each execution runs (function and kwargs), until its settle: the outcome
     * log needs them for every DONE outcome, and reading them again from Redis was a script call per settle and a
     * hash read per outcome. While a lease is held its execution's request cannot change (only a FAILED one is
     * requested anew), so what the claim read is what Redis holds at the settle. A settle here of what another
     * replica claimed, or of one evicted from this bounded memory, reads Redis as before.
     */
    private final Cache<ExecutionAddress, Request> claimed = Caffeine.newBuilder()
            .executor(Runnable::run)
            .maximumWeight(CLAIMED_BYTES)
            .weigher((ExecutionAddress address, Request request) -> 256
                    + (request.kwargs().inline() == null ? 0 : request.kwargs().inline().length))
            .build();

    public DurableExecutionIndex(RedisExecutionIndex redis, OutcomeLog outcomes, FunctionLog functions,
            MeterRegistry meters) {
        this.redis = redis;
        this.outcomes = outcomes;
        this.functions = functions;
        this.meters = meters;
    }

    private List<Task> remember(List<Task> tasks) {
        tasks.forEach(this::remember);
        return tasks;
    }

    private void remember(Task task) {
        claimed.put(task.address(), new Request(task.address(), task.function(), task.kwargs(), task.depth()));
    }

    /** The Redis index under it (for the rebuild). */
    public RedisExecutionIndex redis() {
        return redis;
    }

    private <T> T timed(String operation, Supplier<T> work) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "ok";
        try {
            return work.get();
        } catch (RuntimeException e) {
            outcome = "error";
            throw e;
        } finally {
            sample.stop(meters.timer("samos.portal.index.operations", "operation", operation, "outcome", outcome));
        }
    }

    private void timed(String operation, Runnable work) {
        timed(operation, () -> {
            work.run();
            return null;
        });
    }

    @Override
    public List<Requested> request(List<Request> requests) {
        return timed("request", () -> redis.request(requests));
    }

    @Override
    public Claim claim(Request request, String owner, long leaseMillis) {
        return timed("claim", () -> {
            Claim claim = redis.claim(request, owner, leaseMillis);
            if (claim instanceof Claim.Claimed) {
                claimed.put(request.address(), request);
            }
            return claim;
        });
    }

    @Override
    public List<Task> claimNext(String owner, long leaseMillis, int limit) {
        return timed("claimNext", () -> remember(redis.claimNext(owner, leaseMillis, limit)));
    }

    @Override
    public List<Task> claimStale(String owner, long leaseMillis, int limit, long staleAfterMillis) {
        return timed("claimStale", () -> remember(redis.claimStale(owner, leaseMillis, limit, staleAfterMillis)));
    }

    /** Nothing becomes DONE here, so nothing for the outcome log: Redis alone. */
    @Override
    public List<TaskClaim> claimTasks(List<ExecutionAddress> addresses, String owner, long leaseMillis) {
        return timed("claimTasks", () -> {
            List<TaskClaim> claims = redis.claimTasks(addresses, owner, leaseMillis);
            for (TaskClaim claim : claims) {
                if (claim instanceof TaskClaim.Taken taken) {
                    remember(taken.task());
                }
            }
            return claims;
        });
    }

    @Override
    public Settled settle(List<Settlement> settlements, String owner, long leaseMillis, int claimNext) {
        return timed("settle", () -> {
            List<Settlement.Done> done = new ArrayList<>();
            for (Settlement settlement : settlements) {
                if (settlement instanceof Settlement.Done d && d.lease().owner().equals(owner)) {
                    done.add(d);
                }
            }
            if (!done.isEmpty()) {
                appendToLog(done);
            }
            Settled settled = redis.settle(settlements, owner, leaseMillis, claimNext);
            // Settled or refused, the lease is over; a task claimed again is remembered again, below.
            for (Settlement settlement : settlements) {
                claimed.invalidate(settlement.address());
            }
            remember(settled.claimed());
            return settled;
        });
    }

    /** The DONE outcomes of a settle, with what they were requested with, in S3 before Redis hears of them. */
    private void appendToLog(List<Settlement.Done> done) {
        Map<ExecutionAddress, Request> requested = new HashMap<>();
        List<ExecutionAddress> unknown = new ArrayList<>();
        for (Settlement.Done d : done) {
            Request request = claimed.getIfPresent(d.address());
            if (request != null) {
                requested.put(d.address(), request);
            } else {
                unknown.add(d.address());
            }
        }
        if (!unknown.isEmpty()) {
            requested.putAll(redis.requests(unknown));
            meters.counter("samos.portal.outcomes.requests.read").increment(unknown.size());
        }
        List<OutcomeLog.Outcome> batch = new ArrayList<>(done.size());
        for (Settlement.Done d : done) {
            Request request = requested.get(d.address());
            if (request != null) { // unknown here: Redis refuses its settle anyway
                batch.add(new OutcomeLog.Outcome(d.address(), request.function(), request.kwargs(), d.result(),
                        d.attempt().numbered(d.lease().attempt())));
            }
        }
        if (!batch.isEmpty()) {
            Timer.Sample sample = Timer.start(meters);
            outcomes.append(batch);
            sample.stop(meters.timer("samos.portal.outcomes.append"));
            meters.counter("samos.portal.outcomes.appended").increment(batch.size());
        }
    }

    @Override
    public Set<ExecutionAddress> renew(String owner, Collection<ExecutionAddress> addresses, long leaseMillis) {
        return timed("renew", () -> redis.renew(owner, addresses, leaseMillis));
    }

    @Override
    public boolean cancel(ExecutionAddress address, Attempt record) {
        return timed("cancel", () -> redis.cancel(address, record));
    }

    @Override
    public void forgetResult(ExecutionAddress address) {
        timed("forgetResult", () -> redis.forgetResult(address));
    }

    @Override
    public Optional<State> state(ExecutionAddress address) {
        return timed("state", () -> redis.state(address));
    }

    @Override
    public Map<ExecutionAddress, Result> results(List<ExecutionAddress> addresses) {
        return timed("results", () -> redis.results(addresses));
    }

    @Override
    public Optional<Entry> entry(ExecutionAddress address) {
        return timed("entry", () -> redis.entry(address));
    }

    @Override
    public List<Attempt> attempts(ExecutionAddress address) {
        return timed("attempts", () -> redis.attempts(address));
    }

    @Override
    public void registerFunction(ValueAddress bundle, String name) {
        timed("registerFunction", () -> {
            functions.record(bundle, name);
            redis.registerFunction(bundle, name);
        });
    }

    @Override
    public void useValidator(String description) {
        timed("useValidator", () -> redis.useValidator(description));
    }

    @Override
    public void heartbeat(String worker, String host, long pid, int threads) {
        timed("heartbeat", () -> redis.heartbeat(worker, host, pid, threads));
    }

    @Override
    public void removeWorker(String worker) {
        timed("removeWorker", () -> redis.removeWorker(worker));
    }

    @Override
    public Counts counts(long liveWindowMillis) {
        return timed("counts", () -> redis.counts(liveWindowMillis));
    }

    @Override
    public long liveWorkers(long windowMillis) {
        return timed("liveWorkers", () -> redis.liveWorkers(windowMillis));
    }

    @Override
    public Subscription onSettled(Consumer<ExecutionAddress> listener) {
        return redis.onSettled(listener);
    }

    @Override
    public void close() {
        redis.close();
    }
}
