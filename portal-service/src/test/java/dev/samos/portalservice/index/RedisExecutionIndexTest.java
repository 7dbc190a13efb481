package dev.samos.portalservice.index;

import dev.samos.portalservice.testkit.RedisTestServer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionStatus;
import dev.samos.index.ExecutionIndex;
import dev.samos.index.ExecutionIndex.Claim;
import dev.samos.index.ExecutionIndex.Lease;
import dev.samos.index.ExecutionIndex.Settlement;
import dev.samos.index.ExecutionIndex.Task;
import dev.samos.index.ExecutionIndexContract;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ValueEncoding.RedisValueEncoding;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** The execution index contract against a real redis-server, plus what only Redis can get wrong. */
class RedisExecutionIndexTest extends ExecutionIndexContract {

    private static RedisTestServer server;
    private static LettuceConnectionFactory connections;

    @BeforeAll
    static void startRedis() {
        server = RedisTestServer.start();
        connections = RedisTestConnections.to(server.port());
    }

    @AfterAll
    static void stopRedis() {
        connections.destroy();
        server.close();
    }

    @BeforeEach
    void flushRedis() {
        try (RedisConnection connection = connections.getConnection()) {
            connection.serverCommands().flushAll();
        }
    }

    @Override
    protected ExecutionIndex newIndex(Clock clock) {
        return new RedisExecutionIndex(connections, "samos:", clock);
    }

    @Test
    void twoIndexesOnOneRedisNeverBothOwnALease() throws Exception {
        LettuceConnectionFactory second = RedisTestConnections.to(server.port());
        try (ExecutionIndex other = new RedisExecutionIndex(second, "samos:", clock)) {
            List<ExecutionIndex> executors = List.of(index, other);
            List<Claim> claims = concurrently(8, n -> executors.get(n % 2).claim(request(1), "owner-" + n, LEASE));
            assertThat(claims).filteredOn(Claim.Claimed.class::isInstance).hasSize(1);

            int tasks = 300;
            index.request(IntStream.range(10, 10 + tasks).mapToObj(ExecutionIndexContract::request).toList());
            List<List<Task>> perThread = concurrently(4, n -> {
                List<Task> mine = new ArrayList<>();
                ExecutionIndex executor = executors.get(n % 2);
                for (List<Task> batch = executor.claimNext("executor-" + n, LEASE, 5); !batch.isEmpty();
                        batch = executor.claimNext("executor-" + n, LEASE, 5)) {
                    mine.addAll(batch);
                }
                return mine;
            });
            assertThat(perThread.stream().flatMap(List::stream).map(Task::address))
                    .hasSize(tasks).doesNotHaveDuplicates();

            // Each executor's settle of the other's leases is refused; its own are taken.
            Task ofFirst = perThread.get(0).getFirst();
            Task ofSecond = perThread.get(1).getFirst();
            assertThat(other.settle(List.of(done(ofFirst.lease(), ofFirst.address(), inlineResult(1))),
                    "executor-1", LEASE, 0).refused()).containsExactly(ofFirst.address());
            assertThat(other.settle(List.of(done(ofSecond.lease(), ofSecond.address(), inlineResult(1))),
                    "executor-1", LEASE, 0).refused()).isEmpty();
        } finally {
            second.destroy();
        }
    }

    @Test
    void everyIndexOnTheRedisHearsOfExecutionsThatBecomeDoneOrFailed() throws Exception {
        LettuceConnectionFactory second = RedisTestConnections.to(server.port());
        try (ExecutionIndex listening = new RedisExecutionIndex(second, "samos:", clock)) {
            java.util.concurrent.LinkedBlockingQueue<ExecutionAddress> heard =
                    new java.util.concurrent.LinkedBlockingQueue<>();
            ExecutionIndex.Subscription subscription = listening.onSettled(heard::add);
            // Subscribing completes in the background: settle probes until the first news arrives.
            for (int probe = 100; heard.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS) == null; probe++) {
                assertThat(probe).as("news of a settled probe within about 10 s").isLessThan(200);
                index.request(List.of(request(probe)));
                Task task = only(index.claimNext("w", LEASE, 1));
                settle(done(task.lease(), task.address(), inlineResult(probe)), "w");
            }
            Thread.sleep(200);
            heard.clear();
            index.request(List.of(request(1), request(2), request(3)));
            List<Task> tasks = index.claimNext("w", LEASE, 2);
            settle(done(tasks.get(0).lease(), tasks.get(0).address(), inlineResult(1)), "w");
            index.settle(List.of(new Settlement.Failed(tasks.get(1).address(), tasks.get(1).lease(),
                    record(Attempt.Outcome.FAILED))), "w", LEASE, 0);
            assertThat(index.cancel(address(3), record(Attempt.Outcome.CANCELLED))).isTrue();
            List<ExecutionAddress> news = new ArrayList<>();
            while (news.size() < 3) {
                ExecutionAddress next = heard.poll(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(next).as("news after %s", news).isNotNull();
                news.add(next);
            }
            assertThat(news).containsExactly(tasks.get(0).address(), tasks.get(1).address(), address(3));
            subscription.close();
            index.request(List.of(request(4)));
            Task late = only(index.claimNext("w", LEASE, 1));
            settle(done(late.lease(), late.address(), inlineResult(4)), "w");
            assertThat(heard.poll(300, java.util.concurrent.TimeUnit.MILLISECONDS)).isNull();
        } finally {
            second.destroy();
        }
    }

