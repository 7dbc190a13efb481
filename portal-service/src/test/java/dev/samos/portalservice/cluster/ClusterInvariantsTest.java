package dev.samos.portalservice.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.address.ValueAddress;
import dev.samos.codec.StorageCodec;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionRecord;
import dev.samos.execution.ExecutionStatus;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.index.ExecutionIndex;
import dev.samos.portal.PortalDescription;
import dev.samos.portal.PortalEngine;
import dev.samos.portal.PortalOptions;
import dev.samos.portal.PortalStorageException;
import dev.samos.portal.service.ServicePortal;
import dev.samos.portalservice.index.RedisExecutionIndex;
import dev.samos.portalservice.store.FunctionLog;
import dev.samos.portalservice.store.OutcomeLog;
import dev.samos.portalservice.store.S3Location;
import dev.samos.store.ValueStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the cluster backend promises, checked on its real state (the class's own S3 bucket and Redis prefix) rather
 * than through the portal alone: S3 knows every result Redis calls DONE, Redis is rebuilt from S3 after losing
 * everything, a damaged S3 value is recomputed, and a settle S3 refuses leaves Redis exactly as it was.
 *
 * <p>Redis is shared by every cluster test class in the JVM (each on its own prefix), so "Redis loses everything"
 * deletes this class's prefix — every key of this index — by SCAN + DEL, never FLUSHALL, which would wipe the other
 * classes' indexes under their feet. The mark {@code <prefix>built} is deleted last, so the rebuild (which looks
 * for it every 500 ms here) cannot start before the rest is gone.
 */
class ClusterInvariantsTest extends RunningCluster {

    private static final StorageCodec CODEC = new StorageCodec();

    @Autowired
    S3Client s3;
    @Autowired
    S3Location location;
    @Autowired
    ValueStore values;
    @Autowired
    DurableExecutionIndex index;
    @Autowired
    FunctionLog functions;
    @Autowired
    RedisConnectionFactory redis;
    @Autowired
    MeterRegistry meters;
    @Value("${samos.portal.index.prefix}")
    String prefix;

    private PortalEngine portal(int workers) {
        return ServicePortal.open(serviceUri(), PortalOptions.defaults().withWorkers(workers));
    }

    private static long offset() {
        return ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
    }

    /** Small (inline) and big (stored value) results of new executions, swarmed and computed by 2 workers. */
    private List<ExecutionAddress> computeSome(PortalEngine portal, long offset, int n) {
        Pure counted = portal.pure(Counted.class);
        List<Kwargs> calls = LongStream.range(0, n)
                .mapToObj(i -> Kwargs.of("x", offset + i, "big", i % 4 == 0)).toList();
        List<ExecutionAddress> addresses = portal.swarmAll(counted, calls);
        List<Object> results = portal.getAll(addresses, Duration.ofSeconds(60));
        for (int i = 0; i < n; i++) {
            long x = offset + i;
            if (i % 4 == 0) {
                assertThat((byte[]) results.get(i)).isEqualTo(Counted.big(x));
            } else {
                assertThat(results.get(i)).isEqualTo(x * x);
            }
        }
        return addresses;
    }

    /** Every result of the outcome log by execution (an execution may be in it more than once). */
    private Map<ExecutionAddress, List<ExecutionIndex.Result>> replayLog() {
        Map<ExecutionAddress, List<ExecutionIndex.Result>> logged = new HashMap<>();
        try (OutcomeLog log = new OutcomeLog(s3, location, Clock.systemUTC())) {
            OutcomeLog.Replayed replayed = log.replay(
                    o -> logged.computeIfAbsent(o.execution(), k -> new ArrayList<>()).add(o.result()));
            assertThat(replayed.skipped()).as("damaged outcome batches").isEmpty();
        }
        return logged;
    }

    /** Every execution Redis holds under this class's prefix with status DONE (read from the hashes themselves). */
    private List<ExecutionAddress> doneInRedis() {
        byte[] head = (prefix + "x:").getBytes(StandardCharsets.UTF_8);
        List<ExecutionAddress> done = new ArrayList<>();
        try (RedisConnection c = redis.getConnection()) {
            for (byte[] key : keys(c, prefix + "x:*")) {
                String status = text(c.hashCommands().hGet(key, bytes("s")));
                if ("DONE".equals(status)) {
                    String descriptor = text(c.hashCommands().hGet(key, bytes("d")));
                    done.add(new ExecutionAddress(descriptor,
                            HexFormat.of().formatHex(Arrays.copyOfRange(key, head.length, key.length))));
                }
            }
        }
        return done;
    }

