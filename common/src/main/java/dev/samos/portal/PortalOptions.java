package dev.samos.portal;

/**
 * How a local portal runs swarmed work. Defaults come from system properties, so worker processes and tests can set
 * them without code: {@code samos.workers}, {@code samos.leaseMillis}, {@code samos.maxTries},
 * {@code samos.retryMillis}, {@code samos.hotResultBytes}, {@code samos.runInCaller}.
 *
 * @param workers worker threads this JVM runs for swarmed calls (default: the number of cores); 0 runs none
 * @param leaseMillis how long a claimed execution stays claimed without renewal (default 10 s): a worker that dies
 *        mid-task holds it this long at most; live workers renew every third of it
 * @param maxTries attempts of a swarmed execution before it is FAILED (default 3)
 * @param retryMillis backoff before the second try; it doubles for each further try (default 1 s)
 * @param hotResultBytes memory for results kept in memory, weighed by their estimated heap size (default: an
 *        eighth of the maximum heap); a result over a sixteenth of it is never kept in memory, only in the store
 * @param runInCaller whether {@code get} runs a pending call in the caller when no worker is alive anywhere
 *        (default true); if false, {@code get} fails at its timeout saying so
 * @param timeLimitMillis how long one attempt may run (0, the default: no limit). An attempt past it is interrupted
 *        and fails with {@link TimeLimitException}; its thread is abandoned if it ignores the interrupt (a thread
 *        cannot be stopped safely in Java: an endless loop keeps one core busy until the JVM ends), so every attempt
 *        then runs on a pooled thread of its own. Property {@code samos.timeLimitMillis}.
 * @param maxTimeLimitMillis the most a function may declare as its own time limit
 *        ({@code Validators.timeLimit}); it caps the default too (0, the default: no cap). Property
 *        {@code samos.maxTimeLimitMillis}
 * @param callLimits how deep calls through the portal may nest inside one execution, and how many it may make
 *        (default 20,000 deep and 1,000,000 calls; properties {@code samos.maxCallDepth}, {@code samos.maxNestedCalls}):
 *        past them the call fails with {@link NestedCallLimitException}, never retried
 * @param exitWhenUnhealthy whether this JVM exits once an attempt's thread had to be abandoned (it ignored the
 *        interrupt of a time limit or a cancel) or the heap ran out — a worker JVM, replaced by its supervisor (default
 *        false; property {@code samos.exitWhenUnhealthy})
 */
public record PortalOptions(int workers, long leaseMillis, int maxTries, long retryMillis, long hotResultBytes,
        boolean runInCaller, long timeLimitMillis, long maxTimeLimitMillis, CallLimits callLimits,
        boolean exitWhenUnhealthy) {

    public PortalOptions {
        if (workers < 0 || leaseMillis < 100 || maxTries < 1 || retryMillis < 0 || hotResultBytes < 0
                || timeLimitMillis < 0 || maxTimeLimitMillis < 0 || callLimits == null) {
            throw new IllegalArgumentException("invalid portal options: " + workers + " workers, lease "
                    + leaseMillis + " ms (≥ 100), " + maxTries + " tries (≥ 1), retry " + retryMillis + " ms");
        }
    }

    public static PortalOptions defaults() {
        return new PortalOptions(
                Integer.getInteger("samos.workers", Runtime.getRuntime().availableProcessors()),
                Long.getLong("samos.leaseMillis", 10_000),
                Integer.getInteger("samos.maxTries", 3),
                Long.getLong("samos.retryMillis", 1_000),
                Long.getLong("samos.hotResultBytes", Runtime.getRuntime().maxMemory() / 8),
                Boolean.parseBoolean(System.getProperty("samos.runInCaller", "true")),
                Long.getLong("samos.timeLimitMillis", 0),
                Long.getLong("samos.maxTimeLimitMillis", 0),
                new CallLimits(Integer.getInteger("samos.maxCallDepth", 20_000),
                        Long.getLong("samos.maxNestedCalls", 1_000_000)),
                Boolean.getBoolean("samos.exitWhenUnhealthy"));
    }

    public PortalOptions withWorkers(int n) {
        return new PortalOptions(n, leaseMillis, maxTries, retryMillis, hotResultBytes, runInCaller, timeLimitMillis,
                maxTimeLimitMillis, callLimits, exitWhenUnhealthy);
    }

    public PortalOptions withLeaseMillis(long millis) {
        return new PortalOptions(workers, millis, maxTries, retryMillis, hotResultBytes, runInCaller, timeLimitMillis,
                maxTimeLimitMillis, callLimits, exitWhenUnhealthy);
    }

    public PortalOptions withRetries(int tries, long firstBackoffMillis) {
        return new PortalOptions(workers, leaseMillis, tries, firstBackoffMillis, hotResultBytes, runInCaller,
                timeLimitMillis, maxTimeLimitMillis, callLimits, exitWhenUnhealthy);
    }

    public PortalOptions withRunInCaller(boolean run) {
        return new PortalOptions(workers, leaseMillis, maxTries, retryMillis, hotResultBytes, run, timeLimitMillis,
                maxTimeLimitMillis, callLimits, exitWhenUnhealthy);
    }

    /** Memory for hot results, in estimated heap bytes; a result over a sixteenth of it stays in the store only. */
    public PortalOptions withHotResultBytes(long bytes) {
        return new PortalOptions(workers, leaseMillis, maxTries, retryMillis, bytes, runInCaller, timeLimitMillis,
                maxTimeLimitMillis, callLimits, exitWhenUnhealthy);
    }

    public PortalOptions withTimeLimitMillis(long millis) {
        return new PortalOptions(workers, leaseMillis, maxTries, retryMillis, hotResultBytes, runInCaller, millis,
                maxTimeLimitMillis, callLimits, exitWhenUnhealthy);
    }

    public PortalOptions withMaxTimeLimitMillis(long millis) {
        return new PortalOptions(workers, leaseMillis, maxTries, retryMillis, hotResultBytes, runInCaller, timeLimitMillis,
                millis, callLimits, exitWhenUnhealthy);
    }

    /** The time limit of one attempt of {@code declared} ms (0: the function declares none), within the maximum. */
    public long timeLimitFor(long declared) {
        long limit = declared > 0 ? declared : timeLimitMillis;
        return maxTimeLimitMillis > 0 && (limit == 0 || limit > maxTimeLimitMillis) ? maxTimeLimitMillis : limit;
    }

    public PortalOptions withCallLimits(CallLimits limits) {
        return new PortalOptions(workers, leaseMillis, maxTries, retryMillis, hotResultBytes, runInCaller, timeLimitMillis,
                maxTimeLimitMillis, limits, exitWhenUnhealthy);
    }

    /** A worker JVM's options: it exits when unhealthy, and its supervisor starts another. */
    public PortalOptions exitingWhenUnhealthy() {
        return new PortalOptions(workers, leaseMillis, maxTries, retryMillis, hotResultBytes, runInCaller, timeLimitMillis,
                maxTimeLimitMillis, callLimits, true);
    }
}
