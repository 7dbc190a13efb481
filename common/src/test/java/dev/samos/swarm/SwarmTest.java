package dev.samos.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.examples.Fails;
import dev.samos.examples.MyLongRunningFunction;
import dev.samos.examples.MySquare;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionStatus;
import dev.samos.function.FunctionFailedException;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.portal.ExecutionTimeoutException;
import dev.samos.portal.LocalPortal;
import dev.samos.portal.NoWorkerAliveException;
import dev.samos.portal.PortalOptions;
import dev.samos.portal.UnknownAddressException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Swarming in one JVM: requests in the folder, worker threads, retries, and a get that never hangs silently. */
class SwarmTest {

    @TempDir
    Path folder;

    @Test
    void swarmReturnsTheAddressAtOnceAndAWorkerThreadComputesIt() {
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(2))) {
            Pure slow = portal.pure(MyLongRunningFunction.class);
            ExecutionAddress address = slow.swarm("a", 1.0, "b", 2.0, "sleepMillis", 300);
            assertThat(address).isEqualTo(portal.executionAddress(slow,
                    Kwargs.of("a", 1.0, "b", 2.0, "sleepMillis", 300)));
            assertThat(portal.ready(address)).isFalse();
            assertThat(portal.get(address, Duration.ofSeconds(30))).isEqualTo(21.0);
            assertThat(portal.ready(address)).isTrue();
            assertThat(portal.future(address).join()).isEqualTo(21.0);
            assertThat(portal.record(address).orElseThrow().attempts().getFirst().worker())
                    .isEqualTo(portal.workerId());
            assertThat(portal.describe().workersAlive()).isEqualTo(1);
            assertThat(portal.describe().workerThreadsAlive()).isEqualTo(2);
            // An address travels as a string.
            assertThat(portal.get(ExecutionAddress.parse(address.toString()), Duration.ofSeconds(1))).isEqualTo(21.0);
        }
    }

    @Test
    void manySwarmedCallsAllFinish() {
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(2))) {
            Pure square = portal.pure(MySquare.class);
            List<ExecutionAddress> addresses = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                addresses.add(square.swarm("x", i));
            }
            for (int i = 0; i < 500; i++) {
                assertThat(portal.get(addresses.get(i), Duration.ofSeconds(60))).isEqualTo((long) i * i);
            }
            assertThat(portal.describe().executions()).containsEntry("DONE", 500L);
        }
    }

    @Test
    void getAllCollectsASwarmInOrderFromMemoryAndFromTheFolder() {
        List<Kwargs> calls = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) { // more than two batches of the folder look-up
            calls.add(Kwargs.of("x", i));
        }
        List<ExecutionAddress> addresses;
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(2))) {
            addresses = portal.swarmAll(portal.pure(MySquare.class), calls);
            List<Object> results = portal.getAll(addresses, Duration.ofSeconds(60));
            assertThat(results).hasSize(1_200);
            for (int i = 0; i < 1_200; i++) {
                assertThat(results.get(i)).isEqualTo((long) i * i);
            }
        }
        // A new JVM's view: nothing in memory, every result read from the folder in batches.
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(0))) {
            List<Object> results = portal.getAll(addresses.reversed(), Duration.ofSeconds(10));
            assertThat(results.getFirst()).isEqualTo(1_199L * 1_199L);
            assertThat(results.getLast()).isEqualTo(0L);
        }
    }

    @Test
    void getAllThrowsTheFirstFailureAndNamesAnUnknownAddress() {
        try (LocalPortal portal = LocalPortal.open(folder,
                PortalOptions.defaults().withWorkers(1).withRetries(1, 10))) {
            ExecutionAddress fine = portal.pure(MySquare.class).swarm("x", 3);
            ExecutionAddress failing = portal.pure(Fails.class).swarm("fail", true);
            assertThatThrownBy(() -> portal.getAll(List.of(fine, failing), Duration.ofSeconds(30)))
                    .isInstanceOf(FunctionFailedException.class)
                    .hasMessageContaining("asked to fail");
            ExecutionAddress unknown = ExecutionAddress.parse("call_MySquare:" + "ab".repeat(32));
            assertThatThrownBy(() -> portal.getAll(List.of(fine, unknown), Duration.ofSeconds(10)))
                    .isInstanceOf(UnknownAddressException.class)
                    .hasMessageContaining(unknown.toString());
        }
    }

    @Test
    void failuresAreRetriedWithBackoffThenFailedWithTheirRecords() {
        try (LocalPortal portal = LocalPortal.open(folder,
                PortalOptions.defaults().withWorkers(1).withRetries(3, 20))) {
            Pure fails = portal.pure(Fails.class);
            ExecutionAddress address = fails.swarm("fail", true);
            assertThatThrownBy(() -> portal.get(address, Duration.ofSeconds(30)))
                    .isInstanceOf(FunctionFailedException.class)
                    .hasMessageContaining("asked to fail");
            var record = portal.record(address).orElseThrow();
            assertThat(record.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(record.attempts()).hasSize(3).allMatch(a -> a.outcome() == dev.samos.execution.Attempt.Outcome.FAILED);
            assertThat(record.attempts().get(1).startMillis() - record.attempts().get(0).endMillis())
                    .isGreaterThanOrEqualTo(20);
            assertThat(record.attempts().get(2).startMillis() - record.attempts().get(1).endMillis())
                    .isGreaterThanOrEqualTo(40);
            // Swarming it again requests it again: failures are not memoized.
            fails.swarm("fail", true);
            assertThatThrownBy(() -> portal.get(address, Duration.ofSeconds(30)))
                    .isInstanceOf(FunctionFailedException.class);
            assertThat(portal.record(address).orElseThrow().attempts()).hasSize(6);
        }
    }

    @Test
    void withNoWorkerAliveGetRunsTheCallInTheCaller() {
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(0))) {
            Pure square = portal.pure(MySquare.class);
            ExecutionAddress address = square.swarm("x", 12);
            assertThat(portal.get(address, Duration.ofSeconds(5))).isEqualTo(144L);
            assertThat(portal.record(address).orElseThrow().attempts().getFirst().worker())
                    .isEqualTo(portal.workerId());
        }
    }

    @Test
    void withNoWorkerAliveAndNoRunningInTheCallerGetFailsSayingSo() {
        try (LocalPortal portal = LocalPortal.open(folder,
                PortalOptions.defaults().withWorkers(0).withRunInCaller(false))) {
            ExecutionAddress address = portal.pure(MySquare.class).swarm("x", 3);
            assertThatThrownBy(() -> portal.get(address, Duration.ofMillis(200)))
                    .isInstanceOf(NoWorkerAliveException.class)
                    .hasMessageContaining("no worker is alive");
        }
    }

    @Test
    void getTimesOutWhileTheCallIsStillRunning() {
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(1))) {
            ExecutionAddress address = portal.pure(MyLongRunningFunction.class)
                    .swarm("a", 1.0, "b", 1.0, "sleepMillis", 2_000);
            assertThatThrownBy(() -> portal.get(address, Duration.ofMillis(100)))
                    .isInstanceOf(ExecutionTimeoutException.class);
            assertThat(portal.get(address, Duration.ofSeconds(30))).isEqualTo(11.0);
        }
    }

    @Test
    void anAddressNobodyRequestedIsUnknown() {
        try (LocalPortal portal = LocalPortal.open(folder)) {
            ExecutionAddress never = portal.executionAddress(portal.pure(MySquare.class), Kwargs.of("x", -1));
            assertThatThrownBy(() -> portal.get(never, Duration.ofSeconds(1)))
                    .isInstanceOf(UnknownAddressException.class);
        }
    }
}