    private static List<byte[]> keys(RedisConnection c, String pattern) {
        List<byte[]> keys = new ArrayList<>();
        try (Cursor<byte[]> cursor = c.keyCommands().scan(ScanOptions.scanOptions().match(pattern).count(1000)
                .build())) {
            cursor.forEachRemaining(keys::add);
        }
        return keys;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static boolean sameResult(ExecutionIndex.Result a, ExecutionIndex.Result b) {
        return a.address().equals(b.address()) && Arrays.equals(a.inline(), b.inline());
    }

    @Test
    void everyDoneExecutionIsInTheOutcomeLogAndEveryStoredResultIsAValue() {
        List<ExecutionAddress> ours;
        try (PortalEngine portal = portal(2)) {
            ours = computeSome(portal, offset(), 40);
            for (ExecutionAddress address : ours) {
                assertThat(portal.ready(address)).isTrue();
                assertThat(portal.record(address).orElseThrow().status()).isEqualTo(ExecutionStatus.DONE);
            }
        }
        Map<ExecutionAddress, List<ExecutionIndex.Result>> logged = replayLog();
        List<ExecutionAddress> done = doneInRedis();
        assertThat(done).as("DONE in Redis").containsAll(ours);
        int stored = 0;
        for (ExecutionAddress address : done) {
            assertThat(logged).as("the outcome log holds DONE %s", address).containsKey(address);
            ExecutionIndex.Result result = index.state(address).orElseThrow().result();
            assertThat(result).as("the result of DONE %s", address).isNotNull();
            assertThat(logged.get(address)).as("a logged result of %s is the index's", address)
                    .anyMatch(r -> sameResult(r, result));
            if (result.inline() == null) {
                stored++;
                assertThat(values.has(result.address())).as("stored result %s of %s", result.address(), address)
                        .isTrue();
            }
        }
        try (PortalEngine portal = portal(0)) {
            for (ExecutionAddress address : ours) {
                ExecutionRecord record = portal.record(address).orElseThrow();
                assertThat(logged.get(address)).anyMatch(r -> r.address().equals(record.result()));
            }
        }
        assertThat(stored).as("big results are stored values, not inline").isGreaterThanOrEqualTo(10);
    }

    @Test
    void afterRedisLostTheIndexTheRebuildRestoresEveryResultWithoutRecomputing() throws Exception {
        long offset = offset();
        List<ExecutionAddress> addresses;
        Map<ExecutionAddress, ExecutionRecord> before = new HashMap<>();
        PortalDescription described;
        try (PortalEngine portal = portal(2)) {
            addresses = computeSome(portal, offset, 20);
            for (ExecutionAddress address : addresses) {
                before.put(address, portal.record(address).orElseThrow());
            }
        }
        try (PortalEngine portal = portal(0)) {
            described = portal.describe();
        }
        assertThat(described.executions().get("DONE")).isGreaterThanOrEqualTo(20);
        // The index's counters agree with its executions' own statuses, and S3 holds every DONE one. S3 may hold
        // more: an outcome is appended before its settle, so a settle refused after that (its lease lost, its
        // execution cancelled meanwhile) leaves a DONE result in the log that the index does not call DONE — still
        // a result of a pure function, which the rebuild puts back.
        List<ExecutionAddress> doneBefore = doneInRedis();
        assertThat(described.executions().get("DONE")).as("the DONE counter against the hashes")
                .isEqualTo((long) doneBefore.size());
        Map<ExecutionAddress, List<ExecutionIndex.Result>> logged = replayLog();
        assertThat(logged.keySet()).as("every DONE execution is in the outcome log").containsAll(doneBefore);

        // Redis loses this index: every key under the prefix, the mark last.
        try (RedisConnection c = redis.getConnection()) {
            byte[] built = bytes(prefix + "built");
            List<byte[]> keys = keys(c, prefix + "*");
            assertThat(keys).isNotEmpty();
            for (byte[] key : keys) {
                if (!Arrays.equals(key, built)) {
                    c.keyCommands().del(key);
                }
            }
            c.keyCommands().del(built);
            assertThat(keys(c, prefix + "x:*")).isEmpty();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!Boolean.TRUE.equals(c.keyCommands().exists(built))) {
                assertThat(System.nanoTime()).as("rebuilt within 30 s").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(c.hashCommands().hLen(bytes(prefix + "functions"))).as("functions registered again")
                    .isEqualTo(described.functions());
        }

        try (PortalEngine portal = portal(0)) {
            PortalDescription after = portal.describe();
            assertThat(after.functions()).isEqualTo(described.functions());
            assertThat(after.executions().get("DONE")).as("every execution of the log, DONE again")
                    .isEqualTo((long) logged.size()).isGreaterThanOrEqualTo(described.executions().get("DONE"));
            assertThat(doneInRedis()).containsAll(doneBefore);
            assertThat(after.values()).isEqualTo(described.values());
            Pure counted = portal.pure(Counted.class);
            for (int i = 0; i < addresses.size(); i++) {
                long x = offset + i;
                ExecutionAddress address = addresses.get(i);
                assertThat(portal.ready(address)).isTrue();
                Object result = counted.call(Kwargs.of("x", x, "big", i % 4 == 0));
                if (i % 4 == 0) {
                    assertThat((byte[]) result).isEqualTo(Counted.big(x));
                } else {
                    assertThat(result).isEqualTo(x * x);
                }
                ExecutionRecord record = portal.record(address).orElseThrow();
                assertThat(record.attempts()).as("attempts of %s", address).hasSize(1);
                assertThat(record.attempts()).isEqualTo(before.get(address).attempts());
                assertThat(record.result()).isEqualTo(before.get(address).result());
            }
        }
    }

    @Test
    void aCorruptStoredResultIsRefusedAndComputedAgain() {
        long x = offset();
        Kwargs kwargs = Kwargs.of("x", x, "big", true);
        ExecutionAddress address;
        ValueAddress result;
        try (PortalEngine portal = portal(0)) {
            assertThat((byte[]) portal.pure(Counted.class).call(kwargs)).isEqualTo(Counted.big(x));
            address = portal.executionAddress(portal.pure(Counted.class), kwargs);
            result = portal.record(address).orElseThrow().result();
        }
        assertThat(index.state(address).orElseThrow().result().inline()).as("a big result is not inline").isNull();
        assertThat(values.has(result)).isTrue();

        // Other bytes in the value's object (S3 lets an unconditional PUT overwrite it).
        String key = location.key("values/" + result.toPath());
        assertThat(s3.headObject(b -> b.bucket(location.bucket()).key(key)).contentLength()).isPositive();
        s3.putObject(b -> b.bucket(location.bucket()).key(key), RequestBody.fromBytes(bytes("not the value")));

        try (PortalEngine portal = portal(0)) { // a new portal: nothing cached on the client side
            assertThat((byte[]) portal.pure(Counted.class).call(kwargs)).isEqualTo(Counted.big(x));
            ExecutionRecord record = portal.record(address).orElseThrow();
            assertThat(record.status()).isEqualTo(ExecutionStatus.DONE);
            assertThat(record.attempts()).as("computed again").hasSize(2);
            assertThat(record.result()).isEqualTo(result);
        }
        assertThat(values.has(result)).as("the recomputed value is stored again").isTrue();
        assertThat((byte[]) values.get(result).orElseThrow().value()).isEqualTo(Counted.big(x));
        try (PortalEngine portal = portal(0)) {
            assertThat((byte[]) portal.pure(Counted.class).call(kwargs)).isEqualTo(Counted.big(x));
            assertThat(portal.record(address).orElseThrow().attempts()).hasSize(2);
        }
    }

    @Test
    void aSettleS3RefusesLeavesRedisExactlyAsItWas() throws IOException {
        String owner = "invariants-" + offset();
        ValueAddress function = ValueAddress.of("a function " + owner);
        ExecutionAddress address = ExecutionAddress.of("s3down", function, Map.of("x", ValueAddress.of(owner)));
        ExecutionIndex.Request request = new ExecutionIndex.Request(address, function,
                ExecutionIndex.Arguments.inline(CODEC.encode(Map.of("x", owner))));
        ExecutionIndex.Claim claim = index.claim(request, owner, 60_000);
        assertThat(claim).isInstanceOf(ExecutionIndex.Claim.Claimed.class);
        ExecutionIndex.Lease lease = ((ExecutionIndex.Claim.Claimed) claim).lease();
        long now = System.currentTimeMillis();
        Object value = List.of("the result", owner);
        ExecutionIndex.Settlement done = new ExecutionIndex.Settlement.Done(address, lease,
                new Attempt(lease.attempt(), owner, now, now, Attempt.Outcome.DONE, "", "", null, null, null,
                        List.of()),
                new ExecutionIndex.Result(ValueAddress.of(value), CODEC.encode(value)));

        // The same Redis index, with an outcome log on an S3 that is not there.
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Map<String, String> before = snapshot();
        try (S3Client down = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + closed))
                .region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build()) {
            DurableExecutionIndex s3Down = new DurableExecutionIndex(
                    new RedisExecutionIndex(redis, prefix, Clock.systemUTC()),
                    new OutcomeLog(down, location, Clock.systemUTC()), functions, new SimpleMeterRegistry());
            assertThatThrownBy(() -> s3Down.settle(List.of(done), owner, 60_000, 10))
                    .isInstanceOf(PortalStorageException.class);
        }
        assertThat(snapshot()).as("every key under the prefix, after the refused settle").isEqualTo(before);
        assertThat(index.state(address).orElseThrow().status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(index.attempts(address)).isEmpty();
        assertThat(replayLog()).doesNotContainKey(address);

        // The lease was kept: the same settle with S3 there goes through, and is logged first.
        assertThat(index.settle(List.of(done), owner, 60_000, 0).refused()).isEmpty();
        assertThat(index.state(address).orElseThrow().status()).isEqualTo(ExecutionStatus.DONE);
        assertThat(replayLog()).containsKey(address);
    }

