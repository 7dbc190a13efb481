package dev.samos.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.cluster.testkit.KafkaBroker;
import dev.samos.cluster.testkit.TopicReader;
import dev.samos.cluster.tasks.KafkaTaskPublisher;
import dev.samos.executor.config.ExecutorConfiguration;
import dev.samos.executor.config.ExecutorProperties;
import dev.samos.executor.task.TaskRunner;
import dev.samos.executor.worker.WorkerJvms;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionRecord;
import dev.samos.execution.ExecutionStatus;
import dev.samos.function.FunctionFailedException;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.function.Resources;
import dev.samos.portal.LocalStores;
import dev.samos.portal.PortalEngine;
import dev.samos.portal.PortalOptions;
import dev.samos.portal.TaskRouting;
import dev.samos.testkit.Poison;
import dev.samos.testkit.Spin;
import dev.samos.testkit.Square;
import dev.samos.validator.Validators;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The executor against a real Kafka broker (KRaft, in this JVM) and a real share group: records in, tasks run in the
 * executor's worker JVM (the default), records acknowledged, released, republished, dead-lettered. Its portal — the
 * executor's and its worker JVM's — is the engine over a local folder instead of
 * portal-service (the portal's seam: the same engine, contract-tested on both stores), so this suite needs no
 * other service; the e2e module runs the packaged executor against portal-service on Redis and S3. The "gateway"
 * here is a second engine on the same folder that publishes every call, as the cluster gateway does.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "samos.executor.concurrency=2",
        "samos.executor.max-tries=3",
        "samos.executor.retry-millis=50",
        "samos.executor.decline-delay=20ms",
        "samos.executor.sweep-interval=500ms",
        "samos.executor.lease-millis=3000",
        "samos.executor.resources.gpus=0",
        "samos.executor.time-limit=300ms",
        "samos.executor.execution.worker-heap=256m",
        "samos.tasks.partitions=2"})
class ExecutorOnKafkaTest {

    static KafkaBroker kafka;
    static Path folder;

