package dev.samos.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.autonomy.AutonomyPolicy;
import dev.samos.examples.Chatty;
import dev.samos.examples.Deeper;
import dev.samos.examples.MyLongRunningFunction;
import dev.samos.examples.MySquare;
import dev.samos.examples.SwarmsOnward;
import dev.samos.examples.Wide;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionStatus;
import dev.samos.function.FunctionFailedException;
import dev.samos.function.Kwargs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What bounds an execution in its JVM: nested-call limits, cancelling it while it runs, its captured output. */
class ExecutionLimitsTest {

    @TempDir
    Path folder;

    @Test
    void runawayRecursionThroughThePortalEndsAtTheDepthLimitWithNothingLeftRunning() {
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(0)
                .withCallLimits(new CallLimits(40, 1_000_000)))) {
            assertThatThrownBy(() -> portal.pure(Deeper.class).call("n", 0))
                    .isInstanceOf(FunctionFailedException.class)
                    .rootCause().isInstanceOf(NestedCallLimitException.class)
                    .hasMessageContaining("41 calls deep, past the limit of 40");
            var executions = portal.describe().executions();
            assertThat(executions.getOrDefault("RUNNING", 0L)).isZero();
            assertThat(executions).containsEntry("FAILED", 40L);
        }
    }

    @Test
    void tooManyCallsUnderOneRootFailNamingTheLimitWhileFewerSucceed() {
        // Calls answered from memory or the store are not counted: only those that compute or wait.
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(0)
                .withCallLimits(new CallLimits(1_000, 100)))) {
            assertThat(portal.pure(Wide.class).call("count", 100)).isEqualTo(328_350L);
            assertThatThrownBy(() -> portal.pure(Wide.class).call("count", 250)) // 100 answered from the store, 150 new
                    .isInstanceOf(FunctionFailedException.class)
                    .rootCause().isInstanceOf(NestedCallLimitException.class)
                    .hasMessageContaining("101 nested calls under one root call, past the limit of 100");
        }
    }

    @Test
    void aSwarmedCallPastTheLimitsFailsOnceWithoutRetries() {
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(1)
                .withRetries(3, 10).withCallLimits(new CallLimits(10, 1_000_000)))) {
            ExecutionAddress address = portal.pure(Deeper.class).swarm("n", 100);
            assertThatThrownBy(() -> portal.get(address, Duration.ofSeconds(30)))
                    .isInstanceOf(FunctionFailedException.class);
            assertThat(portal.record(address).orElseThrow().attempts()).singleElement()
                    .satisfies(a -> assertThat(a.outcome()).isEqualTo(Attempt.Outcome.FAILED));
        }
    }

    @Test
    void aFunctionThatSwarmsItselfEndsAtTheDepthLimitInsteadOfFillingTheIndex() throws Exception {
        // Each swarmed task is a root call in the worker that takes it; the depth its request recorded is where its
        // chain starts, so the 50th link cannot swarm the 51st.
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(2)
                .withRetries(3, 10).withCallLimits(new CallLimits(50, 1_000_000)))) {
            // Impure only because an ExecutionAddress (what swarm answers) is not in strict autonomy's API.
            var onward = portal.pure(SwarmsOnward.class, AutonomyPolicy.impure("swarms from inside its call"));
            assertThat(onward.call("n", 1)).isEqualTo(1L); // a root call, depth 1: it swarms n = 2 at depth 1
            ExecutionAddress last = portal.executionAddress(onward, Kwargs.of("n", 50L)); // run 50 calls deep
            awaitStatus(portal, last, ExecutionStatus.FAILED);

            assertThatThrownBy(() -> portal.get(last, Duration.ofSeconds(30)))
                    .isInstanceOf(FunctionFailedException.class)
                    .hasMessageContaining(NestedCallLimitException.class.getName())
                    .hasMessageContaining("51 calls deep, past the limit of 50 (samos.maxCallDepth)");
            assertThat(portal.record(last).orElseThrow().attempts()).singleElement() // never retried
                    .satisfies(a -> assertThat(a.outcome()).isEqualTo(Attempt.Outcome.FAILED));
            for (long n = 2; n < 50; n++) {
                assertThat(portal.get(portal.executionAddress(onward, Kwargs.of("n", n)), Duration.ofSeconds(30)))
                        .isEqualTo(n);
            }
            var executions = portal.describe().executions();
            assertThat(executions).containsEntry("DONE", 49L).containsEntry("FAILED", 1L);
            assertThat(executions.getOrDefault("PENDING", 0L) + executions.getOrDefault("RUNNING", 0L)).isZero();
            assertThat(portal.record(portal.executionAddress(onward, Kwargs.of("n", 51L)))).isEmpty();
        }
    }

    @Test
    void aRunningExecutionIsCancelledAndItsWorkerThreadFreed() throws Exception {
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(1))) {
            ExecutionAddress sleeper = portal.pure(MyLongRunningFunction.class)
                    .swarm("a", 1.0, "b", 2.0, "sleepMillis", 600_000);
            awaitStatus(portal, sleeper, ExecutionStatus.RUNNING);

            assertThat(portal.cancel(sleeper)).isTrue();

            assertThatThrownBy(() -> portal.get(sleeper, Duration.ofSeconds(5)))
                    .isInstanceOf(FunctionFailedException.class).hasMessageContaining("CANCELLED");
            // The only worker thread was stopped: the next call runs on it.
            ExecutionAddress next = portal.pure(MySquare.class).swarm("x", 9);
            assertThat(portal.get(next, Duration.ofSeconds(20))).isEqualTo(81L);
            var attempts = portal.record(sleeper).orElseThrow().attempts();
            assertThat(attempts).extracting(Attempt::outcome).containsExactly(Attempt.Outcome.CANCELLED);
            assertThat(portal.cancel(sleeper)).as("a FAILED execution is not cancelled again").isFalse();
        }
    }

    @Test
    void capturedOutputIsKeptUpToTheLimitWithANoteOfWhatWasCut() {
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(0))) {
            var chatty = portal.pure(Chatty.class);
            assertThat(portal.call(chatty, Kwargs.of("lines", 100_000))).isEqualTo(100_000L);
            Attempt attempt = portal.record(portal.executionAddress(chatty, Kwargs.of("lines", 100_000)))
                    .orElseThrow().attempts().getLast();
            assertThat(attempt.stdout()).startsWith("line 0 of a function").contains("more bytes cut")
                    .hasSizeLessThan(OutputCapture.LIMIT + 200);
            assertThat(attempt.stderr()).isEqualTo("done printing\n");
        }
    }

    private static void awaitStatus(Portal portal, ExecutionAddress address, ExecutionStatus status)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (portal.record(address).map(r -> r.status() != status).orElse(true)) {
            assertThat(System.nanoTime()).as("waiting for " + status).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
