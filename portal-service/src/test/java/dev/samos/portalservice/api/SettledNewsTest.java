package dev.samos.portalservice.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samos.address.ValueAddress;
import dev.samos.codec.StorageCodec;
import dev.samos.examples.MySquare;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.index.ExecutionIndex;
import dev.samos.index.ExecutionIndex.Arguments;
import dev.samos.index.ExecutionIndex.Claim;
import dev.samos.index.ExecutionIndex.Request;
import dev.samos.index.ExecutionIndex.Result;
import dev.samos.index.ExecutionIndex.Settlement;
import dev.samos.portal.PortalEngine;
import dev.samos.portal.PortalOptions;
import dev.samos.portal.service.ServiceExecutionIndex;
import dev.samos.portal.service.ServiceOptions;
import dev.samos.portal.service.ServicePortal;
import dev.samos.portalservice.RunningService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The index's settled news across the HTTP hop: {@code GET /internal/index/settled} relayed by
 * {@link ServiceExecutionIndex#onSettled}. A stream may open a moment after the subscription, and news is a hint,
 * so tests settle until one of their settles is heard, and assert what was heard, never how soon.
 */
class SettledNewsTest extends RunningService {

    private static final long LEASE = 60_000;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final StorageCodec codec = new StorageCodec();
    private ExecutionIndex writer;
    private ExecutionIndex listener;
    private ValueAddress function;
    private int next;

    @Autowired
    private SettledNewsController news;

    @BeforeEach
    void open() {
        writer = new ServiceExecutionIndex(serviceUri(), ServiceOptions.defaults());
        listener = new ServiceExecutionIndex(serviceUri(), ServiceOptions.defaults());
        function = ValueAddress.of("news function " + UUID.randomUUID());
    }

    @AfterEach
    void close() {
        listener.close();
        writer.close();
    }

    @Test
    void aListenerHearsSettlesMadeByAnotherClientUntilItUnsubscribes() throws Exception {
        BlockingQueue<ExecutionAddress> heard = new LinkedBlockingQueue<>();
        BlockingQueue<ExecutionAddress> second = new LinkedBlockingQueue<>();
        ExecutionIndex.Subscription subscription = listener.onSettled(heard::add);
        ExecutionIndex.Subscription other = listener.onSettled(second::add);

        ExecutionAddress done = settleUntilHeard(heard);
        // Both listeners share the stream; a FAILED settle is news too.
        assertThat(second.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isNotNull();
        ExecutionAddress failed = failOne();
        assertThat(drainUntil(heard, failed)).isTrue();

        subscription.close();
        other.close();
        ExecutionAddress after = settleOne();
        assertThat(heard.poll(500, TimeUnit.MILLISECONDS)).isNull();
        assertThat(done).isNotEqualTo(after);
    }

    @Test
    void aBurstOfSettlesInOneCallIsHeardWholeAndInOrder() throws Exception {
        BlockingQueue<ExecutionAddress> heard = new LinkedBlockingQueue<>();
        try (ExecutionIndex.Subscription subscription = listener.onSettled(heard::add)) {
            settleUntilHeard(heard); // the stream is open
            List<Settlement> burst = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                Request request = request();
                ExecutionIndex.Lease lease = ((Claim.Claimed) writer.claim(request, "writer", LEASE)).lease();
                long value = i;
                burst.add(new Settlement.Done(request.address(), lease, attempt(lease, Attempt.Outcome.DONE),
                        new Result(ValueAddress.of(value), codec.encode(value))));
            }
            // One settle: its news reaches the relay at once, and leaves it batched, several addresses an event.
            assertThat(writer.settle(burst, "writer", LEASE, 0).refused()).isEmpty();

            List<ExecutionAddress> settled = burst.stream().map(Settlement::address).toList();
            Set<ExecutionAddress> wanted = Set.copyOf(settled);
            List<ExecutionAddress> received = new ArrayList<>();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (received.size() < settled.size() && System.nanoTime() < deadline) {
                ExecutionAddress address = heard.poll(200, TimeUnit.MILLISECONDS);
                if (address != null && wanted.contains(address)) {
                    received.add(address);
                }
            }
            assertThat(received).containsExactlyElementsOf(settled);
        }
    }

    @Test
    void aPortalWaitingForASwarmedExecutionGetsTheResultSettledByAnotherJvm() throws Exception {
        long x = 1_000_000L + (long) (Math.random() * 1_000_000_000L);
        try (PortalEngine portal = ServicePortal.open(serviceUri(), PortalOptions.defaults().withWorkers(0))) {
            ExecutionAddress address = portal.swarm(portal.pure(MySquare.class), dev.samos.function.Kwargs.of("x",
                    x));
            // The other JVM takes the lease first, so the portal waits instead of running it itself.
            ExecutionIndex.Entry entry = writer.entry(address).orElseThrow();
            Claim claim = writer.claim(new Request(address, entry.function(), entry.kwargs()), "other-jvm", LEASE);
            ExecutionIndex.Lease lease = ((Claim.Claimed) claim).lease();
            CompletableFuture<Object> waiting = CompletableFuture.supplyAsync(() -> portal.get(address, PATIENCE));

            Object square = x * x;
            assertThat(writer.settle(List.of(new Settlement.Done(address, lease, attempt(lease, Attempt.Outcome.DONE),
                    new Result(ValueAddress.of(square), codec.encode(square)))), "other-jvm", LEASE, 0).refused())
                    .isEmpty();
            assertThat(waiting.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(square);
        }
    }

    @Test
    void theStreamIsOpenedAgainWhenTheServiceEndsIt() throws Exception {
        BlockingQueue<ExecutionAddress> heard = new LinkedBlockingQueue<>();
        try (ExecutionIndex.Subscription subscription = listener.onSettled(heard::add)) {
            settleUntilHeard(heard);
            assertThat(news.clients()).isPositive();

            news.stop(); // what a stopping service does to every stream
            heard.clear();
            ExecutionAddress afterwards = settleUntilHeard(heard);
            assertThat(afterwards).isNotNull();
        }
    }

    /** Settles executions of this test's function until the listener hears one of them; answers the one heard. */
    private ExecutionAddress settleUntilHeard(BlockingQueue<ExecutionAddress> heard) throws Exception {
        Set<ExecutionAddress> settled = ConcurrentHashMap.newKeySet();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            settled.add(settleOne());
            ExecutionAddress address = heard.poll(200, TimeUnit.MILLISECONDS);
            while (address != null) {
                if (settled.contains(address)) {
                    return address;
                }
                address = heard.poll();
            }
        }
        throw new AssertionError("no settle of " + settled.size() + " was heard within " + PATIENCE);
    }

    private static boolean drainUntil(BlockingQueue<ExecutionAddress> heard, ExecutionAddress wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            ExecutionAddress address = heard.poll(200, TimeUnit.MILLISECONDS);
            if (wanted.equals(address)) {
                return true;
            }
        }
        return false;
    }

    private ExecutionAddress settleOne() {
        Request request = request();
        ExecutionIndex.Lease lease = ((Claim.Claimed) writer.claim(request, "writer", LEASE)).lease();
        long value = next;
        assertThat(writer.settle(List.of(new Settlement.Done(request.address(), lease,
                attempt(lease, Attempt.Outcome.DONE), new Result(ValueAddress.of(value), codec.encode(value)))),
                "writer", LEASE, 0).refused()).isEmpty();
        return request.address();
    }

    private ExecutionAddress failOne() {
        Request request = request();
        ExecutionIndex.Lease lease = ((Claim.Claimed) writer.claim(request, "writer", LEASE)).lease();
        assertThat(writer.settle(List.of(new Settlement.Failed(request.address(), lease,
                attempt(lease, Attempt.Outcome.FAILED))), "writer", LEASE, 0).refused()).isEmpty();
        return request.address();
    }

    private Request request() {
        long n = next++;
        return new Request(ExecutionAddress.of("news", function, Map.of("n", ValueAddress.of(n))), function,
                Arguments.inline(codec.encode(Map.of("n", n))));
    }

    private static Attempt attempt(ExecutionIndex.Lease lease, Attempt.Outcome outcome) {
        return new Attempt(lease.attempt(), lease.owner(), 0, 0, outcome, "", "", null, null, null, List.of());
    }
}
