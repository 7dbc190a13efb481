package dev.samos.bench;

import dev.samos.bench.functions.Square;
import dev.samos.function.Pure;
import dev.samos.portal.LocalPortal;
import dev.samos.portal.PortalOptions;
import dev.samos.portal.TaskRouting;
import dev.samos.swarm.WorkerProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

/**
 * What containment costs a call: synchronous first calls (never cached) of a trivial function, run in the caller's
 * thread (the in-process mode) and hopped to warm worker JVMs through the folder's queue (the standalone gateway's
 * default), one after another, timed one by one; then cached calls, which never leave the caller in either mode.
 * Prints markdown rows: p50, p99 and mean.
 *
 * <p>Usage: {@code java -cp samos-bench.jar dev.samos.bench.ContainedCallBench [N]} (default 3,000 timed calls after
 * 2,000 warm-up calls).
 */
public final class ContainedCallBench {

    private static final int WARMUP = 2_000;

    private ContainedCallBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
        System.out.println("| mode | calls | p50 (ms) | p99 (ms) | mean (ms) |");
        System.out.println("|---|---:|---:|---:|---:|");
        Path inProcess = Files.createTempDirectory("samos-contained-bench");
        try (LocalPortal portal = LocalPortal.open(inProcess, PortalOptions.defaults().withWorkers(0))) {
            report("first calls, in-process", portal.pure(Square.class), n);
            report("cached calls, in-process", portal.pure(Square.class), n); // the same calls again
        }
        Path contained = Files.createTempDirectory("samos-contained-bench");
        try (WorkerProcesses workers = WorkerProcesses.start(contained, new WorkerProcesses.Settings(2, 1, "256m",
                Map.of("samos.exitWhenUnhealthy", "true")));
             LocalPortal portal = LocalPortal.open(contained, PortalOptions.defaults().withWorkers(0), Clock.systemUTC(),
                     TaskRouting.allPublished(requested -> workers.wake()))) {
            workers.onSettled(portal::settledElsewhere);
            report("first calls, worker JVMs (2 × 1 thread)", portal.pure(Square.class), n);
            report("cached calls, worker JVMs", portal.pure(Square.class), n);
        }
    }

    /** Times {@code n} calls with x from {@value #WARMUP} on, after {@value #WARMUP} calls below it to warm up. */
    private static void report(String mode, Pure square, int n) {
        for (int x = 0; x < WARMUP; x++) {
            square.call("x", x);
        }
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            square.call("x", WARMUP + i);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        double mean = Arrays.stream(nanos).average().orElse(0);
        System.out.printf("| %s | %d | %.3f | %.3f | %.3f |%n", mode, n, nanos[n / 2] / 1e6,
                nanos[(int) (n * 0.99)] / 1e6, mean / 1e6);
    }
}
