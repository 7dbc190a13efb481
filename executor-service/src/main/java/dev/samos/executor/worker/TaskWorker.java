package dev.samos.executor.worker;

import dev.samos.function.Resources;
import dev.samos.portal.LocalStores;
import dev.samos.portal.PortalEngine;
import dev.samos.portal.PortalOptions;
import dev.samos.portal.TaskRouting;
import dev.samos.portal.service.ServiceOptions;
import dev.samos.portal.service.ServicePortal;
import dev.samos.validator.SystemResources;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A worker JVM of an executor: the portal engine over portal-service (or a local folder), running the task batches
 * and sweeps its executor sends on stdin, answering on stdout ({@link WorkerProtocol}). It holds the leases of what it
 * runs and heartbeats as a worker; the calls its functions swarm go back to the executor, which publishes them. Its
 * options (lease, tries, time limit, exit when unhealthy) come as {@code samos.*} system properties.
 *
 * <pre>
 * TaskWorker (--portal-service URI | --folder DIR) --threads N [--gpus N] [--max-ram-bytes B] [--max-cores C]
 *            [--exit-with PID]
 * </pre>
 *
 * It ends when its stdin ends (the executor is gone or stops it) or {@code --exit-with}'s process ends; a runaway it
 * cannot stop, or a heap run out, ends it with status 70, and its executor starts another. Stopped (stdin closed, or
 * SIGTERM: the executor's own stop sends it to its workers), it drains: the tasks running finish, within
 * {@code samos.shutdownGraceMillis}, and the unstarted ones of each batch are given back and answered as such, so
 * that its executor releases their records at once instead of waiting for whole batches.
 */
public final class TaskWorker {

    private final PortalEngine engine;
    private final PrintStream answers;
    /** Requests read and not answered yet. */
    private final java.util.concurrent.atomic.AtomicInteger active = new java.util.concurrent.atomic.AtomicInteger();
    private final ExecutorService requests = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("samos-task-worker-", 0).factory());

    private TaskWorker(PortalEngine engine, PrintStream answers) {
        this.engine = engine;
        this.answers = answers;
    }

    public static void main(String[] args) throws IOException {
        quietLogging();
        URI service = null;
        Path folder = null;
        int threads = 1;
        Integer gpus = null;
        Long maxRam = null;
        Double maxCores = null;
        long exitWith = -1;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--portal-service" -> service = URI.create(value);
                case "--folder" -> folder = Path.of(value);
                case "--threads" -> threads = Integer.parseInt(value);
                case "--gpus" -> gpus = Integer.valueOf(value);
                case "--max-ram-bytes" -> maxRam = Long.valueOf(value);
                case "--max-cores" -> maxCores = Double.valueOf(value);
                case "--exit-with" -> exitWith = Long.parseLong(value);
                default -> {
                    System.err.println("samos task worker: unknown argument " + args[i]);
                    System.exit(2);
                }
            }
            i++;
        }
        // Answers go to the real stdout: System.out is where functions print, and their output is captured.
        PrintStream answers = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        Resources resources = new OfferedResources(SystemResources.instance(), gpus, maxRam, maxCores);
        TaskRouting routing = TaskRouting.published(requested -> {
            synchronized (answers) {
                answers.println(WorkerProtocol.publish(requested));
            }
        });
        PortalOptions options = PortalOptions.defaults().withWorkers(0).withRunInCaller(false);
        PortalEngine engine;
        if (service != null) {
            engine = ServicePortal.open(service, options, ServiceOptions.defaults(), routing, resources);
        } else if (folder != null) {
            LocalStores stores = LocalStores.open(folder, Clock.systemUTC());
            engine = PortalEngine.open("local", stores.values(), stores.index(), options, Clock.systemUTC(), routing,
                    resources);
        } else {
            System.err.println("samos task worker: --portal-service URI or --folder DIR is required");
            System.exit(2);
            return;
        }
        TaskWorker worker = new TaskWorker(engine, answers);
        Runtime.getRuntime().addShutdownHook(new Thread(worker::stop, "samos-task-worker-shutdown"));
        if (exitWith > 0) {
            ProcessHandle.of(exitWith).ifPresentOrElse(parent -> parent.onExit().thenRun(() -> System.exit(0)),
                    () -> System.exit(0));
        }
        worker.serve(threads);
    }

    /**
     * Drains, waits until every request read has been answered (running tasks finish, unstarted ones are given back)
     * or the grace has passed, and closes the engine.
     */
    private void stop() {
        engine.drain();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.getLong("samos.shutdownGraceMillis",
                20_000));
        while (active.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        engine.close();
    }

    private void serve(int threads) throws IOException {
        engine.serving(threads);
        say(WorkerProtocol.READY + " " + engine.workerId());
        Thread.ofPlatform().daemon().name("samos-task-worker-alive").start(this::alive);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                WorkerProtocol.Request request;
                try {
                    request = WorkerProtocol.request(line);
                } catch (RuntimeException malformed) {
                    System.err.println("samos task worker: ignoring a malformed request: " + line);
                    continue;
                }
                if (request instanceof WorkerProtocol.Drain) {
                    engine.drain(); // at once, not behind the requests it is about
                    continue;
                }
                active.incrementAndGet(); // counted before it runs: an exit waits for it
                requests.execute(() -> {
                    try {
                        answer(request);
                    } finally {
                        // The last request out ends a JVM that is no longer healthy: the others' attempts settled.
                        if (active.decrementAndGet() == 0) {
                            engine.exitIfUnhealthy();
                        }
                    }
                });
            }
        }
        // The executor closed our stdin: finish what runs, give back the rest, then end (the hook does it).
        requests.shutdown();
        engine.serving(0);
        System.exit(0);
    }

    private void answer(WorkerProtocol.Request request) {
        String unhealthy = engine.unhealthy();
        if (unhealthy != null) {
            // Nothing is claimed for it: its executor gives the records back at once, to a healthy worker.
            say(WorkerProtocol.error(request.id(), "this worker JVM is about to be replaced: " + unhealthy));
            return;
        }
        try {
            List<dev.samos.portal.TaskRun> runs = switch (request) {
                case WorkerProtocol.Run run -> engine.execute(run.addresses(), run.declineLimit());
                case WorkerProtocol.Sweep sweep -> engine.sweep(sweep.limit(), sweep.declineLimit(),
                        sweep.staleAfterMillis());
                case WorkerProtocol.Drain drain -> List.of();
            };
            say(WorkerProtocol.ran(request.id(), runs));
        } catch (Throwable e) {
            // Every request is answered, an Error too: its executor thread waits for the answer, and the records
            // it holds block their share consumer until they are acknowledged.
            say(WorkerProtocol.error(request.id(), e.toString()));
        }
    }

    /** Tells the executor every second that this JVM still answers (one that stops is killed and replaced). */
    private void alive() {
        while (true) {
            say(WorkerProtocol.ALIVE);
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void say(String line) {
        synchronized (answers) {
            answers.println(line);
        }
    }

    /** Without a configuration logback logs DEBUG to stdout; a worker's own lines worth reading are INFO and up. */
    private static void quietLogging() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.INFO);
        }
    }
}
