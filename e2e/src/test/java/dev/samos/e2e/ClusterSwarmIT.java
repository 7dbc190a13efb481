package dev.samos.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.testkit.Poison;
import dev.samos.testkit.Spin;
import dev.samos.testkit.Square;
import dev.samos.address.ValueAddress;
import dev.samos.cluster.testkit.TopicReader;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionRecord;
import dev.samos.execution.ExecutionStatus;
import dev.samos.function.FunctionFailedException;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.pipeline.Pipeline;
import dev.samos.pipeline.Task;
import dev.samos.portal.Portal;
import dev.samos.validator.Validators;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Swarming on the whole cluster, every service from its packaged jar: the gateway on its cluster profile, two
 * executors with different resources (one declares a GPU), portal-service on Redis and S3, Kafka between them.
 * The executor killed with {@code kill -9} goes last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterSwarmIT {

    @RegisterExtension
    static final SwarmCluster CLUSTER = SwarmCluster.builder()
            .gateway().gatewayArgs(E2eCluster.GATEWAY_ARGS)
            .executorArgs(E2eCluster.EXECUTOR_ARGS)
            // A runaway costs the worker JVM that runs it; the executor replaces it and goes on.
            .executorArgs("--samos.executor.time-limit=1s", "--samos.executor.max-tries=2",
                    "--samos.executor.execution.worker-heap=256m")
            .executor("gpu", "--samos.executor.resources.gpus=1")
            .executor("plain", "--samos.executor.resources.gpus=0")
            .build();

    static Portal portal;

    @BeforeAll
    static void open() {
        portal = Portal.remote(CLUSTER.gatewayUri(), E2eCluster.TOKEN);
    }

    @AfterAll
    static void close() {
        if (portal != null) {
            portal.close();
        }
    }

    @Test
    @Order(1)
    void tenThousandSwarmedTasksCompleteWithEveryResultRightAndEachRunOnce() {
        Pure square = portal.pure(Square.class);
        List<Kwargs> calls = LongStream.range(0, 10_000).mapToObj(x -> Kwargs.of("x", x)).toList();
        long start = System.nanoTime();
        List<ExecutionAddress> addresses = portal.swarmAll(square, calls);
        List<Object> results = portal.getAll(addresses, Duration.ofMinutes(3));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("[e2e] 10,000 swarmed squares on 2 executors: %.1f s (%.0f tasks/s)%n", seconds,
                10_000 / seconds);
        for (int x = 0; x < results.size(); x++) {
            assertThat(((Number) results.get(x)).longValue()).as("square of %d", x).isEqualTo((long) x * x);
        }
        for (int x = 0; x < addresses.size(); x += 250) {
            assertThat(portal.record(addresses.get(x)).orElseThrow().attempts())
                    .extracting(Attempt::outcome).containsExactly(Attempt.Outcome.DONE);
        }
    }

    @Test
    @Order(2)
    void aMapAndASwarmedPipelineStageRunOnTheExecutors() {
        Pure square = portal.pure(Square.class);
        List<Long> xs = LongStream.range(20_000, 20_100).boxed().toList();
        List<Object> mapped = portal.map(square, Map.of("x", xs));
        assertThat(mapped).containsExactlyElementsOf(xs.stream().map(x -> (Object) (x * x)).toList());
        assertRanOnAnExecutor(portal.executionAddress(square, Kwargs.of("x", 20_050L)));

        Pipeline<Integer, Long> pipeline = Pipeline.from(Task.branchStream((Integer n) -> IntStream.range(0, n)
                        .mapToObj(i -> 30_000L + i)))
                .then(Task.<Long>swarmed(portal, square, "x"))
                .then(Task.of((Object x) -> ((Number) x).longValue()));
        long sum = pipeline.into(s -> s.mapToLong(Long::longValue).sum()).apply(200);
        assertThat(sum).isEqualTo(LongStream.range(30_000, 30_200).map(x -> x * x).sum());
        assertRanOnAnExecutor(portal.executionAddress(square, Kwargs.of("x", 30_123L)));
    }

    @Test
    @Order(3)
    void aPoisonTaskEndsFailedWithItsRecordsAndADeadLetter() {
        try (TopicReader deadLetters = new TopicReader(CLUSTER.bootstrapServers(), "samos.tasks.dlt")) {
            ExecutionAddress address = portal.swarm(portal.pure(Poison.class), Kwargs.of("x", 1));
            assertThatThrownBy(() -> portal.get(address, Duration.ofSeconds(60)))
                    .isInstanceOf(FunctionFailedException.class).hasMessageContaining("poison 1");
            ExecutionRecord record = portal.record(address).orElseThrow();
            assertThat(record.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(record.attempts()).hasSize(2).allSatisfy(a -> {
                assertThat(a.outcome()).isEqualTo(Attempt.Outcome.FAILED);
                assertThat(a.exceptionMessage()).isEqualTo("poison 1");
            });
            assertThat(deadLetters.await(address.toString(), Duration.ofSeconds(30)).value()).contains("poison 1");
        }
    }

    @Test
    @Order(4)
    void aTaskOnlyOneExecutorSatisfiesRunsThere() {
        Pure needsAGpu = portal.pure(Square.class).withPreValidators(Validators.gpu(1));
        List<ExecutionAddress> addresses = portal.swarmAll(needsAGpu,
                LongStream.range(40_000, 40_020).mapToObj(x -> Kwargs.of("x", x)).toList());
        assertThat(portal.getAll(addresses, Duration.ofSeconds(60))).hasSize(20);
        long gpu = CLUSTER.executor("gpu").pid();
        for (ExecutionAddress address : addresses) {
            List<Attempt> attempts = portal.record(address).orElseThrow().attempts();
            assertThat(attempts.getLast().outcome()).isEqualTo(Attempt.Outcome.DONE);
            assertThat(attempts.getLast().worker()).contains("/" + gpu + "/");
        }
    }

    @Test
    @Order(5)
    void aTaskNoExecutorSatisfiesEndsFailedNamingItsValidator() {
        try (TopicReader deadLetters = new TopicReader(CLUSTER.bootstrapServers(), "samos.tasks.dlt")) {
            Pure needsGpus = portal.pure(Square.class).withPreValidators(Validators.gpu(8));
            ExecutionAddress address = portal.swarm(needsGpus, Kwargs.of("x", 50_001L));
            assertThatThrownBy(() -> portal.get(address, Duration.ofSeconds(60)))
                    .isInstanceOf(FunctionFailedException.class).hasMessageContaining("gpu(8)");
            List<Attempt> attempts = portal.record(address).orElseThrow().attempts();
            // Declined delivery-limit (5) times, the last decline recorded as the failure; that every live executor
            // was among the decliners is shown deterministically by DeliveredTasksTest (see the note on issue 11).
            assertThat(attempts).filteredOn(a -> a.outcome() == Attempt.Outcome.NOT_RUN)
                    .hasSizeGreaterThanOrEqualTo(4)
                    .allSatisfy(a -> assertThat(a.validatorOutcomes().getLast()).contains("gpu(8)"));
            assertThat(attempts.getLast().exceptionClass()).endsWith("ValidationFailedException");
            assertThat(attempts.getLast().exceptionMessage()).contains("gpu(8)");
            assertThat(deadLetters.await(address.toString(), Duration.ofSeconds(30)).value()).contains("gpu(8)");
        }
    }

    @Test
    @Order(6)
    void aRunawayReachesItsTimeLimitWhileBothExecutorsServeOtherWork() {
        ExecutionAddress runaway = portal.swarm(portal.pure(Spin.class), Kwargs.of("n", 2_000_000_000L, "seed", 1L));
        Pure square = portal.pure(Square.class);
        List<ExecutionAddress> others = portal.swarmAll(square,
                LongStream.range(60_000, 60_200).mapToObj(x -> Kwargs.of("x", x)).toList());
        assertThat(portal.getAll(others, Duration.ofSeconds(60))).hasSize(200);
        assertThatThrownBy(() -> portal.get(runaway, Duration.ofSeconds(60)))
                .isInstanceOf(FunctionFailedException.class).hasMessageContaining("time limit");
        List<ServiceProcess> before = CLUSTER.executors();
        assertThat(portal.record(runaway).orElseThrow().attempts()).hasSize(2)
                .allSatisfy(a -> assertThat(a.outcome()).isEqualTo(Attempt.Outcome.TIMED_OUT));
        // Spin ignores interrupts: each attempt cost the worker JVM that ran it, and its executor replaced it.
        assertThat(CLUSTER.executors()).hasSize(2).containsExactlyElementsOf(before);
        assertThat(before).anySatisfy(executor -> assertThat(executor.logText())
                .contains("exiting to be replaced").contains("ended with"));
        List<ExecutionAddress> after = portal.swarmAll(square,
                LongStream.range(60_200, 60_300).mapToObj(x -> Kwargs.of("x", x)).toList());
        assertThat(portal.getAll(after, Duration.ofSeconds(60))).hasSize(100);
    }

    @Test
    @Order(7)
    void aTimeLimitAskedForOneCallHoldsOnTheExecutors() throws Exception {
        // The executors' default is 1 s: an attempt stopped at 300 ms was held to the call's own limit, which its
        // function value carried from the gateway through the index to the executor.
        Pure spin = portal.pure(Spin.class);
        assertThatThrownBy(() -> portal.call(Validators.timeLimit(Duration.ofMillis(300)).on(spin),
                Kwargs.of("n", 2_000_000_000L, "seed", 11L)))
                .isInstanceOf(FunctionFailedException.class).hasMessageContaining("time limit of 300 ms");

        URI calls = URI.create(CLUSTER.gatewayUri() + "/api/v1/functions/" + ValueAddress.of(spin) + "/calls");
        HttpResponse<String> limited = post(calls, "{\"kwargs\": {\"n\": 2000000000, \"seed\": 12}, "
                + "\"timeoutMillis\": 60000, \"timeLimitMillis\": 300}");
        assertThat(limited.statusCode()).as(limited.body()).isEqualTo(422);
        assertThat(limited.body()).contains("time limit of 300 ms");
        HttpResponse<String> tooLong = post(calls, "{\"kwargs\": {\"n\": 1, \"seed\": 12}, "
                + "\"timeLimitMillis\": 86400001}"); // over the gateway's max-time-limit (24 h)
        assertThat(tooLong.statusCode()).as(tooLong.body()).isEqualTo(400);
        assertThat(tooLong.body()).contains("\"field\":\"timeLimitMillis\"");
    }

    private static HttpResponse<String> post(URI uri, String body) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + E2eCluster.TOKEN)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    @Order(8)
    void identicalCallsThroughTwoGatewaysAreComputedOnce() throws Exception {
        try (ServiceProcess second = ServiceProcess.jar("ClusterSwarmIT-gateway-2", E2e.gatewayJar())
                .args(CLUSTER.gateway().command().stream().filter(a -> a.startsWith("--")
                        && !a.startsWith("--server.port=")).toList()).start();
                Portal other = Portal.remote(second.baseUri(), E2eCluster.TOKEN)) {
            Kwargs kwargs = Kwargs.of("n", 30_000_000L, "seed", 7L);
            Pure spin = portal.pure(Spin.class);
            Pure spinThere = other.pure(Spin.class);
            List<CompletableFuture<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> portal.call(spin, kwargs)));
                calls.add(CompletableFuture.supplyAsync(() -> other.call(spinThere, kwargs)));
            }
            Object first = calls.getFirst().get();
            for (CompletableFuture<Object> call : calls) {
                assertThat(call.get()).isEqualTo(first);
            }
            assertThat(portal.record(portal.executionAddress(spin, kwargs)).orElseThrow().attempts()).hasSize(1);
        }
    }

    @Test
    @Order(9)
    void anExecutorStoppedGracefullyReleasesWhatItHasNotStartedAndNothingIsLost() throws Exception {
        Pure spin = portal.pure(Spin.class);
        int tasks = 200;
        long doneBefore = done();
        List<ExecutionAddress> addresses = portal.swarmAll(spin, LongStream.range(0, tasks)
                .mapToObj(seed -> Kwargs.of("n", 20_000_000L, "seed", 5_000_000 + seed)).toList());
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (done() - doneBefore < tasks / 4 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        ServiceProcess gpu = CLUSTER.executor("gpu");
        try {
            assertThat(gpu.stop()).isEqualTo(ServiceProcess.SIGTERM_EXIT);
            assertThat(gpu.logText()).contains("stopping:").contains("stopped in").contains("released unstarted");
            assertThat(portal.getAll(addresses, Duration.ofMinutes(2))).hasSize(tasks);
            for (ExecutionAddress address : addresses) {
                assertThat(portal.record(address).orElseThrow().attempts())
                        .filteredOn(a -> a.outcome() == Attempt.Outcome.DONE).hasSize(1);
            }
        } finally {
            // The next test needs two executors, whatever became of this one.
            CLUSTER.startExecutor("gpu", "--samos.executor.resources.gpus=1");
        }
    }

    @Test
    @Order(10)
    void anExecutorKilledHalfwayLosesNothingAndEachResultIsStoredOnce() throws Exception {
        Pure spin = portal.pure(Spin.class);
        long steps = 20_000_000L;
        int tasks = 400;
        long doneBefore = done();
        List<ExecutionAddress> addresses = portal.swarmAll(spin, LongStream.range(0, tasks)
                .mapToObj(seed -> Kwargs.of("n", steps, "seed", 1_000_000 + seed)).toList());
        // A quarter, not half: batches settle together (the count jumps by tens) and a loaded machine can answer
        // late, so the kill must leave enough work behind to come before the end whatever the overshoot.
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long begin = System.nanoTime();
        List<String> progress = new ArrayList<>();
        for (long d = 0; d < tasks / 4 && System.nanoTime() < deadline; d = done() - doneBefore) {
            progress.add(d + " at " + (System.nanoTime() - begin) / 1_000_000 + " ms");
            Thread.sleep(50);
        }
        long doneAtKill = done() - doneBefore;
        long plain = CLUSTER.executor("plain").pid();
        long killedAt = System.nanoTime();
        assertThat(CLUSTER.executor("plain").kill9()).isEqualTo(ServiceProcess.SIGKILL_EXIT);
        List<Object> results = portal.getAll(addresses, Duration.ofMinutes(3));
        double rest = (System.nanoTime() - killedAt) / 1e9;

        long perSeed = 0;
        for (long step = 0; step < steps; step++) {
            perSeed += (step * 31) % 7;
        }
        int rerun = 0;
        int byKilled = 0;
        for (int i = 0; i < tasks; i++) {
            assertThat(((Number) results.get(i)).longValue()).isEqualTo(1_000_000 + i + perSeed);
            List<Attempt> attempts = portal.record(addresses.get(i)).orElseThrow().attempts();
            assertThat(attempts).filteredOn(a -> a.outcome() == Attempt.Outcome.DONE).hasSize(1);
            if (attempts.getLast().worker().contains("/" + plain + "/")) {
                byKilled++;
            }
            if (attempts.getLast().number() > 1) {
                rerun++;
                assertThat(attempts.getLast().worker()).doesNotContain("/" + plain + "/");
            }
        }
        assertThat(byKilled).as("the killed executor had done part of the work").isPositive();
        System.out.printf("[e2e] kill -9 of 1 of 2 executors with %d of %d tasks done (%d by the killed one): the"
                + " other %d done %.1f s later, %d of them run again after the killed executor had started them%n",
                doneAtKill, tasks, byKilled, tasks - doneAtKill, rest, rerun);
        assertThat(doneAtKill).as("the kill came before the end; DONE seen before it: %s", progress)
                .isLessThan(tasks);
    }

    private static long done() {
        return portal.describe().executions().getOrDefault("DONE", 0L);
    }

    private static void assertRanOnAnExecutor(ExecutionAddress address) {
        String worker = portal.record(address).orElseThrow().attempts().getLast().worker();
        assertThat(CLUSTER.executors().stream().map(e -> "/" + e.pid() + "/").anyMatch(worker::contains))
                .as("%s ran on an executor, not on %s", address, worker).isTrue();
    }
}
