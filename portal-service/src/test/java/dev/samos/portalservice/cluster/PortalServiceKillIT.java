package dev.samos.portalservice.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.index.ExecutionIndex;
import dev.samos.portal.PortalEngine;
import dev.samos.portal.PortalOptions;
import dev.samos.portal.PortalStorageException;
import dev.samos.portal.service.ServiceExecutionIndex;
import dev.samos.portal.service.ServiceOptions;
import dev.samos.portal.service.ServicePortal;
import dev.samos.portalservice.store.OutcomeLog;
import dev.samos.portalservice.store.S3Location;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * portal-service killed with SIGKILL in the middle of a swarm: the packaged jar runs as its own process on the
 * cluster backend (Redis and S3Mock in this JVM), 2 worker threads here settle 600 tasks through it, the
 * process is killed mid-way and started again on the same port, the work finishes, and then the cluster's state is
 * checked: every result correct, every DONE execution in the S3 outcome log, no DONE pointing to a missing value,
 * each execution DONE once. Runs after {@code package} (maven-failsafe), on the jar.
 */
class PortalServiceKillIT {

    private static final int TASKS = 600;
    private static final List<Process> STARTED = new ArrayList<>();

    @AfterAll
    static void killWhatIsLeft() {
        for (Process process : STARTED) {
            process.destroyForcibly();
        }
    }

    @Test
    void killedMidSwarmTheServiceComesBackAndTheStateHoldsItsInvariants() throws Exception {
        Path jar = Path.of("target", "samos-portal-service.jar").toAbsolutePath();
        assertThat(jar).exists();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        long tenant = ThreadLocalRandom.current().nextLong(1L << 20);
        String bucket = "samos-kill-" + tenant;
        String prefix = "kill-" + tenant + ":";
        int redisPort = RunningCluster.Servers.REDIS.port();
        URI s3Endpoint = RunningCluster.Servers.S3.endpoint();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                "--samos.portal.backend=cluster", "--server.port=" + port,
                "--samos.portal.s3.endpoint=" + s3Endpoint, "--samos.portal.s3.bucket=" + bucket,
                "--samos.portal.s3.access-key=test", "--samos.portal.s3.secret-key=test",
                "--samos.portal.redis.url=redis://127.0.0.1:" + redisPort,
                "--samos.portal.index.prefix=" + prefix, "--samos.portal.rebuild-check=1s");
        URI service = URI.create("http://localhost:" + port);
        HttpClient http = HttpClient.newHttpClient();

