package dev.samos.bench;

import dev.samos.bench.functions.Square;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.portal.Portal;
import dev.samos.value.ValueJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * The gateway over loopback, measured once per run against a running gateway: cached calls with 8 concurrent
 * clients (latency percentiles and calls/s), a swarm of 50,000 tiny distinct calls through the batch endpoint until
 * all are done, and the same swarm through the Java client. Prints markdown rows.
 *
 * <p>Usage: start the gateway ({@code java -jar gateway/target/samos-gateway.jar}), then
 * {@code java -cp bench/target/samos-bench.jar dev.samos.bench.RestThroughput [http://127.0.0.1:8080] [calls]}.
 */
public final class RestThroughput {

    private RestThroughput() {
    }

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:8080");
        int swarmSize = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        System.out.println("| Measure | N | Figure | Unit | Goal |");
        System.out.println("|---|---:|---:|---|---|");
        try (Portal portal = Portal.remote(base, System.getenv("SAMOS_GATEWAY_TOKEN"));
             HttpClient http = HttpClient.newHttpClient()) {
            Pure square = portal.pure(Square.class);
            String function = dev.samos.address.ValueAddress.of(square).toString();
            cachedCalls(http, base, function);
            swarmOverRest(http, base, function, swarmSize);
            swarmThroughClient(portal, square, swarmSize);
        }
    }

    private static void cachedCalls(HttpClient http, URI base, String function) throws Exception {
        URI call = base.resolve("/api/v1/functions/" + function + "/calls");
        String body = "{\"kwargs\": {\"x\": 7}}";
        post(http, call, body); // computed once; every call below is a cache hit
        for (int i = 0; i < 2_000; i++) {
            post(http, call, body); // warm-up
        }
        int clients = 8;
        int perClient = 2_500;
        long[] latencies = new long[clients * perClient];
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    for (int i = 0; i < perClient; i++) {
                        long t0 = System.nanoTime();
                        post(http, call, body);
                        latencies[next.getAndIncrement()] = System.nanoTime() - t0;
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        row("cached call over REST, 8 concurrent clients, p50", latencies.length,
                latencies[latencies.length / 2] / 1e6, "ms", "≤ 1 ms");
        row("cached call over REST, 8 concurrent clients, p99", latencies.length,
                latencies[(int) (latencies.length * 0.99)] / 1e6, "ms", "");
        row("cached calls over REST, 8 concurrent clients", latencies.length, latencies.length / seconds,
                "calls/s", "");
    }

    private static void swarmOverRest(HttpClient http, URI base, String function, int n) throws Exception {
        StringBuilder calls = new StringBuilder("{\"calls\": [");
        for (int x = 0; x < n; x++) {
            calls.append(x == 0 ? "" : ",").append("{\"x\": ").append(1_000_000 + x).append('}');
        }
        calls.append("]}");
        long start = System.nanoTime();
        JsonNode executions = ValueJson.mapper().readTree(
                post(http, base.resolve("/api/v1/functions/" + function + "/batch"), calls.toString()))
                .get("executions");
        // Collected 1,000 at a time through the results endpoint, each request waiting until its share is done.
        for (int from = 0; from < executions.size(); from += 1_000) {
            StringBuilder body = new StringBuilder("{\"waitMillis\": 30000, \"executions\": [");
            for (int i = from; i < Math.min(executions.size(), from + 1_000); i++) {
                body.append(i == from ? "\"" : ",\"").append(executions.get(i).stringValue()).append('"');
            }
            String results = post(http, base.resolve("/api/v1/executions/results"), body.append("]}").toString());
            if (!results.startsWith("{\"results\"")) {
                throw new IllegalStateException("not all done after 30 s: " + results);
            }
        }
        row("swarm of tiny distinct calls via the batch endpoint, collected via the results endpoint", n,
                n / ((System.nanoTime() - start) / 1e9), "tasks/s", "");
    }

    private static void swarmThroughClient(Portal portal, Pure square, int n) {
        List<Kwargs> calls = new ArrayList<>(n);
        for (int x = 0; x < n; x++) {
            calls.add(Kwargs.of("x", 2_000_000 + x));
        }
        long start = System.nanoTime();
        portal.getAll(portal.swarmAll(square, calls), Duration.ofMinutes(30));
        row("the same swarm through the Java client (swarmAll + getAll)", n,
                n / ((System.nanoTime() - start) / 1e9), "tasks/s", "");
    }

    private static String post(HttpClient http, URI uri, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static void row(String what, int n, double figure, String unit, String goal) {
        System.out.printf("| %s | %,d | %,.3f | %s | %s |%n", what, n, figure, unit, goal);
    }
}