    /** The broker starts before the application context, which needs its address. */
    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) throws IOException {
        if (kafka == null) {
            kafka = KafkaBroker.start();
            folder = Files.createTempDirectory("samos-executor-test");
        }
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
        registry.add("samos.cluster.portal-service", () -> "http://localhost:1");
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** The executor's portal: the engine over the local folder, publishing what its functions swarm. */
    @TestConfiguration
    static class OnTheFolder {
        @Bean(destroyMethod = "close")
        @Primary
        PortalEngine folderPortal(KafkaTaskPublisher publisher, Resources resources, ExecutorProperties properties) {
            LocalStores stores = LocalStores.open(folder, Clock.systemUTC());
            return PortalEngine.open("local", stores.values(), stores.index(),
                    ExecutorConfiguration.portalOptions(properties), Clock.systemUTC(),
                    TaskRouting.published(publisher), resources);
        }

        /** The worker JVM opens the same folder. */
        @Bean
        @Primary
        ExecutorConfiguration.WorkerPortal folderWorkerPortal() {
            return new ExecutorConfiguration.WorkerPortal(List.of("--folder", folder.toString()));
        }
    }

    static PortalOptions options() {
        return PortalOptions.defaults().withWorkers(0).withRunInCaller(false).withLeaseMillis(3_000)
                .withRetries(3, 50);
    }

    @Autowired
    PortalEngine executor;
    @Autowired
    KafkaTaskPublisher publisher;
    @Autowired
    KafkaTemplate<String, String> kafkaTemplate;
    @Autowired
    TaskRunner tasks;
    @LocalServerPort
    int port;

    /** A gateway's view: every call published to the task topic, none run here. */
    PortalEngine gateway() {
        LocalStores stores = LocalStores.open(folder, Clock.systemUTC());
        return PortalEngine.open("local", stores.values(), stores.index(), options(), Clock.systemUTC(),
                TaskRouting.allPublished(publisher));
    }

    @Test
    void aRunawayReachesItsTimeLimitAndTheExecutorServesOtherWorkMeanwhile() {
        try (PortalEngine gateway = gateway()) {
            ExecutionAddress runaway = gateway.swarm(gateway.pure(Spin.class), Kwargs.of(Map.of("n", 3_000_000_000L, "seed", 0L)));
            Pure square = gateway.pure(Square.class);
            assertThat(gateway.call(square, Kwargs.of(Map.of("x", 4_242)))).isEqualTo(4_242L * 4_242L);
            assertThatThrownBy(() -> gateway.get(runaway, Duration.ofSeconds(30)))
                    .isInstanceOf(FunctionFailedException.class).hasMessageContaining("time limit of 300 ms");
            assertThat(gateway.record(runaway).orElseThrow().attempts()).hasSize(3)
                    .allSatisfy(a -> assertThat(a.outcome()).isEqualTo(Attempt.Outcome.TIMED_OUT));
            // The runaway ignored its interrupts: each attempt cost the worker JVM that ran it, never the executor,
            // which went on serving with a fresh one.
            assertThat(((WorkerJvms) tasks).restarts()).isGreaterThanOrEqualTo(1);
            assertThat(gateway.call(square, Kwargs.of(Map.of("x", 4_243)))).isEqualTo(4_243L * 4_243L);
        }
    }

    @Test
    void aWorkerJvmKilledMidSwarmIsReplacedAndNothingIsLost() throws Exception {
        WorkerJvms workers = (WorkerJvms) tasks;
        long restartsBefore = workers.restarts();
        try (PortalEngine gateway = gateway()) {
            Pure square = gateway.pure(Square.class);
            List<Kwargs> calls = IntStream.range(200_000, 203_000).mapToObj(i -> Kwargs.of(Map.of("x", i))).toList();
            List<ExecutionAddress> addresses = gateway.swarmAll(square, calls);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (addresses.stream().limit(50).noneMatch(gateway::ready) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            List<ProcessHandle> killed = workers.handles();
            assertThat(killed).isNotEmpty();
            killed.forEach(ProcessHandle::destroyForcibly); // kill -9, mid-swarm
            List<Object> results = gateway.getAll(addresses, Duration.ofSeconds(90));
            for (int i = 0; i < results.size(); i++) {
                long x = 200_000 + i;
                assertThat(((Number) results.get(i)).longValue()).isEqualTo(x * x);
            }
            assertThat(workers.restarts()).isGreaterThan(restartsBefore);
            assertThat(workers.handles()).noneMatch(killed::contains);
        }
    }

    /** Whether {@code worker} (an attempt's) is one of this executor's worker JVMs: they are named after it. */
    boolean ranHere(String worker) {
        String executorName = executor.workerId().substring(0, executor.workerId().lastIndexOf('/') + 1);
        return worker.startsWith(executorName) && !worker.equals(executor.workerId());
    }

    @Test
    void swarmedCallsRunOnTheExecutorAndEveryResultIsRight() {
        try (PortalEngine gateway = gateway()) {
            Pure square = gateway.pure(Square.class);
            List<Kwargs> calls = IntStream.range(0, 500).mapToObj(i -> Kwargs.of(Map.of("x", i))).toList();
            List<ExecutionAddress> addresses = gateway.swarmAll(square, calls);
            List<Object> results = gateway.getAll(addresses, Duration.ofSeconds(60));
            for (int i = 0; i < results.size(); i++) {
                assertThat(((Number) results.get(i)).longValue()).isEqualTo((long) i * i);
            }
            ExecutionRecord record = gateway.record(addresses.get(7)).orElseThrow();
            assertThat(record.attempts()).hasSize(1);
            assertThat(ranHere(record.attempts().getFirst().worker())).isTrue();
        }
    }

    @Test
    void aGatewaysSynchronousCallRunsOnTheExecutor() {
        try (PortalEngine gateway = gateway()) {
            Pure square = gateway.pure(Square.class);
            assertThat(gateway.call(square, Kwargs.of(Map.of("x", 100_001)))).isEqualTo(100_001L * 100_001L);
            ExecutionRecord record = gateway.record(gateway.executionAddress(square, Kwargs.of(Map.of("x", 100_001))))
                    .orElseThrow();
            assertThat(record.attempts()).hasSize(1);
            assertThat(ranHere(record.attempts().getFirst().worker())).isTrue();
        }
    }

    @Test
    void aPoisonTaskIsRetriedThenFailedWithItsRecordsAndDeadLettered() {
        ch.qos.logback.classic.Logger outcomes = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                "dev.samos.executor.task.TaskOutcomes");
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        var lines = new ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent>() {
            @Override
            protected void append(ch.qos.logback.classic.spi.ILoggingEvent event) {
                logged.add(event.getFormattedMessage() + " @ "
                        + event.getMDCPropertyMap().get(dev.samos.portal.ExecutionLogContext.KEY));
            }
        };
        lines.start();
        outcomes.addAppender(lines);
        // common's test-jar brings a logback-test.xml with the root logger off: this one logger is turned on.
        outcomes.setLevel(ch.qos.logback.classic.Level.INFO);
        try (PortalEngine gateway = gateway(); TopicReader deadLetters = new TopicReader(kafka.bootstrapServers(), "samos.tasks.dlt")) {
            Pure poison = gateway.pure(Poison.class);
            ExecutionAddress address = gateway.swarm(poison, Kwargs.of(Map.of("x", 1)));
            assertThatThrownBy(() -> gateway.get(address, Duration.ofSeconds(30)))
                    .isInstanceOf(FunctionFailedException.class).hasMessageContaining("poison 1");
            ExecutionRecord record = gateway.record(address).orElseThrow();
            assertThat(record.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(record.attempts()).hasSize(3).allSatisfy(attempt -> {
                assertThat(attempt.outcome()).isEqualTo(Attempt.Outcome.FAILED);
                assertThat(attempt.exceptionMessage()).isEqualTo("poison 1");
            });
            ConsumerRecord<String, String> letter = deadLetters.await(address.toString(), Duration.ofSeconds(20));
            assertThat(letter.value()).contains("poison 1").contains(address.toString());
            // What became of the task is logged in its execution's context.
            assertThat(logged).anySatisfy(line -> assertThat(line).startsWith(address + " FAILED for good")
                    .endsWith(" @ " + address));
        } finally {
            outcomes.detachAppender(lines);
            outcomes.setLevel(null);
        }
    }

    @Test
    void aTaskNoExecutorSatisfiesEndsFailedNamingItsValidator() {
        try (PortalEngine gateway = gateway(); TopicReader deadLetters = new TopicReader(kafka.bootstrapServers(), "samos.tasks.dlt")) {
            Pure needsGpus = gateway.pure(Square.class).withPreValidators(Validators.gpu(4));
            // Its own arguments: validators are not part of an address, and the other tests square small numbers.
            ExecutionAddress address = gateway.swarm(needsGpus, Kwargs.of(Map.of("x", 1_000_003)));
            assertThatThrownBy(() -> gateway.get(address, Duration.ofSeconds(30)))
                    .isInstanceOf(FunctionFailedException.class).hasMessageContaining("gpu(4)");
            List<Attempt> attempts = gateway.record(address).orElseThrow().attempts();
            assertThat(attempts).filteredOn(a -> a.outcome() == Attempt.Outcome.NOT_RUN).isNotEmpty();
            assertThat(attempts.getLast().exceptionClass()).endsWith("ValidationFailedException");
            assertThat(deadLetters.await(address.toString(), Duration.ofSeconds(20)).value()).contains("gpu(4)");
        }
    }

    @Test
    void aMalformedRecordIsRejectedAndTheExecutorGoesOn() throws Exception {
        kafkaTemplate.send("samos.tasks", "not an execution address").get();
        try (PortalEngine gateway = gateway()) {
            Pure square = gateway.pure(Square.class);
            assertThat(gateway.call(square, Kwargs.of(Map.of("x", 77_777)))).isEqualTo(77_777L * 77_777L);
        }
        awaitMetric("samos_executor_tasks_total{outcome=\"malformed\"}");
    }

    @Test
    void aRequestThatNoRecordCarriesIsSweptFromTheIndex() {
        LocalStores stores = LocalStores.open(folder, Clock.systemUTC());
        // A portal that records requests and publishes nothing: as a gateway that died before publishing.
        try (PortalEngine silent = PortalEngine.open("local", stores.values(), stores.index(), options(),
                Clock.systemUTC(), TaskRouting.LOCAL)) {
            Pure square = silent.pure(Square.class);
            ExecutionAddress address = silent.swarm(square, Kwargs.of(Map.of("x", 31_337)));
            assertThat(silent.get(address, Duration.ofSeconds(30))).isEqualTo(31_337L * 31_337L);
            assertThat(ranHere(silent.record(address).orElseThrow().attempts().getFirst().worker())).isTrue();
        }
    }

    @Test
    void healthAndTheQueueDepthMetricAreServed() throws Exception {
        assertThat(http("/actuator/health")).contains("\"status\":\"UP\"");
        // The Helm chart's probes (helm/samos).
        assertThat(http("/actuator/health/liveness")).contains("\"status\":\"UP\"");
        assertThat(http("/actuator/health/readiness")).contains("\"status\":\"UP\"");
        assertThat(http("/actuator/prometheus")).contains("samos_executor_queue_depth")
                .contains("samos_executor_tasks_total");
    }

    private void awaitMetric(String line) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = http("/actuator/prometheus");
            if (last.contains(line)) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(last).contains(line);
    }

    private String http(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        }
    }
}
