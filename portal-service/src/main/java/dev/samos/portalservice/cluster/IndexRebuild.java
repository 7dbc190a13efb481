package dev.samos.portalservice.cluster;

import dev.samos.portalservice.index.RedisExecutionIndex;
import dev.samos.portalservice.store.FunctionLog;
import dev.samos.portalservice.store.OutcomeLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the Redis index from S3 when Redis does not hold it: at the first start on a new Redis, and whenever the
 * index's mark is gone (a FLUSHALL, a Redis replaced without its data). Every outcome in the log becomes DONE again
 * with its result and record, and every function is registered again; then the index is marked. Portal-service looks
 * for the mark every few seconds ({@link #checkNow}); calls made meanwhile may compute again what S3 already holds,
 * which costs time, never correctness.
 */
public final class IndexRebuild {

    private static final Logger LOG = LoggerFactory.getLogger(IndexRebuild.class);
    /** Outcomes restored per Redis script run. */
    private static final int BATCH = 500;

    /** What one rebuild did. */
    public record Rebuilt(long outcomes, long restored, long functions, List<String> skippedBatches, long millis) {
    }

    private final RedisExecutionIndex redis;
    private final OutcomeLog outcomes;
    private final FunctionLog functions;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong rebuilds = new AtomicLong();
    private final Runnable recount;

    /** {@code recount} sets the value store's counts from S3 again (they were in the Redis that was lost). */
    public IndexRebuild(RedisExecutionIndex redis, OutcomeLog outcomes, FunctionLog functions, MeterRegistry meters,
            Runnable recount) {
        this.redis = redis;
        this.outcomes = outcomes;
        this.functions = functions;
        this.recount = recount;
        meters.gauge("samos.portal.rebuild.outcomes", replayed, AtomicLong::get);
        meters.gauge("samos.portal.rebuild.running", running, r -> r.get() ? 1 : 0);
        meters.gauge("samos.portal.rebuilds", rebuilds, AtomicLong::get);
    }

    /** Whether a rebuild is running now. */
    public boolean running() {
        return running.get();
    }

    /** Rebuilds if Redis lacks the index's mark; null if it has it (or a rebuild is running already). */
    public Rebuilt checkNow() {
        return redis.marked() ? null : rebuild();
    }

    /** Restores every outcome and function from S3 into Redis, then marks it; null if one is running already. */
    public Rebuilt rebuild() {
        if (!running.compareAndSet(false, true)) {
            return null;
        }
        long start = System.currentTimeMillis();
        try {
            replayed.set(0);
            LOG.info("Rebuilding the execution index in Redis from S3");
            List<OutcomeLog.Outcome> batch = new ArrayList<>(BATCH);
            AtomicLong restored = new AtomicLong();
            OutcomeLog.Replayed read = outcomes.replay(outcome -> {
                batch.add(outcome);
                replayed.incrementAndGet();
                if (batch.size() == BATCH) {
                    restored.addAndGet(redis.restore(batch));
                    batch.clear();
                }
            });
            restored.addAndGet(redis.restore(batch));
            long registered = functions.replay(redis::registerFunction);
            recount.run();
            redis.mark();
            rebuilds.incrementAndGet();
            Rebuilt rebuilt = new Rebuilt(read.outcomes(), restored.get(), registered, read.skipped(),
                    System.currentTimeMillis() - start);
            LOG.info("Rebuilt the execution index: {} outcomes read ({} restored), {} functions, {} damaged batches"
                    + " skipped, in {} ms", rebuilt.outcomes(), rebuilt.restored(), rebuilt.functions(),
                    rebuilt.skippedBatches().size(), rebuilt.millis());
            return rebuilt;
        } finally {
            running.set(false);
        }
    }
}
