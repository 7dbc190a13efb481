package dev.samos.bench;

import dev.samos.bench.functions.Square;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.portal.LocalPortal;
import dev.samos.portal.PortalOptions;
import dev.samos.swarm.WorkerProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Whole-portal throughput, measured once per run (not JMH: each figure is one pass over N distinct calls on a real
 * folder): first calls, cached calls served from the folder by a fresh JVM, and swarms with worker threads and with
 * worker processes. Prints markdown rows.
 *
 * <p>Usage: {@code java -cp samos-bench.jar dev.samos.bench.PortalThroughput N} (or the mode {@code cached DIR N}
 * for the fresh-JVM pass, which the main pass starts as a child process).
 */
public final class PortalThroughput {

    private PortalThroughput() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("cached")) {
            System.out.println(cachedPass(Path.of(args[1]), Integer.parseInt(args[2])));
            return;
        }
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        for (String row : run(n)) {
            System.out.println(row);
        }
    }

    static List<String> run(int n) throws Exception {
        List<String> rows = new ArrayList<>();
        Path root = Files.createTempDirectory("samos-portal-bench");
        try {
            Path first = root.resolve("first");
            try (LocalPortal portal = LocalPortal.open(first, PortalOptions.defaults().withWorkers(0))) {
                Pure square = portal.pure(Square.class);
                long start = System.nanoTime();
                for (int x = 0; x < n; x++) {
                    square.call("x", x);
                }
                rows.add(row("first calls, results persisted", n, n / seconds(start), "calls/s", ""));
                start = System.nanoTime();
                for (int x = 0; x < n; x++) {
                    square.call("x", x);
                }
                rows.add(row("cached calls, same JVM, results in memory (one pass; see HotCallBench for JMH)", n,
                        micros(start) / n, "µs/call", "≤ 2 µs"));
            }
            rows.add(fresh(first, n));
            rows.add(swarm(root.resolve("threads"), n, false));
            rows.add(swarm(root.resolve("processes"), n, true));
        } finally {
            deleteTree(root);
        }
        return rows;
    }

    private static String fresh(Path folder, int n) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PortalThroughput.class.getName(), "cached",
                folder.toString(), Integer.toString(n)).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes()).strip();
        child.waitFor();
        return output.lines().filter(l -> l.startsWith("|")).findFirst().orElse("| cached calls, fresh JVM | failed: "
                + output.replace('\n', ' ') + " | | | |");
    }

    private static String cachedPass(Path folder, int n) {
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(0))) {
            Pure square = portal.pure(Square.class);
            long start = System.nanoTime();
            for (int x = 0; x < n; x++) {
                square.call("x", x);
            }
            return row("cached calls served from the folder, fresh JVM", n, micros(start) / n, "µs/call", "");
        }
    }

    /** Tasks swarmed and awaited before the measured swarm, so the workers' code is compiled (as JMH would warm). */
    private static final int WARM_UP = 60_000;

    private static String swarm(Path folder, int n, boolean processes) throws InterruptedException {
        int threads = Runtime.getRuntime().availableProcessors();
        // With worker processes the caller only waits: it must not run the calls itself while they start.
        PortalOptions options = PortalOptions.defaults().withWorkers(processes ? 0 : threads)
                .withRunInCaller(!processes);
        try (LocalPortal portal = LocalPortal.open(folder, options)) {
            Pure square = portal.pure(Square.class);
            try (WorkerProcesses workers = processes ? WorkerProcesses.start(folder, 2, 1) : null) {
                while (processes && portal.describe().workersAlive() < 2) {
                    Thread.sleep(10);
                }
                swarmAndWait(portal, square, -WARM_UP, WARM_UP); // distinct from the measured calls
                long start = System.nanoTime();
                swarmAndWait(portal, square, 0, n);
                String who = processes ? "2 worker processes × 1 thread" : threads + " worker threads in the JVM";
                return row("swarm of tiny distinct calls (swarmAll) until all done, " + who
                        + ", after a " + String.format("%,d", WARM_UP) + "-task warm-up", n, n / seconds(start),
                        "tasks/s", "≥ 20,000");
            }
        }
    }

    private static void swarmAndWait(LocalPortal portal, Pure square, int from, int n) {
        List<Kwargs> calls = new ArrayList<>(n);
        for (int x = from; x < from + n; x++) {
            calls.add(Kwargs.of("x", x));
        }
        portal.getAll(portal.swarmAll(square, calls), Duration.ofMinutes(30));
    }

    private static String row(String what, int n, double figure, String unit, String goal) {
        return String.format("| %s | %,d | %,.1f | %s | %s |", what, n, figure, unit, goal);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static double micros(long start) {
        return (System.nanoTime() - start) / 1e3;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
