package dev.samos.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.examples.Hog;
import dev.samos.examples.MyLongRunningFunction;
import dev.samos.examples.MySquare;
import dev.samos.execution.Attempt;
import dev.samos.function.FunctionFailedException;
import dev.samos.testkit.Spin;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionStatus;
import dev.samos.portal.LocalPortal;
import dev.samos.portal.PortalOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Swarming across real JVMs: requests outlive their JVM, and a worker killed with kill -9 loses nothing. */
class WorkerProcessTest {

    @TempDir
    Path folder;

    @BeforeEach
    void shortLeases() {
        // Passed on to the worker processes, so a killed worker's lease expires in 1.5 s, not 10 s.
        System.setProperty("samos.leaseMillis", "1500");
    }

    @AfterEach
    void defaultLeases() {
        System.clearProperty("samos.leaseMillis");
    }

    @Test
    void requestsSurviveTheJvmThatSwarmedThem() throws Exception {
        Process requester = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SwarmRequester.class.getName(), folder.toString())
                .redirectErrorStream(true).start();
        assertThat(requester.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(requester.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<ExecutionAddress> addresses = output.lines().filter(l -> l.startsWith("ADDRESS "))
                .map(l -> ExecutionAddress.parse(l.substring("ADDRESS ".length()))).toList();
        assertThat(addresses).as(output).hasSize(3);
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(1))) {
            assertThat(portal.describe().executions()).containsEntry("PENDING", 3L);
            portal.startWorkers();
            for (int x = 1; x <= 3; x++) {
                assertThat(portal.get(addresses.get(x - 1), Duration.ofSeconds(30))).isEqualTo((long) x * x);
            }
        }
    }

    /** A portal that never runs a call itself (it would, while the worker JVMs are still starting). */
    private LocalPortal requester() {
        return LocalPortal.open(folder, PortalOptions.defaults().withWorkers(0).withRunInCaller(false));
    }

    @Test
    void aWorkerKilledMidTaskIsReplacedAndLosesNothing() throws Exception {
        try (LocalPortal portal = requester();
             WorkerProcesses workers = WorkerProcesses.start(folder, 1, 1)) {
            ExecutionAddress address = portal.pure(MyLongRunningFunction.class)
                    .swarm("a", 2.0, "b", 3.0, "sleepMillis", 3_000);
            awaitStatus(portal, address, ExecutionStatus.RUNNING);
            ProcessHandle victim = workers.handles().getFirst();
            assertThat(victim.destroyForcibly()).isTrue(); // SIGKILL: no shutdown hook, no hand-back
            victim.onExit().get(10, TimeUnit.SECONDS);

            assertThat(portal.get(address, Duration.ofSeconds(60))).isEqualTo(32.0);
            assertThat(workers.restarts()).isEqualTo(1);
            ProcessHandle replacement = workers.handles().getFirst();
            assertThat(replacement.pid()).isNotEqualTo(victim.pid());
            var attempts = portal.record(address).orElseThrow().attempts();
            assertThat(attempts).hasSize(1); // the killed attempt wrote no record
            assertThat(attempts.getFirst().worker()).contains("/" + replacement.pid() + "/");
        }
    }

    @Test
    void aCallThatKillsItsWorkerEveryTimeEndsLostAfterItsTries() throws Exception {
        System.setProperty("samos.maxTries", "2");
        try (LocalPortal portal = requester();
             WorkerProcesses workers = WorkerProcesses.start(folder, 1, 1)) {
            ExecutionAddress address = portal.pure(MyLongRunningFunction.class)
                    .swarm("a", 1.0, "b", 1.0, "sleepMillis", 600_000);
            for (int kill = 1; kill <= 2; kill++) {
                ProcessHandle running = awaitRunningIn(portal, address, workers);
                running.destroyForcibly();
                running.onExit().get(10, TimeUnit.SECONDS);
            }
            assertThatThrownBy(() -> portal.get(address, Duration.ofSeconds(60)))
                    .isInstanceOf(FunctionFailedException.class).hasMessageContaining("WorkerLostException");
            assertThat(portal.record(address).orElseThrow().attempts()).extracting(Attempt::outcome)
                    .containsExactly(Attempt.Outcome.LOST);
        } finally {
            System.clearProperty("samos.maxTries");
        }
    }

    @Test
    void aRunawayCallIsStoppedAtItsTimeLimitAndItsWorkerJvmReplaced() throws Exception {
        var settings = new WorkerProcesses.Settings(1, 1, "128m", Map.of("samos.timeLimitMillis", "1000",
                "samos.exitWhenUnhealthy", "true", "samos.maxTries", "2", "samos.retryMillis", "100"));
        try (LocalPortal portal = requester();
             WorkerProcesses workers = WorkerProcesses.start(folder, settings)) {
            // Deaf to interrupts: its thread cannot be stopped, only its JVM.
            ExecutionAddress runaway = portal.pure(Spin.class).swarm("n", Long.MAX_VALUE, "seed", 1L);
            assertThatThrownBy(() -> portal.get(runaway, Duration.ofSeconds(90)))
                    .isInstanceOf(FunctionFailedException.class).hasMessageContaining("time limit of 1000 ms");
            assertThat(portal.record(runaway).orElseThrow().attempts()).extracting(Attempt::outcome)
                    .containsExactly(Attempt.Outcome.TIMED_OUT, Attempt.Outcome.TIMED_OUT);
            assertThat(workers.restarts()).isGreaterThanOrEqualTo(1);
            ExecutionAddress next = portal.pure(MySquare.class).swarm("x", 12);
            assertThat(portal.get(next, Duration.ofSeconds(60))).isEqualTo(144L);
        }
    }

    @Test
    void aCallOutOfMemoryIsRecordedSoAndItsWorkerJvmReplaced() throws Exception {
        var settings = new WorkerProcesses.Settings(1, 1, "64m", Map.of("samos.exitWhenUnhealthy", "true",
                "samos.maxTries", "1"));
        try (LocalPortal portal = requester();
             WorkerProcesses workers = WorkerProcesses.start(folder, settings)) {
            ExecutionAddress hog = portal.pure(Hog.class).swarm("megabytes", 1_000);
            assertThatThrownBy(() -> portal.get(hog, Duration.ofSeconds(60)))
                    .isInstanceOf(FunctionFailedException.class).hasMessageContaining("OutOfMemoryError");
            assertThat(portal.record(hog).orElseThrow().attempts()).extracting(Attempt::outcome)
                    .containsExactly(Attempt.Outcome.OUT_OF_MEMORY);
            ExecutionAddress next = portal.pure(MySquare.class).swarm("x", 5);
            assertThat(portal.get(next, Duration.ofSeconds(60))).isEqualTo(25L);
            awaitRestarts(workers, 1);
        }
    }

    @Test
    void aRunningCallCancelledIsStoppedInItsWorkerJvm() throws Exception {
        try (LocalPortal portal = requester();
             WorkerProcesses workers = WorkerProcesses.start(folder, 1, 1)) {
            ExecutionAddress sleeper = portal.pure(MyLongRunningFunction.class)
                    .swarm("a", 4.0, "b", 4.0, "sleepMillis", 600_000);
            awaitStatus(portal, sleeper, ExecutionStatus.RUNNING);
            assertThat(portal.cancel(sleeper)).isTrue();
            assertThatThrownBy(() -> portal.get(sleeper, Duration.ofSeconds(5)))
                    .isInstanceOf(FunctionFailedException.class).hasMessageContaining("CANCELLED");
            // Its worker's only thread is free again once the worker renews its leases (a third of a lease).
            ExecutionAddress next = portal.pure(MySquare.class).swarm("x", 7);
            assertThat(portal.get(next, Duration.ofSeconds(30))).isEqualTo(49L);
            assertThat(portal.record(sleeper).orElseThrow().attempts()).extracting(Attempt::outcome)
                    .containsExactly(Attempt.Outcome.CANCELLED);
            assertThat(workers.restarts()).as("an interruptible call stops without its JVM").isZero();
        }
    }

    @Test
    void aWorkerKilledWithSigkillIsNotCountedAlive() throws Exception {
        Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Worker.class.getName(), "--portal", folder.toString(),
                "--threads", "1").redirectErrorStream(true).redirectOutput(folder.resolveSibling(
                        folder.getFileName() + "-worker.log").toFile()).start();
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(0))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (portal.describe().workersAlive() == 0) {
                assertThat(System.nanoTime()).as("the worker's first heartbeat").isLessThan(deadline);
                Thread.sleep(50);
            }
            worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Thread.sleep(1_100); // what is known of this machine's processes is looked at once a second
            assertThat(portal.describe().workersAlive()).isZero();
        } finally {
            worker.destroyForcibly();
        }
    }

    @Test
    void workersStartOnAFolderThatDoesNotExistYet() throws Exception {
        Path missing = folder.resolve("not/yet");
        try (WorkerProcesses workers = WorkerProcesses.start(missing, 1, 1);
             LocalPortal portal = LocalPortal.open(missing, PortalOptions.defaults().withWorkers(0)
                     .withRunInCaller(false))) {
            ExecutionAddress address = portal.pure(MySquare.class).swarm("x", 3);
            assertThat(portal.get(address, Duration.ofSeconds(60))).isEqualTo(9L);
        }
    }

    @Test
    void closingStopsEveryWorkerProcess() throws Exception {
        List<ProcessHandle> handles;
        try (WorkerProcesses workers = WorkerProcesses.start(folder, 2, 1)) {
            handles = workers.handles();
            assertThat(handles).allMatch(ProcessHandle::isAlive);
        }
        assertThat(handles).noneMatch(ProcessHandle::isAlive);
    }

    /** The worker JVM that holds the lease of the only execution in the folder now, read from its database. */
    private ProcessHandle awaitRunningIn(LocalPortal portal, ExecutionAddress address, WorkerProcesses workers)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("samos.db"))) {
            while (true) {
                assertThat(System.nanoTime()).as("waiting for a worker to run " + address).isLessThan(deadline);
                try (var rows = db.createStatement().executeQuery(
                        "SELECT lease_owner FROM execution WHERE status = 'RUNNING'")) {
                    if (rows.next() && rows.getString(1) != null) {
                        String owner = rows.getString(1);
                        for (ProcessHandle handle : workers.handles()) {
                            if (owner.contains("/" + handle.pid() + "/")) {
                                return handle;
                            }
                        }
                    }
                }
                Thread.sleep(20);
            }
        }
    }

    private static void awaitRestarts(WorkerProcesses workers, long restarts) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (workers.restarts() < restarts) {
            assertThat(System.nanoTime()).as("waiting for a restart").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void awaitStatus(LocalPortal portal, ExecutionAddress address, ExecutionStatus status)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (portal.record(address).map(r -> r.status() != status).orElse(true)) {
            assertThat(System.nanoTime()).as("waiting for " + status).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
