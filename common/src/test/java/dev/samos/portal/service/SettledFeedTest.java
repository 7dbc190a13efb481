package dev.samos.portal.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.samos.address.ValueAddress;
import dev.samos.execution.ExecutionAddress;
import dev.samos.index.ExecutionIndex;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client end of the settled news, against a stand-in service that writes a given stream: every {@code data:}
 * line is one execution address, whether an event holds one (as services before batching sent) or a whole batch.
 */
class SettledFeedTest {

    private HttpServer server;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile String stream = "";

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(ServiceProtocol.SETTLED, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(stream.getBytes(StandardCharsets.UTF_8));
                body.flush();
                done.await(60, TimeUnit.SECONDS); // the stream stays open, as the service's does
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        done.countDown();
        server.stop(0);
    }

    private static ExecutionAddress address(int n) {
        return ExecutionAddress.of("feed", ValueAddress.of("feed function"), Map.of("n", ValueAddress.of(n)));
    }

    @Test
    void everyDataLineOfAnEventIsOneAddressInOrderAndEventsOfOneAddressStillWork() throws Exception {
        List<ExecutionAddress> sent = IntStream.range(0, 600).mapToObj(SettledFeedTest::address).toList();
        StringBuilder text = new StringBuilder(":settled news\n\n");
        text.append("data:").append(sent.get(0)).append("\n\n"); // an event of its own
        appendEvent(text, sent.subList(1, 513)); // a full batch
        text.append(":\n\n"); // a heartbeat between events
        appendEvent(text, sent.subList(513, 599));
        text.append("data:not an address\n");
        text.append("data: ").append(sent.get(599)).append("\n\n"); // a space after the colon is allowed in SSE
        stream = text.toString();

        BlockingQueue<ExecutionAddress> heard = new LinkedBlockingQueue<>();
        try (ServiceExecutionIndex index = new ServiceExecutionIndex(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), ServiceOptions.defaults());
                ExecutionIndex.Subscription subscription = index.onSettled(heard::add)) {
            List<ExecutionAddress> received = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.size() < sent.size() && System.nanoTime() < deadline) {
                ExecutionAddress address = heard.poll(100, TimeUnit.MILLISECONDS);
                if (address != null) {
                    received.add(address);
                }
            }
            assertThat(received).containsExactlyElementsOf(sent); // the malformed line is skipped, nothing else
        }
    }

    private static void appendEvent(StringBuilder text, List<ExecutionAddress> batch) {
        for (ExecutionAddress address : batch) {
            text.append("data:").append(address).append('\n');
        }
        text.append('\n');
    }
}
