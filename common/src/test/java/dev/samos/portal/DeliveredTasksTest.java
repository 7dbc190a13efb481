package dev.samos.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionRecord;
import dev.samos.execution.ExecutionStatus;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.function.Resources;
import dev.samos.testkit.MutableClock;
import dev.samos.testkit.Poison;
import dev.samos.testkit.Square;
import dev.samos.validator.Validators;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks delivered by records from outside the index (the executor's share group), on the local folder's index:
 * what each claim finds, what each run becomes, and when a declined task fails for good. The gateway here publishes
 * into a list instead of Kafka; executor-service's own suite runs the same path on a real broker.
 */
class DeliveredTasksTest {

    /** Declines before a task every live worker declined fails for good. */
    private static final int DECLINES = 3;

    private static final long LEASE = 10_000;

    @TempDir
    Path folder;

    private final List<ExecutionAddress> published = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<AutoCloseable> open = new ArrayList<>();

    private PortalEngine engine(TaskRouting routing, Resources resources) {
        return engine(routing, resources, Clock.systemUTC());
    }

    private PortalEngine engine(TaskRouting routing, Resources resources, Clock clock) {
        LocalStores stores = LocalStores.open(folder, clock);
        PortalEngine engine = PortalEngine.open("local", stores.values(), stores.index(),
                PortalOptions.defaults().withWorkers(0).withRunInCaller(false).withRetries(2, 1)
                        .withLeaseMillis(LEASE), clock, routing, resources);
        open.add(engine);
        return engine;
    }

    private PortalEngine gateway() {
        return engine(TaskRouting.allPublished(requested -> published.addAll(requested)), Resources.fixed(1L << 30, 1, 0, Set.of()));
    }

    private PortalEngine executor(int gpus) {
        return executor(gpus, Clock.systemUTC());
    }

    private PortalEngine executor(int gpus, Clock clock) {
        PortalEngine executor = engine(TaskRouting.published(requested -> published.addAll(requested)),
                Resources.fixed(1L << 30, 1, gpus, Set.of()), clock);
        executor.serving(1);
        return executor;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    @Test
    void onlyFirstRequestsArePublishedAndEachRecordRunsItsTaskOnce() {
        PortalEngine gateway = gateway();
        PortalEngine executor = executor(0);
        Pure square = gateway.pure(Square.class);
        List<ExecutionAddress> addresses = gateway.swarmAll(square, List.of(Kwargs.of(Map.of("x", 2)),
                Kwargs.of(Map.of("x", 3))));
        gateway.swarm(square, Kwargs.of(Map.of("x", 2))); // not first: not published again
        assertThat(published).containsExactlyElementsOf(addresses);

        List<TaskRun> runs = executor.execute(addresses, DECLINES);
        assertThat(runs).allSatisfy(run -> assertThat(run).isInstanceOf(TaskRun.Succeeded.class));
        assertThat(runs).extracting(TaskRun::address).containsExactlyElementsOf(addresses);
        assertThat(gateway.getAll(addresses, java.time.Duration.ofSeconds(5))).containsExactly(4L, 9L);

        // The same records delivered again (a redelivery): nothing runs twice.
        assertThat(executor.execute(addresses, DECLINES)).allSatisfy(run -> assertThat(run)
                .isInstanceOfSatisfying(TaskRun.Skipped.class, s -> assertThat(s.why()).contains("DONE")));
        assertThat(gateway.record(addresses.getFirst()).orElseThrow().attempts()).hasSize(1);
    }

    @Test
    void aCallersOwnCallFailsAtItsFirstFailureAndBadArgumentsAreNeverRetried() throws Exception {
        PortalEngine gateway = gateway();
        PortalEngine executor = executor(0);
        var call = java.util.concurrent.CompletableFuture.runAsync(() -> gateway.call(gateway.pure(Poison.class),
                Kwargs.of(Map.of("x", 2))));
        awaitOnePublished();
        // Its record carries only the address: the claim tells the executor that a caller waits on it.
        assertThat(executor.execute(List.copyOf(published), DECLINES)).singleElement()
                .isInstanceOf(TaskRun.Failed.class);
        assertThatThrownBy(() -> call.get(5, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(dev.samos.function.FunctionFailedException.class);
        ExecutionAddress badArguments = gateway.swarm(gateway.pure(Square.class), Kwargs.of(Map.of("y", 2)));
        assertThat(executor.execute(List.of(badArguments), DECLINES)).singleElement()
                .isInstanceOfSatisfying(TaskRun.Failed.class, f -> assertThat(f.reason()).contains("ArgumentException"));
        // A caller in another JVM learns of the bad argument as the caller of a local call would.
        assertThatThrownBy(() -> gateway.get(badArguments, java.time.Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(dev.samos.function.ArgumentException.class,
                        e -> assertThat(e.argument()).isEqualTo("x"));
    }

    @Test
    void aDrainingExecutorFinishesTheTaskItRunsAndGivesTheRestOfItsBatchBackUncounted() {
        PortalEngine gateway = gateway();
        // Its resources are first asked for by the first task's pre-validator: the stop comes while that one runs.
        PortalEngine[] stopping = new PortalEngine[1];
        Resources drainingOnFirstLook = new Resources() {
            @Override
            public long freeRamBytes() {
                return 1L << 30;
            }

            @Override
            public double freeCpuCores() {
                return 1;
            }

            @Override
            public int gpuCount() {
                stopping[0].drain();
                return 1;
            }

            @Override
            public boolean hasClass(String className) {
                return true;
            }
        };
        PortalEngine executor = engine(TaskRouting.published(requested -> published.addAll(requested)),
                drainingOnFirstLook);
        executor.serving(1);
        stopping[0] = executor;
        Pure square = gateway.pure(Square.class).withPreValidators(Validators.gpu(1));
        List<ExecutionAddress> batch = new ArrayList<>(gateway.swarmAll(square, List.of(Kwargs.of(Map.of("x", 2)),
                Kwargs.of(Map.of("x", 3)), Kwargs.of(Map.of("x", 4)))));
        ExecutionAddress poison = gateway.swarm(gateway.pure(Poison.class), Kwargs.of(Map.of("x", 3)));
        batch.add(poison);

        List<TaskRun> runs = executor.execute(batch, DECLINES);
        assertThat(runs.getFirst()).isInstanceOf(TaskRun.Succeeded.class);
        assertThat(runs.subList(1, 4)).allSatisfy(run -> assertThat(run).isInstanceOf(TaskRun.Released.class));
        assertThat(runs).extracting(TaskRun::address).containsExactlyElementsOf(batch);
        for (ExecutionAddress given : batch.subList(1, 4)) {
            ExecutionRecord record = gateway.record(given).orElseThrow();
            assertThat(record.status()).isEqualTo(ExecutionStatus.PENDING);
            assertThat(record.attempts()).singleElement().satisfies(a -> {
                assertThat(a.outcome()).isEqualTo(Attempt.Outcome.RELEASED);
                assertThat(a.worker()).isEqualTo(executor.workerId());
            });
        }
        // Nothing more is claimed or swept by it; another executor runs the rest at once, as its first try.
        assertThat(executor.execute(batch.subList(1, 3), DECLINES))
                .allSatisfy(run -> assertThat(run).isInstanceOf(TaskRun.Released.class));
        assertThat(executor.sweep(10, DECLINES, 0)).isEmpty();
        PortalEngine other = executor(1);
        assertThat(other.execute(batch.subList(1, 3), DECLINES))
                .allSatisfy(run -> assertThat(run).isInstanceOf(TaskRun.Succeeded.class));
        assertThat(gateway.getAll(batch.subList(0, 3), java.time.Duration.ofSeconds(5)))
                .containsExactly(4L, 9L, 16L);
        assertThat(gateway.record(batch.get(2)).orElseThrow().attempts()).extracting(Attempt::outcome)
                .containsExactly(Attempt.Outcome.RELEASED, Attempt.Outcome.DONE);
        // The release was not a try (2 here): the failing task's first failure is still retried.
        assertThat(other.execute(List.of(poison), DECLINES)).singleElement()
                .isInstanceOf(TaskRun.Retrying.class);
    }

    @Test
    void anUnknownAddressIsSkipped() {
        PortalEngine executor = executor(0);
        ExecutionAddress unknown = ExecutionAddress.parse("call_Nothing:" + "ab".repeat(32));
        assertThat(executor.execute(List.of(unknown), DECLINES)).singleElement()
                .isInstanceOfSatisfying(TaskRun.Skipped.class, s -> assertThat(s.why()).contains("no execution"));
    }

    @Test
    void aFailureIsRetriedUntilItsTriesAreUsedThenFailed() {
        PortalEngine gateway = gateway();
        PortalEngine executor = executor(0);
        ExecutionAddress address = gateway.swarm(gateway.pure(Poison.class), Kwargs.of(Map.of("x", 1)));
        assertThat(executor.execute(List.of(address), DECLINES)).singleElement()
                .isInstanceOfSatisfying(TaskRun.Retrying.class, r -> assertThat(r.failure()).contains("poison 1"));
        assertThat(executor.execute(List.of(address), DECLINES)).singleElement()
                .isInstanceOfSatisfying(TaskRun.Failed.class, f -> assertThat(f.reason()).contains("poison 1"));
        assertThat(gateway.record(address).orElseThrow().status()).isEqualTo(ExecutionStatus.FAILED);
        // A record of a FAILED execution does not revive it.
        assertThat(executor.execute(List.of(address), DECLINES)).singleElement()
                .isInstanceOf(TaskRun.Skipped.class);
        assertThat(gateway.record(address).orElseThrow().attempts()).hasSize(2);
    }

    @Test
    void aDeclinedTaskStaysPendingUntilDeclinedEnoughTimesByEveryLiveWorker() {
        PortalEngine gateway = gateway();
        PortalEngine first = executor(0);
        PortalEngine second = executor(0);
        ExecutionAddress address = gateway.swarm(gateway.pure(Square.class).withPreValidators(Validators.gpu(1)),
                Kwargs.of(Map.of("x", 5)));
        List<ExecutionAddress> record = List.of(address);

        // Declined three times, but only by the first executor: the second may satisfy it.
        for (int i = 0; i < DECLINES; i++) {
            assertThat(first.execute(record, DECLINES)).singleElement()
                    .isInstanceOfSatisfying(TaskRun.Declined.class, d -> assertThat(d.validation().getLast())
                            .contains("gpu(1)"));
        }
        assertThat(gateway.record(address).orElseThrow().status()).isEqualTo(ExecutionStatus.PENDING);
        // Every live worker has said no now, often enough: FAILED, naming the validator (a sweep counts as well).
        List<TaskRun> swept = List.of();
        for (long deadline = System.nanoTime() + 5_000_000_000L; swept.isEmpty() && System.nanoTime() < deadline; ) {
            // Stale at once (0): empty only until the hand-back's short pause has passed.
            swept = second.sweep(10, DECLINES, 0);
        }
        assertThat(swept).singleElement()
                .isInstanceOfSatisfying(TaskRun.Failed.class, f -> assertThat(f.reason()).contains("gpu(1)"));
        List<Attempt> attempts = gateway.record(address).orElseThrow().attempts();
        assertThat(attempts.getLast().exceptionClass()).endsWith("ValidationFailedException");
        assertThat(attempts).filteredOn(a -> a.outcome() == Attempt.Outcome.NOT_RUN).hasSize(DECLINES);
    }

    @Test
    void aTaskSatisfiedByOneExecutorRunsThere() {
        PortalEngine gateway = gateway();
        PortalEngine withoutGpu = executor(0);
        PortalEngine withGpu = executor(1);
        ExecutionAddress address = gateway.swarm(gateway.pure(Square.class).withPreValidators(Validators.gpu(1)),
                Kwargs.of(Map.of("x", 6)));
        assertThat(withoutGpu.execute(List.of(address), DECLINES)).singleElement()
                .isInstanceOf(TaskRun.Declined.class);
        assertThat(withGpu.execute(List.of(address), DECLINES)).singleElement()
                .isInstanceOf(TaskRun.Succeeded.class);
        assertThat(gateway.get(address, java.time.Duration.ofSeconds(5))).isEqualTo(36L);
        assertThat(gateway.record(address).orElseThrow().attempts().getLast().worker())
                .isEqualTo(withGpu.workerId());
    }

    @Test
    void aSweepRunsWhatNoRecordCarries() {
        PortalEngine silent = engine(TaskRouting.LOCAL, Resources.fixed(1L << 30, 1, 0, Set.of()));
        PortalEngine executor = executor(0);
        ExecutionAddress address = silent.swarm(silent.pure(Square.class), Kwargs.of(Map.of("x", 7)));
        assertThat(published).isEmpty();
        assertThat(executor.sweep(10, DECLINES, 0)).singleElement().isInstanceOf(TaskRun.Succeeded.class);
        assertThat(silent.get(address, java.time.Duration.ofSeconds(5))).isEqualTo(49L);
    }

    @Test
    void aSweepLeavesAFreshRequestToItsRecordAndTakesItOnceStale() {
        MutableClock clock = new MutableClock();
        PortalEngine silent = engine(TaskRouting.LOCAL, Resources.fixed(1L << 30, 1, 0, Set.of()), clock);
        PortalEngine executor = executor(0, clock);
        ExecutionAddress address = silent.swarm(silent.pure(Square.class), Kwargs.of(Map.of("x", 7)));

        // Half the lease by default: a record would have been delivered by then.
        assertThat(executor.defaultStaleAfterMillis()).isEqualTo(LEASE / 2);
        assertThat(executor.sweep(10, DECLINES)).isEmpty();
        clock.advanceMillis(LEASE / 2 - 1);
        assertThat(executor.sweep(10, DECLINES)).isEmpty();
        assertThat(silent.record(address).orElseThrow().status()).isEqualTo(ExecutionStatus.PENDING);
        clock.advanceMillis(1);
        assertThat(executor.sweep(10, DECLINES)).singleElement().isInstanceOf(TaskRun.Succeeded.class);
        assertThat(silent.record(address).orElseThrow().status()).isEqualTo(ExecutionStatus.DONE);
    }

    @Test
    void aSweepTakesADeadWorkersTaskWhenItsLeaseExpiresWhateverTheStaleness() {
        MutableClock clock = new MutableClock();
        PortalEngine gateway = engine(TaskRouting.allPublished(requested -> published.addAll(
                requested)), Resources.fixed(1L << 30, 1, 0, Set.of()), clock);
        PortalEngine executor = executor(0, clock);
        ExecutionAddress address = gateway.swarm(gateway.pure(Square.class), Kwargs.of(Map.of("x", 9)));
        LocalStores dead = LocalStores.open(folder, clock);
        open.add(dead);
        // A worker took it by its record, then died (kill -9): it never renews nor settles.
        assertThat(dead.index().claimTasks(List.of(address), "dead worker", LEASE)).singleElement()
                .isInstanceOf(dev.samos.index.ExecutionIndex.TaskClaim.Taken.class);

        clock.advanceMillis(LEASE - 1);
        assertThat(executor.sweep(10, DECLINES, 0)).isEmpty();
        clock.advanceMillis(1);
        assertThat(executor.sweep(10, DECLINES, 60 * LEASE)).singleElement().isInstanceOf(TaskRun.Succeeded.class);
        assertThat(gateway.record(address).orElseThrow().attempts().getLast().worker())
                .isEqualTo(executor.workerId());
    }

    @Test
    void aNegativeStalenessIsRefused() {
        assertThatThrownBy(() -> executor(0).sweep(10, DECLINES, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("staleAfterMillis");
    }

    @Test
    void aGatewaysCallIsPublishedAndNotRunByTheGateway() throws Exception {
        PortalEngine gateway = gateway();
        PortalEngine executor = executor(0);
        Pure square = gateway.pure(Square.class);
        var result = java.util.concurrent.CompletableFuture.supplyAsync(() -> gateway.call(square,
                Kwargs.of(Map.of("x", 8))));
        awaitOnePublished();
        assertThat(executor.execute(List.copyOf(published), DECLINES)).singleElement()
                .isInstanceOf(TaskRun.Succeeded.class);
        assertThat(result.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(64L);
    }

    @Test
    void aCallersOwnCallThatASweepTakesBeforeItsRecordFailsAtItsFirstFailureAsWell() throws Exception {
        PortalEngine gateway = gateway();
        PortalEngine executor = executor(0);
        Pure poison = gateway.pure(Poison.class);
        var call = java.util.concurrent.CompletableFuture.runAsync(() -> gateway.call(poison,
                Kwargs.of(Map.of("x", 5))));
        awaitOnePublished();

        // The sweep's safety net (stale 0) takes it before its record arrives: the index says that a caller waits.
        assertThat(executor.sweep(10, DECLINES, 0)).singleElement().isInstanceOf(TaskRun.Failed.class);
        assertThat(executor.execute(List.copyOf(published), DECLINES)).singleElement()
                .isInstanceOfSatisfying(TaskRun.Skipped.class, s -> assertThat(s.why()).contains("FAILED"));

        assertThatThrownBy(() -> call.get(5, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(dev.samos.function.FunctionFailedException.class);
        ExecutionRecord record = gateway.record(published.getFirst()).orElseThrow();
        assertThat(record.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(record.attempts()).singleElement()
                .satisfies(attempt -> assertThat(attempt.outcome()).isEqualTo(Attempt.Outcome.FAILED));
    }

    /** Waits until the gateway's call, started on another thread, has published its one record. */
    private void awaitOnePublished() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (published.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(published).hasSize(1);
    }
}