    @Test
    void theOutcomeLogHasWhatTheClaimHereReadAndReadsRedisForWhatAnotherReplicaClaimed() {
        String owner = "claims-" + offset();
        ValueAddress function = ValueAddress.of("a function " + owner);
        List<ExecutionIndex.Request> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String x = owner + "-" + i;
            requests.add(new ExecutionIndex.Request(
                    ExecutionAddress.of("claims", function, Map.of("x", ValueAddress.of(x))), function,
                    ExecutionIndex.Arguments.inline(CODEC.encode(Map.of("x", x)))));
        }
        List<ExecutionAddress> addresses = requests.stream().map(ExecutionIndex.Request::address).toList();
        index.request(requests);
        List<ExecutionIndex.Settlement> settlements = new ArrayList<>();
        for (ExecutionIndex.TaskClaim claim : index.claimTasks(addresses, owner, 60_000)) {
            ExecutionIndex.Task task = ((ExecutionIndex.TaskClaim.Taken) claim).task();
            long now = System.currentTimeMillis();
            Object value = List.of("result of", task.address().toString());
            settlements.add(new ExecutionIndex.Settlement.Done(task.address(), task.lease(),
                    new Attempt(task.lease().attempt(), owner, now, now, Attempt.Outcome.DONE, "", "", null, null,
                            null, List.of()),
                    new ExecutionIndex.Result(ValueAddress.of(value), CODEC.encode(value))));
        }
        SimpleMeterRegistry replicaMeters = new SimpleMeterRegistry();
        DurableExecutionIndex replica = new DurableExecutionIndex(
                new RedisExecutionIndex(redis, prefix, Clock.systemUTC()),
                new OutcomeLog(s3, location, Clock.systemUTC()), functions, replicaMeters);
        double readHere = meters.counter("samos.portal.outcomes.requests.read").count();

