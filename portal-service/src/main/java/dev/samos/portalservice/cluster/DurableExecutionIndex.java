package dev.samos.portalservice.cluster;

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

    private final RedisExecutionIndex redis;
    private final OutcomeLog outcomes;
    private final FunctionLog functions;
    private final MeterRegistry meters;

    public DurableExecutionIndex(RedisExecutionIndex redis, OutcomeLog outcomes, FunctionLog functions,
            MeterRegistry meters) {
        this.redis = redis;
        this.outcomes = outcomes;
        this.functions = functions;
        this.meters = meters;
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
        return timed("claim", () -> redis.claim(request, owner, leaseMillis));
    }

    @Override
    public List<Task> claimNext(String owner, long leaseMillis, int limit) {
        return timed("claimNext", () -> redis.claimNext(owner, leaseMillis, limit));
    }

    @Override
    public List<Task> claimStale(String owner, long leaseMillis, int limit, long staleAfterMillis) {
        return timed("claimStale", () -> redis.claimStale(owner, leaseMillis, limit, staleAfterMillis));
    }

    /** Nothing becomes DONE here, so nothing for the outcome log: Redis alone. */
    @Override
    public List<TaskClaim> claimTasks(List<ExecutionAddress> addresses, String owner, long leaseMillis) {
        return timed("claimTasks", () -> redis.claimTasks(addresses, owner, leaseMillis));
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
            return redis.settle(settlements, owner, leaseMillis, claimNext);
        });
    }

    /** The DONE outcomes of a settle, with what they were requested with, in S3 before Redis hears of them. */
    private void appendToLog(List<Settlement.Done> done) {
        List<ExecutionAddress> addresses = new ArrayList<>(done.size());
        for (Settlement.Done d : done) {
            addresses.add(d.address());
        }
        Map<ExecutionAddress, Request> requested = redis.requests(addresses);
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
