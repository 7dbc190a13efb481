package dev.samos.executor.worker;

import dev.samos.execution.ExecutionAddress;
import dev.samos.executor.task.TaskRunner;
import dev.samos.executor.task.WorkerJvmLostException;
import dev.samos.portal.TaskPublisher;
import dev.samos.portal.TaskRun;
import dev.samos.swarm.WorkerProcesses;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's worker JVMs ({@code samos.executor.execution.mode=worker-jvms}, the default): children running
 * {@link TaskWorker} that the executor starts and keeps. Batches and sweeps go to them round robin over their stdin;
 * what became of each task comes back on their stdout, and the executor settles the records as it would for tasks run
 * in its own threads. A worker that ends (a runaway it could not stop, a heap run out, {@code kill -9}) fails what it
 * had in hand with {@link WorkerJvmLostException} and is started again; one that stops answering for
 * {@value #SILENCE_LIMIT_MILLIS} ms (its heartbeat comes every second) is killed first. The executor itself runs no
 * user code and survives any function.
 */
public final class WorkerJvms implements TaskRunner, WorkerProcesses.Listener {

    private static final Logger log = LoggerFactory.getLogger(WorkerJvms.class);
    /** A worker silent this long is taken for wedged (a heap thrashing in GC, a stopped process) and killed. */
    static final long SILENCE_LIMIT_MILLIS = 30_000;
    /** How long a request waits for a worker to be running (one that ended restarts after a pause). */
    private static final long NO_WORKER_WAIT_MILLIS = 60_000;

    /** A request in flight: the worker it went to, and its answer to come. */
    private record Pending(int worker, CompletableFuture<List<TaskRun>> answer) {
    }

    private final WorkerProcesses processes;
    private final TaskPublisher publisher;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLongArray lastHeard;
    private final AtomicLongArray startedAt;
    private final Map<Integer, String> workerIds = new ConcurrentHashMap<>();
    private final ExecutorService publishing = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("samos-worker-publish").factory());
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("samos-worker-watchdog").factory());
    private volatile boolean closed;

    private WorkerJvms(WorkerProcesses.Settings settings, List<String> arguments, TaskPublisher publisher) {
        this.publisher = publisher;
        this.lastHeard = new AtomicLongArray(settings.count());
        this.startedAt = new AtomicLongArray(settings.count());
        long now = System.currentTimeMillis();
        for (int i = 0; i < settings.count(); i++) {
            lastHeard.set(i, now);
            startedAt.set(i, now);
        }
        this.processes = WorkerProcesses.start(settings, new WorkerProcesses.Launch(TaskWorker.class.getName(),
                arguments, null), this);
        watchdog.scheduleWithFixedDelay(this::killSilentWorkers, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Starts worker JVMs as {@code settings} say, running {@link TaskWorker} with {@code arguments} (its portal, its
     * threads, the resources it offers); {@code publisher} publishes what their functions swarm.
     */
    public static WorkerJvms start(WorkerProcesses.Settings settings, List<String> arguments, TaskPublisher publisher) {
        return new WorkerJvms(settings, arguments, publisher);
    }

    @Override
    public List<TaskRun> execute(List<ExecutionAddress> addresses, int declineLimit) {
        long id = ids.incrementAndGet();
        return ask(id, WorkerProtocol.run(id, declineLimit, addresses));
    }

    @Override
    public List<TaskRun> sweep(int limit, int declineLimit, long staleAfterMillis) {
        long id = ids.incrementAndGet();
        return ask(id, WorkerProtocol.sweep(id, limit, declineLimit, staleAfterMillis));
    }

    @Override
    public void drain() {
        for (int worker = 0; worker < processes.settings().count(); worker++) {
            processes.send(worker, WorkerProtocol.DRAIN); // a worker not running holds nothing to give back
        }
    }

    /** Worker JVMs heartbeat as workers themselves; the executor holds no lease. */
    @Override
    public void serving(int threads) {
    }

    private List<TaskRun> ask(long id, String request) {
        CompletableFuture<List<TaskRun>> answer = new CompletableFuture<>();
        long deadline = System.currentTimeMillis() + NO_WORKER_WAIT_MILLIS;
        while (true) {
            if (closed || processes.closing()) {
                // None will be started again: waiting for one would only hold the executor's stop.
                throw new WorkerJvmLostException("the executor's worker JVMs are stopped");
            }
            int count = processes.settings().count();
            int first = Math.floorMod(next.getAndIncrement(), count);
            for (int i = 0; i < count; i++) {
                int worker = (first + i) % count;
                pending.put(id, new Pending(worker, answer));
                if (processes.send(worker, request)) {
                    return await(id, answer);
                }
                pending.remove(id);
            }
            if (System.currentTimeMillis() > deadline) {
                throw new WorkerJvmLostException("no worker JVM of this executor is running (restarted "
                        + processes.restarts() + " times); see its log");
            }
            sleep(100);
        }
    }

    private static List<TaskRun> await(long id, CompletableFuture<List<TaskRun>> answer) {
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkerJvmLostException("interrupted while request " + id + " ran in a worker JVM");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new WorkerJvmLostException(e.getCause().toString());
        }
    }

    @Override
    public boolean line(int worker, String line) {
        if (!line.startsWith("samos-")) {
            return false;
        }
        lastHeard.set(worker, System.currentTimeMillis());
        String[] words = line.split(" ");
        switch (words[0]) {
            case WorkerProtocol.ALIVE -> { }
            case WorkerProtocol.READY -> {
                workerIds.put(worker, words[1]);
                log.info("worker JVM {} ready as {}", worker, words[1]);
            }
            case WorkerProtocol.RAN -> {
                Pending request = pending.remove(Long.parseLong(words[1]));
                if (request != null) {
                    request.answer().complete(WorkerProtocol.runs(words));
                }
            }
            case WorkerProtocol.ERROR -> {
                Pending request = pending.remove(Long.parseLong(words[1]));
                if (request != null) {
                    request.answer().completeExceptionally(new IllegalStateException(
                            words.length > 2 ? WorkerProtocol.untext(words[2]) : "failed in a worker JVM"));
                }
            }
            case WorkerProtocol.PUBLISH -> {
                List<ExecutionAddress> requested = Arrays.stream(words, 1, words.length).map(ExecutionAddress::parse)
                        .toList();
                publishing.execute(() -> publish(requested));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void publish(List<ExecutionAddress> requested) {
        try {
            publisher.publish(requested);
        } catch (RuntimeException e) {
            // They are PENDING in the index: a sweep runs them.
            log.warn("could not publish {} call(s) a function swarmed; a sweep of the index will run them: {}",
                    requested.size(), e.toString());
        }
    }

    @Override
    public void ended(int worker, boolean closing) {
        String id = workerIds.remove(worker);
        int lost = 0;
        for (Map.Entry<Long, Pending> entry : pending.entrySet()) {
            if (entry.getValue().worker() == worker && pending.remove(entry.getKey(), entry.getValue())) {
                entry.getValue().answer().completeExceptionally(new WorkerJvmLostException("worker JVM " + worker
                        + (id == null ? "" : " (" + id + ")") + " ended while it ran a batch"));
                lost++;
            }
        }
        long now = System.currentTimeMillis();
        startedAt.set(worker, now);
        lastHeard.set(worker, now);
        log.warn("worker JVM {} ended with {} request(s) in hand{}", worker, lost,
                closing ? "" : "; it is started again");
    }

    /** A worker that has not said a word for the silence limit is wedged: killed, it is replaced. */
    private void killSilentWorkers() {
        long now = System.currentTimeMillis();
        for (int worker = 0; worker < lastHeard.length(); worker++) {
            if (now - lastHeard.get(worker) > SILENCE_LIMIT_MILLIS && now - startedAt.get(worker) > SILENCE_LIMIT_MILLIS) {
                log.warn("worker JVM {} said nothing for {} ms: killing it", worker, now - lastHeard.get(worker));
                lastHeard.set(worker, now);
                processes.kill(worker);
            }
        }
    }

    /** The worker JVMs' processes (for tests and metrics). */
    public List<ProcessHandle> handles() {
        return processes.handles();
    }

    /** Worker JVMs started again after one ended. */
    public long restarts() {
        return processes.restarts();
    }

    /** Stops the workers: they finish what they run (up to 30 s) and hand back the rest. */
    @Override
    public void close() {
        closed = true;
        watchdog.shutdownNow();
        processes.close();
        pending.values().forEach(request -> request.answer().completeExceptionally(
                new WorkerJvmLostException("the executor's worker JVMs stopped")));
        publishing.shutdown();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkerJvmLostException("interrupted while waiting for a worker JVM");
        }
    }
}