        Process first = start(command, 1);
        long offset = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
        try (PortalEngine portal = ServicePortal.open(service,
                PortalOptions.defaults().withWorkers(2).withLeaseMillis(1000))) {
            LettuceConnectionFactory redis = dev.samos.portalservice.index.RedisTestConnections.to(redisPort);
            long started = System.nanoTime();
            awaitHealthy(http, service, Duration.ofSeconds(120));
            System.out.printf("portal-service up in %d ms%n", (System.nanoTime() - started) / 1_000_000);

            Pure counted = portal.pure(Counted.class);
            List<Kwargs> calls = LongStream.range(0, TASKS)
                    .mapToObj(i -> Kwargs.of("x", offset + i, "big", i % 10 == 0)).toList();
            List<ExecutionAddress> addresses = portal.swarmAll(counted, calls);
            long swarmed = System.nanoTime();

            // Kill it when about a third is done.
            byte[] counts = (prefix + "counts").getBytes(StandardCharsets.UTF_8);
            long doneAtKill;
            try (RedisConnection c = redis.getConnection()) {
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while ((doneAtKill = done(c, counts)) < TASKS / 3) {
                    assertThat(System.nanoTime()).as("a third done in 120 s").isLessThan(deadline);
                    Thread.sleep(20);
                }
            }
            first.destroyForcibly(); // SIGKILL on Linux
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            long killed = System.nanoTime();
            System.out.printf("killed (SIGKILL) with %d of %d done, %d ms after the swarm%n", doneAtKill, TASKS,
                    (killed - swarmed) / 1_000_000);

            start(command, 2);
            awaitHealthy(http, service, Duration.ofSeconds(120));
            long healthy = System.nanoTime();
            List<Object> results = getAll(portal, addresses, Duration.ofSeconds(180));
            long finished = System.nanoTime();
            System.out.printf("healthy again %d ms after the kill; all %d tasks done %d ms after the kill%n",
                    (healthy - killed) / 1_000_000, TASKS, (finished - killed) / 1_000_000);

            for (int i = 0; i < TASKS; i++) {
                long x = offset + i;
                if (i % 10 == 0) {
                    assertThat((byte[]) results.get(i)).as("result of x=%d", x).isEqualTo(Counted.big(x));
                } else {
                    assertThat(results.get(i)).as("result of x=%d", x).isEqualTo(x * x);
                }
            }
            checkInvariants(redis, prefix, bucket, s3Endpoint, service, addresses);
            assertThat(get(http, service.resolve("/actuator/health"))).contains("\"UP\"");
            redis.destroy();
        } finally {
            for (Process process : STARTED) {
                process.destroyForcibly();
            }
        }
    }

    private void checkInvariants(LettuceConnectionFactory redis, String prefix, String bucket, URI s3Endpoint,
            URI service, List<ExecutionAddress> ours) {
        S3Location location = new S3Location(bucket, "");
        Map<ExecutionAddress, Integer> timesLogged = new HashMap<>();
        Map<ExecutionAddress, List<ExecutionIndex.Result>> logged = new HashMap<>();
        try (S3Client s3 = S3Client.builder().endpointOverride(s3Endpoint).region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
                OutcomeLog log = new OutcomeLog(s3, location, Clock.systemUTC());
                ServiceExecutionIndex index = new ServiceExecutionIndex(service, ServiceOptions.defaults());
                RedisConnection c = redis.getConnection()) {
            assertThat(log.replay(o -> {
                timesLogged.merge(o.execution(), 1, Integer::sum);
                logged.computeIfAbsent(o.execution(), k -> new ArrayList<>()).add(o.result());
            }).skipped()).isEmpty();

            byte[] head = (prefix + "x:").getBytes(StandardCharsets.UTF_8);
            List<ExecutionAddress> done = new ArrayList<>();
            try (Cursor<byte[]> keys = c.keyCommands().scan(ScanOptions.scanOptions().match(prefix + "x:*")
                    .count(1000).build())) {
                keys.forEachRemaining(key -> {
                    if ("DONE".equals(text(c.hashCommands().hGet(key, bytes("s"))))) {
                        done.add(new ExecutionAddress(text(c.hashCommands().hGet(key, bytes("d"))),
                                HexFormat.of().formatHex(Arrays.copyOfRange(key, head.length, key.length))));
                    }
                });
            }
            assertThat(done).as("DONE in Redis").hasSize(TASKS).containsExactlyInAnyOrderElementsOf(ours);
            assertThat(done(c, (prefix + "counts").getBytes(StandardCharsets.UTF_8))).isEqualTo(TASKS);

            int stored = 0;
            int retried = 0;
            for (ExecutionAddress address : done) {
                assertThat(logged).as("the outcome log holds DONE %s", address).containsKey(address);
                ExecutionIndex.Result result = index.state(address).orElseThrow().result();
                assertThat(logged.get(address)).anyMatch(r -> r.address().equals(result.address())
                        && Arrays.equals(r.inline(), result.inline()));
                if (result.inline() == null) {
                    stored++;
                    String key = location.key("values/" + result.address().toPath());
                    try {
                        s3.headObject(b -> b.bucket(bucket).key(key));
                    } catch (NoSuchKeyException e) {
                        throw new AssertionError("DONE " + address + " names a value S3 lacks: " + key, e);
                    }
                }
                List<Attempt> attempts = index.attempts(address);
                assertThat(attempts.stream().filter(a -> a.outcome() == Attempt.Outcome.DONE).count())
                        .as("DONE attempts of %s: %s", address, attempts).isEqualTo(1);
                if (attempts.size() > 1) {
                    retried++;
                }
            }
            long loggedTwice = timesLogged.values().stream().filter(n -> n > 1).count();
            System.out.printf("invariants hold: %d DONE, %d stored as values, %d with more than one attempt,"
                    + " %d logged more than once%n", done.size(), stored, retried, loggedTwice);
            assertThat(stored).isEqualTo(TASKS / 10);
        }
    }

    private static List<Object> getAll(PortalEngine portal, List<ExecutionAddress> addresses, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return portal.getAll(addresses, timeout);
            } catch (PortalStorageException e) {
                assertThat(System.nanoTime()).as("done in time; last: %s", e).isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    private static long done(RedisConnection c, byte[] counts) {
        byte[] done = c.hashCommands().hGet(counts, bytes("DONE"));
        return done == null ? 0 : Long.parseLong(text(done));
    }

    private static Process start(List<String> command, int run) throws IOException {
        Path log = Path.of("target", "portal-service-kill-it-" + run + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        STARTED.add(process);
        return process;
    }

    private static void awaitHealthy(HttpClient http, URI service, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (get(http, service.resolve("/actuator/health")).contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            assertThat(System.nanoTime()).as("portal-service healthy in time").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static String get(HttpClient http, URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
