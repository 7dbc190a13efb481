package dev.samos.portalservice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.samos.address.ValueAddress;
import dev.samos.execution.ExecutionAddress;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * One client's relay of the settled news: bounded, dropping (and counting) what a slow client cannot take, and
 * sending what queued meanwhile in one write.
 */
class SettledRelayTest {

    private static ExecutionAddress address(int n) {
        return ExecutionAddress.of("relay", ValueAddress.of("relay function"), Map.of("n", ValueAddress.of(n)));
    }

    @Test
    void aSlowClientLosesNewsPastItsBufferAndKeepsGettingNewsAfterwards() throws Exception {
        SettledRelay relay = new SettledRelay(16, 512, 60_000);
        CountDownLatch inWrite = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<ExecutionAddress> sent = new CopyOnWriteArrayList<>();
        Thread sender = Thread.ofVirtual().start(() -> relay.run(new SettledRelay.Sink() {
            @Override
            public void send(List<ExecutionAddress> batch) throws IOException {
                inWrite.countDown();
                try {
                    release.await(); // a client that does not read: the write blocks
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                sent.addAll(batch);
            }

            @Override
            public void heartbeat() {
            }
        }));
        relay.accept(address(0));
        assertThat(inWrite.await(30, TimeUnit.SECONDS)).isTrue(); // address 0 is in the blocked write
        for (int i = 1; i <= 1_000; i++) {
            relay.accept(address(i)); // never blocks the settling thread
        }
        assertThat(relay.queued()).isEqualTo(16);
        assertThat(relay.dropped()).isEqualTo(1_000 - 16);

        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (relay.queued() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5); // the queue drains first, so the next news fits (offered into a full queue it is dropped)
        }
        relay.accept(address(5_000));
        while (sent.size() < 18 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        // The oldest news that fitted is sent in order; the rest was dropped, not queued.
        assertThat(sent.subList(0, 17)).containsExactlyElementsOf(
                IntStream.rangeClosed(0, 16).mapToObj(SettledRelayTest::address).toList());
        assertThat(sent.get(17)).isEqualTo(address(5_000));
        relay.close();
        sender.join();
        assertThat(relay.closed()).isTrue();
    }

    @Test
    void anIdleStreamSendsHeartbeatsAndAFailedWriteEndsTheRelay() throws Exception {
        SettledRelay relay = new SettledRelay(16, 512, 10);
        CountDownLatch beats = new CountDownLatch(3);
        Thread sender = Thread.ofVirtual().start(() -> relay.run(new SettledRelay.Sink() {
            @Override
            public void send(List<ExecutionAddress> batch) throws IOException {
                throw new IOException("the client went");
            }

            @Override
            public void heartbeat() {
                beats.countDown();
            }
        }));
        assertThat(beats.await(30, TimeUnit.SECONDS)).isTrue();
        relay.accept(address(1));
        sender.join();
        assertThat(relay.closed()).isTrue();
        relay.accept(address(2)); // news after the client went is not kept
        assertThat(relay.queued()).isZero();
        assertThat(relay.dropped()).isZero();
    }

    @Test
    void newsQueuedDuringAWriteGoesInTheNextWritesWholeAndInOrderAtMostABatchEach() throws Exception {
        SettledRelay relay = new SettledRelay(1024, 512, 60_000);
        CountDownLatch inWrite = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<List<ExecutionAddress>> writes = new CopyOnWriteArrayList<>();
        Thread sender = Thread.ofVirtual().start(() -> relay.run(new SettledRelay.Sink() {
            @Override
            public void send(List<ExecutionAddress> batch) throws IOException {
                inWrite.countDown();
                try {
                    release.await(); // the first write is slow: the rest of the burst queues meanwhile
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                writes.add(List.copyOf(batch)); // the relay reuses its list
            }

            @Override
            public void heartbeat() {
            }
        }));
        relay.accept(address(0));
        assertThat(inWrite.await(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i <= 1_000; i++) {
            relay.accept(address(i));
        }
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (writes.stream().mapToInt(List::size).sum() < 1_001 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        relay.close();
        sender.join();

        // Three writes for 1,001 addresses: the one in flight, then the queue in batches of at most 512.
        assertThat(writes).extracting(List::size).containsExactly(1, 512, 488);
        assertThat(writes.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(
                IntStream.rangeClosed(0, 1_000).mapToObj(SettledRelayTest::address).toList());
        assertThat(relay.dropped()).isZero();
    }

    @Test
    void aBatchMustHoldAtLeastOneAddress() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SettledRelay(16, 0, 60_000))
                .withMessageContaining("batch");
    }
}