        assertThat(index.settle(settlements.subList(0, 2), owner, 60_000, 0).refused()).isEmpty();
        assertThat(replica.settle(settlements.subList(2, 4), owner, 60_000, 0).refused()).isEmpty();

        assertThat(meters.counter("samos.portal.outcomes.requests.read").count() - readHere)
                .as("requests read from Redis by the replica that claimed").isZero();
        assertThat(replicaMeters.counter("samos.portal.outcomes.requests.read").count())
                .as("requests read from Redis by the other replica").isEqualTo(2);
        Map<ExecutionAddress, OutcomeLog.Outcome> logged = new HashMap<>();
        try (OutcomeLog log = new OutcomeLog(s3, location, Clock.systemUTC())) {
            log.replay(o -> logged.put(o.execution(), o));
        }
        for (ExecutionIndex.Request request : requests) {
            OutcomeLog.Outcome outcome = logged.get(request.address());
            assertThat(outcome).as("logged: %s", request.address()).isNotNull();
            assertThat(outcome.function()).isEqualTo(function);
            assertThat(outcome.kwargs().inline()).isEqualTo(request.kwargs().inline());
            assertThat(index.state(request.address()).orElseThrow().status()).isEqualTo(ExecutionStatus.DONE);
        }
    }

    /** Every key under this class's prefix and its content, comparable (hashes and sets sorted). */
    private Map<String, String> snapshot() {
        HexFormat hex = HexFormat.of();
        Map<String, String> snapshot = new TreeMap<>();
        try (RedisConnection c = redis.getConnection()) {
            for (byte[] key : keys(c, prefix + "*")) {
                DataType type = c.keyCommands().type(key);
                String content = switch (type) {
                    case STRING -> hex.formatHex(c.stringCommands().get(key));
                    case HASH -> {
                        Map<String, String> fields = new TreeMap<>();
                        c.hashCommands().hGetAll(key).forEach((f, v) -> fields.put(hex.formatHex(f), hex.formatHex(v)));
                        yield fields.toString();
                    }
                    case LIST -> c.listCommands().lRange(key, 0, -1).stream().map(hex::formatHex).toList().toString();
                    case ZSET -> c.zSetCommands().zRangeWithScores(key, 0, -1).stream()
                            .map(t -> hex.formatHex(t.getValue()) + "=" + t.getScore()).toList().toString();
                    case SET -> new TreeMap<>(Map.of("members", c.setCommands().sMembers(key).stream()
                            .map(hex::formatHex).sorted().toList())).toString();
                    default -> type.toString();
                };
                snapshot.put(hex.formatHex(key), type + " " + content);
            }
        }
        return snapshot;
    }
}