    @Test
    void scriptsAreLoadedAgainAfterScriptFlush() {
        index.request(List.of(request(1)));
        flushScripts();
        Task task = only(index.claimNext("w", LEASE, 1));
        flushScripts();
        assertThat(index.renew("w", List.of(task.address()), LEASE)).isEmpty();
        flushScripts();
        settle(done(task.lease(), task.address(), inlineResult(1)), "w");
        flushScripts();
        assertThat(index.results(List.of(task.address()))).containsOnlyKeys(task.address());
        flushScripts();
        assertCounts(0, 0, 1, 0);
    }

    /**
     * A small sorted set would be a ziplist, whose every ZADD scans and parses all its scores; the scripts have
     * Redis make both sets skiplists from the start, with a member no one else ever sees.
     */
    @Test
    void pendingAndLeasesAreSkiplistsHoldingOnlyExecutionsEvenWhenSmall() {
        index.request(List.of(request(1), request(2), request(3)));
        List<Task> claimed = index.claimNext("w", LEASE, 2);
        assertThat(claimed).hasSize(2);
        try (RedisConnection c = connections.getConnection()) {
            for (String set : List.of("samos:pending", "samos:leases")) {
                byte[] key = set.getBytes(UTF_8);
                assertThat(c.keyCommands().encodingOf(key)).isEqualTo(RedisValueEncoding.SKIPLIST);
                assertThat(c.zSetCommands().zRange(key, 0, -1)).allSatisfy(member -> assertThat(member).hasSize(48));
            }
            assertThat(c.zSetCommands().zCard("samos:pending".getBytes(UTF_8))).isEqualTo(1);
            assertThat(c.zSetCommands().zCard("samos:leases".getBytes(UTF_8))).isEqualTo(2);
        }
        settle(done(claimed.get(0).lease(), claimed.get(0).address(), inlineResult(1)), "w");
        assertThat(index.claimNext("w", LEASE, 5)).hasSize(1);
        assertCounts(0, 2, 1, 0);
    }

    /** The scripts send a batch's sorted-set writes in pieces of 500 members (Lua's stack): none may be lost. */
    @Test
    void aBatchOfMoreThanOneZaddIsTakenAndSettledWhole() {
        int tasks = 1_300;
        index.request(IntStream.range(0, tasks).mapToObj(ExecutionIndexContract::request).toList());
        List<Task> claimed = index.claimNext("w", LEASE, tasks);
        assertThat(claimed).hasSize(tasks);
        assertCounts(0, tasks, 0, 0);
        ExecutionIndex.Settled settled = index.settle(claimed.stream()
                .map(t -> done(t.lease(), t.address(), inlineResult(1))).toList(), "w", LEASE, 10);
        assertThat(settled.refused()).isEmpty();
        assertThat(settled.claimed()).isEmpty();
        assertCounts(0, 0, tasks, 0);
        try (RedisConnection c = connections.getConnection()) {
            assertThat(c.zSetCommands().zCard("samos:pending".getBytes(UTF_8))).isZero();
            assertThat(c.zSetCommands().zCard("samos:leases".getBytes(UTF_8))).isZero();
        }
    }

    @Test
    void indexesWithOtherPrefixesDoNotSeeEachOther() {
        try (ExecutionIndex tenant = new RedisExecutionIndex(connections, "tenant:", clock)) {
            index.request(List.of(request(1)));
            assertThat(tenant.state(address(1))).isEmpty();
            assertThat(tenant.claimNext("w", LEASE, 10)).isEmpty();
            assertThat(tenant.queueDepth()).isZero();
            assertThat(index.queueDepth()).isEqualTo(1);
        }
    }

