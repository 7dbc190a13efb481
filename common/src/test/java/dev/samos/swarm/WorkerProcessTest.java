package dev.samos.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samos.examples.MyLongRunningFunction;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionStatus;
import dev.samos.portal.LocalPortal;
import dev.samos.portal.PortalOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    @Test
    void aWorkerKilledMidTaskLosesNothing() throws Exception {
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(0));
             WorkerProcesses first = WorkerProcesses.start(folder, 1, 1)) {
            ExecutionAddress address = portal.pure(MyLongRunningFunction.class)
                    .swarm("a", 2.0, "b", 3.0, "sleepMillis", 3_000);
            awaitStatus(portal, address, ExecutionStatus.RUNNING);
            ProcessHandle victim = first.handles().getFirst();
            assertThat(victim.destroyForcibly()).isTrue(); // SIGKILL: no shutdown hook, no hand-back
            victim.onExit().get(10, TimeUnit.SECONDS);
            try (WorkerProcesses second = WorkerProcesses.start(folder, 1, 1)) {
                assertThat(portal.get(address, Duration.ofSeconds(60))).isEqualTo(32.0);
                var attempts = portal.record(address).orElseThrow().attempts();
                assertThat(attempts).hasSize(1); // the killed attempt wrote no record
                assertThat(attempts.getFirst().worker()).contains("/" + second.handles().getFirst().pid() + "/");
            }
            assertThat(first.handles()).noneMatch(ProcessHandle::isAlive);
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

    private static void awaitStatus(LocalPortal portal, ExecutionAddress address, ExecutionStatus status)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (portal.record(address).map(r -> r.status() != status).orElse(true)) {
            assertThat(System.nanoTime()).as("waiting for " + status).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
