package dev.samos.swarm;

import dev.samos.portal.LocalPortal;
import dev.samos.portal.PortalOptions;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A worker process: runs swarmed calls from a portal folder until it is stopped (SIGTERM/SIGINT) or, with
 * {@code --exit-with PID}, until that process ends — so workers started by a program never outlive it.
 *
 * <pre>
 * samos worker --portal DIR [--threads N] [--exit-with PID] [--wake-on-stdin]
 * </pre>
 *
 * With {@code --wake-on-stdin} (the supervisor of {@link WorkerProcesses} passes it) each line read from stdin wakes
 * the idle worker threads at once (a request was just made), and the end of stdin (the parent is gone) ends it.
 */
public final class Worker {

    private Worker() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path portal = null;
        int threads = Runtime.getRuntime().availableProcessors();
        long exitWith = -1;
        boolean wakeOnStdin = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--portal" -> portal = Path.of(value(args, ++i, "--portal"));
                case "--threads" -> threads = Integer.parseInt(value(args, ++i, "--threads"));
                case "--exit-with" -> exitWith = Long.parseLong(value(args, ++i, "--exit-with"));
                case "--wake-on-stdin" -> wakeOnStdin = true;
                case "worker" -> { } // `samos worker …`: the subcommand name may be passed through
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (portal == null) {
            usage("--portal DIR is required");
        }
        LocalPortal local = LocalPortal.open(portal, PortalOptions.defaults().withWorkers(threads));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            local.close();
            stopped.countDown();
        }, "samos-worker-shutdown"));
        local.startWorkers();
        System.out.println("samos worker " + local.workerId() + " on " + local.folder() + " with " + threads
                + " threads");
        if (wakeOnStdin) {
            // Its supervisor reads stdout: each execution settled here is news for the callers waiting there, and
            // each attempt's time goes to its metrics.
            // Buffered, and flushed within a millisecond of a line: a swarm settles thousands of executions a second,
            // and a write per line cost a worker JVM about a fifth of its throughput.
            java.io.PrintStream news = new java.io.PrintStream(new java.io.BufferedOutputStream(
                    new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16), false,
                    java.nio.charset.StandardCharsets.UTF_8);
            Thread flusher = Thread.ofPlatform().daemon().name("samos-worker-news").start(() -> flushNews(news));
            local.onSettled(address -> {
                synchronized (news) {
                    news.println(WorkerProcesses.SETTLED + address);
                }
                java.util.concurrent.locks.LockSupport.unpark(flusher);
            });
            local.onAttempt(attempt -> {
                synchronized (news) {
                    news.println(WorkerProcesses.ATTEMPT + Math.max(0, attempt.endMillis() - attempt.startMillis()));
                }
                java.util.concurrent.locks.LockSupport.unpark(flusher);
            });
            Thread.ofPlatform().daemon().name("samos-worker-wake").start(() -> wakeOnStdin(local));
        }
        if (exitWith > 0) {
            ProcessHandle.of(exitWith).ifPresentOrElse(
                    parent -> parent.onExit().thenRun(() -> System.exit(0)),
                    () -> System.exit(0));
        }
        stopped.await();
    }

    /**
     * Flushes {@code news} a millisecond after a line was written (the writer unparks this thread), gathering the
     * lines of that millisecond into one write; an idle worker's flusher sleeps.
     */
    private static void flushNews(java.io.PrintStream news) {
        while (true) {
            java.util.concurrent.locks.LockSupport.park();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (news) {
                news.flush();
            }
        }
    }

    /** Each line on stdin wakes the worker threads; the end of stdin ends this worker. */
    private static void wakeOnStdin(LocalPortal local) {
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                java.nio.charset.StandardCharsets.UTF_8))) {
            while (lines.readLine() != null) {
                local.wakeWorkers();
            }
        } catch (java.io.IOException e) {
            // Treated as the end of stdin.
        }
        System.exit(0); // the parent closed our stdin: it is gone or stopping us
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            usage(option + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: samos worker --portal DIR [--threads N] [--exit-with PID] [--wake-on-stdin]");
        System.exit(2);
    }
}
