package dev.samos.portalservice.api;

import com.sun.management.OperatingSystemMXBean;
import dev.samos.execution.ExecutionAddress;
import dev.samos.index.ExecutionIndex;
import dev.samos.portal.service.ServiceProtocol;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * What relaying settled news costs: the real {@link SettledNewsController} in a web server of its own (over an
 * index that only hands out news, so nothing but the relay runs), one HTTP client reading the stream on platform
 * threads, and n addresses offered in bursts of 100, as the Redis channel delivers a settle script's news; each
 * burst waits until the client heard (or the relay dropped) all of it. Prints, per round, the CPU time of the relay's
 * virtual threads (measured on their carriers), of Tomcat's and the client's threads, and of the whole process
 * (which adds GC and JIT), and how many events the client read. Numbers live here, never in a test.
 *
 * <p>Run: {@code java -cp <portal-service test class path> dev.samos.portalservice.api.SettledNewsBenchmark [n]}.
 */
public final class SettledNewsBenchmark {

    private static final int BURST = 100;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        ConfigurableApplicationContext context = new SpringApplicationBuilder(NewsOnly.class)
                .logStartupInfo(false)
                .run("--server.port=0", "--logging.level.root=WARN", "--spring.main.banner-mode=off");
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        SettledNewsController controller = context.getBean(SettledNewsController.class);
        Consumer<ExecutionAddress> relay = context.getBean(NewsOnly.class).listener;
        Heard heard = new Heard();
        ExecutorService clientThread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("bench-client")
                .daemon().factory());
        HttpClient client = HttpClient.newBuilder().executor(clientThread).build();
        try {
            client.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + ServiceProtocol.SETTLED))
                    .header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.fromLineSubscriber(heard));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (controller.clients() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10); // the stream opens a moment after the request
            }
            run(relay, controller, heard, addresses(Math.max(BURST, n / 5), 0)); // warm-up: JIT, connection
            System.out.printf("%n%,d addresses in bursts of %d; CPU in ms: the relay's virtual threads (carriers),"
                    + " Tomcat's threads, the client's threads, the whole process%n", n, BURST);
            for (int round = 1; round <= rounds; round++) {
                Result result = run(relay, controller, heard, addresses(n, round));
                System.out.printf("round %d: %,6d ms wall | relay %,6d ms (%.2f µs/address) | tomcat %,5d | client"
                        + " %,5d | process %,6d | %,d events | %,d dropped%n", round, result.wallNanos / 1_000_000,
                        result.cpu.get("relay") / 1_000_000, result.cpu.get("relay") / 1_000.0 / n,
                        result.cpu.get("tomcat") / 1_000_000, result.cpu.get("client") / 1_000_000,
                        result.processNanos / 1_000_000, result.events, result.dropped);
            }
        } finally {
            client.shutdownNow(); // close() would wait for the stream, which never ends by itself
            context.close();
            clientThread.shutdownNow();
        }
    }

    private record Result(long wallNanos, Map<String, Long> cpu, long processNanos, long dropped, long events) {
    }

    /** The client's lines: counts {@code data:} lines, and wakes the producer once its burst is all heard. */
    private static final class Heard implements Flow.Subscriber<String> {
        final AtomicLong count = new AtomicLong();
        final AtomicLong events = new AtomicLong();
        final Thread producer = Thread.currentThread();
        volatile long awaited = Long.MAX_VALUE;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.isEmpty()) {
                events.incrementAndGet(); // a blank line ends an event (or a heartbeat, every 15 s)
            } else if (line.startsWith("data:") && count.incrementAndGet() >= awaited) {
                LockSupport.unpark(producer);
            }
        }

        @Override
        public void onError(Throwable failure) {
        }

        @Override
        public void onComplete() {
        }
    }

    private static Result run(Consumer<ExecutionAddress> relay, SettledNewsController controller, Heard heard,
            ExecutionAddress[] addresses) {
        OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
        long heardBefore = heard.count.get();
        long eventsBefore = heard.events.get();
        long droppedBefore = controller.dropped();
        Map<String, Long> cpuBefore = cpuByRole();
        long wall = System.nanoTime();
        long process = os.getProcessCpuTime();
        for (int from = 0; from < addresses.length; from += BURST) {
            int to = Math.min(addresses.length, from + BURST);
            for (int i = from; i < to; i++) {
                relay.accept(addresses[i]);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            heard.awaited = heardBefore + to;
            while (heard.count.get() - heardBefore + controller.dropped() - droppedBefore < to) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the client heard " + (heard.count.get() - heardBefore)
                            + " of " + to);
                }
                LockSupport.parkNanos(1_000_000); // woken by the client; a spinning wait would cost CPU here
            }
        }
        long wallNanos = System.nanoTime() - wall;
        long processNanos = os.getProcessCpuTime() - process;
        Map<String, Long> cpu = cpuByRole();
        cpu.replaceAll((role, nanos) -> nanos - cpuBefore.getOrDefault(role, 0L));
        return new Result(wallNanos, cpu, processNanos, controller.dropped() - droppedBefore,
                heard.events.get() - eventsBefore);
    }

    /**
     * CPU time of the platform threads by role. The relay sends from virtual threads, so its work is counted on
     * their carriers; nothing else here runs on virtual threads (the client has a platform executor).
     */
    private static Map<String, Long> cpuByRole() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new HashMap<>(Map.of("relay", 0L, "tomcat", 0L, "client", 0L, "other", 0L));
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            String name = info.getThreadName();
            String role = name.startsWith("ForkJoinPool-") ? "relay"
                    : name.startsWith("http-nio-") ? "tomcat"
                    : name.startsWith("HttpClient-") || name.equals("bench-client") ? "client"
                    : "other";
            cpu.merge(role, Math.max(0, nanos), Long::sum);
        }
        return cpu;
    }

    private static ExecutionAddress[] addresses(int n, int round) {
        ExecutionAddress[] addresses = new ExecutionAddress[n];
        byte[] hash = new byte[32];
        for (int i = 0; i < n; i++) {
            hash[0] = (byte) round;
            hash[28] = (byte) (i >>> 24);
            hash[29] = (byte) (i >>> 16);
            hash[30] = (byte) (i >>> 8);
            hash[31] = (byte) i;
            addresses[i] = new ExecutionAddress("call_bench", HexFormat.of().formatHex(hash));
        }
        return addresses;
    }

    /**
     * The controller alone, over an index that only hands out news: the relay's costs and nothing else. Not a
     * {@code @SpringBootConfiguration} (nor a component), so neither the service's component scan nor the
     * {@code @SpringBootTest}s of this package find it.
     */
    @EnableAutoConfiguration
    @Import(SettledNewsController.class)
    static class NewsOnly {

        private final AtomicReference<Consumer<ExecutionAddress>> listening = new AtomicReference<>();
        volatile Consumer<ExecutionAddress> listener = address -> {
            Consumer<ExecutionAddress> current = listening.get();
            if (current != null) {
                current.accept(address);
            }
        };

        @Bean
        ExecutionIndex newsOnlyIndex() {
            return (ExecutionIndex) Proxy.newProxyInstance(ExecutionIndex.class.getClassLoader(),
                    new Class<?>[] {ExecutionIndex.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "onSettled" -> {
                            @SuppressWarnings("unchecked")
                            Consumer<ExecutionAddress> listener = (Consumer<ExecutionAddress>) args[0];
                            listening.set(listener);
                            yield (ExecutionIndex.Subscription) () -> listening.compareAndSet(listener, null);
                        }
                        case "close" -> null;
                        case "toString" -> "news-only index";
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