    @Test
    void anUnreachableRedisIsAClearErrorAndAFailedCallWritesNothing(@TempDir Path directory) {
        int port = RedisTestServer.freePort();
        Lease lease;
        ExecutionAddress address = address(1);
        RedisTestServer persistent = RedisTestServer.persistent(port, directory);
        LettuceConnectionFactory first = RedisTestConnections.to(port);
        try {
            ExecutionIndex index = new RedisExecutionIndex(first, "samos:", clock);
            index.request(List.of(request(1)));
            lease = only(index.claimNext("w", LEASE, 1)).lease();

            persistent.close();
            Settlement settlement = done(lease, address, inlineResult(1));
            assertThatThrownBy(() -> index.settle(List.of(settlement), "w", LEASE, 0))
                    .isInstanceOf(RedisIndexUnavailableException.class);
            assertThatThrownBy(() -> index.request(List.of(request(2))))
                    .isInstanceOf(RedisIndexUnavailableException.class);
            assertThatThrownBy(() -> index.state(address)).isInstanceOf(RedisIndexUnavailableException.class);
        } finally {
            first.destroy();
        }

        // The same data, reloaded from the append-only file: exactly what the last successful call left.
        try (RedisTestServer again = RedisTestServer.persistent(port, directory)) {
            LettuceConnectionFactory second = RedisTestConnections.to(port);
            try {
                ExecutionIndex index = new RedisExecutionIndex(second, "samos:", clock);
                assertThat(index.state(address).orElseThrow().status()).isEqualTo(ExecutionStatus.RUNNING);
                assertThat(index.attempts(address)).isEmpty();
                assertThat(index.queueDepth()).isEqualTo(1);
                assertThat(index.state(address(2))).isEmpty();
                assertThat(index.settle(List.of(done(lease, address, inlineResult(1))), "w", LEASE, 0).refused())
                        .isEmpty();
                assertThat(index.attempts(address)).extracting(Attempt::outcome)
                        .containsExactly(Attempt.Outcome.DONE);
            } finally {
                second.destroy();
            }
        }
    }

    @Test
    void aDamagedAttemptRecordIsLeftOutAndTheOthersRead() {
        Lease lease = claimed(request(1), "w");
        settle(new Settlement.Retry(address(1), lease, record(Attempt.Outcome.FAILED), clock.millis()), "w");
        try (RedisConnection connection = connections.getConnection()) {
            connection.listCommands().rPush(key("samos:r:", address(1)), new byte[] {(byte) 0xC5, 'S', 'A', 'M', 1, 0, 0});
        }
        assertThat(index.attempts(address(1))).extracting(Attempt::number).containsExactly(1L);
    }

    /**
     * What Redis keeps of an execution done at its first attempt, for good: one hash, its DONE record a field of it
     * in the compact form, and no list of records.
     */
    @Test
    void anExecutionDoneAtItsFirstAttemptIsOneHashHoldingItsCompactRecord() {
        settle(done(claimed(request(1), "w"), address(1), inlineResult(1)), "w");
        try (RedisConnection c = connections.getConnection()) {
            assertThat(c.keyCommands().exists(key("samos:r:", address(1)))).isFalse();
            byte[] record = c.hashCommands().hGet(key("samos:x:", address(1)), "rd".getBytes(UTF_8));
            assertThat(dev.samos.codec.AttemptFormat.isRecord(record)).isTrue();
            assertThat(record.length).isLessThan(64);
        }
        assertThat(index.attempts(address(1))).extracting(Attempt::outcome).containsExactly(Attempt.Outcome.DONE);
    }

    /** Records written before the compact form and the DONE field (storage codec, all in the list) still read. */
    @Test
    void recordsWrittenByEarlierVersionsAreReadInOrder() {
        Lease lease = claimed(request(1), "w");
        settle(new Settlement.Retry(address(1), lease, record(Attempt.Outcome.FAILED), clock.millis()), "w");
        byte[] x = key("samos:x:", address(1));
        try (RedisConnection c = connections.getConnection()) {
            // as an older version settled attempt 2 DONE: the hash's fields, the record pushed on the list
            c.listCommands().rPush(key("samos:r:", address(1)), new dev.samos.codec.StorageCodec().encode(
                    new Attempt(2, "old", 1, 2, Attempt.Outcome.DONE, "", "", null, null, null, List.of())));
            c.hashCommands().hMSet(x, java.util.Map.of("s".getBytes(UTF_8), "DONE".getBytes(UTF_8),
                    "ra".getBytes(UTF_8), inlineResult(1).address().toString().getBytes(UTF_8),
                    "ri".getBytes(UTF_8), inlineResult(1).inline(), "a".getBytes(UTF_8), "2".getBytes(UTF_8)));
            c.zSetCommands().zRemRange("samos:leases".getBytes(UTF_8), 0, -1);
        }
        assertThat(index.attempts(address(1))).extracting(Attempt::number, Attempt::worker).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1L, "worker"), org.assertj.core.groups.Tuple.tuple(2L, "old"));
        index.forgetResult(address(1));
        Lease third = claimed(request(1), "w");
        assertThat(third.attempt()).isEqualTo(3);
        settle(done(third, address(1), inlineResult(1)), "w");
        assertThat(index.attempts(address(1))).extracting(Attempt::number).containsExactly(1L, 2L, 3L);
    }

    private static byte[] key(String prefix, ExecutionAddress address) {
        byte[] key = java.util.Arrays.copyOf(prefix.getBytes(UTF_8), prefix.length() + 32);
        System.arraycopy(java.util.HexFormat.of().parseHex(address.hash()), 0, key, prefix.length(), 32);
        return key;
    }

    private static void flushScripts() {
        try (RedisConnection connection = connections.getConnection()) {
            connection.scriptingCommands().scriptFlush();
        }
    }
}
