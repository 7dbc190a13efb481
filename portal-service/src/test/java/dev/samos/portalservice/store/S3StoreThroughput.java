package dev.samos.portalservice.store;

import dev.samos.address.ValueAddress;
import dev.samos.portalservice.testkit.S3MockServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Puts and gets of small values against S3Mock in this JVM, one call per value and in batches; prints a table. Not a
 * test: numbers live here, never in assertions. Run from the test class path, e.g.
 * {@code java -cp <test class path> dev.samos.portalservice.store.S3StoreThroughput 10000 1000}.
 * What it measures is the store's overhead and its fan-out over an S3 server on loopback; a real S3 adds 10–30 ms
 * per request, which batching hides and single calls pay in full.
 *
 * <p>Measured on a shared 2-core machine (load 5–13), S3Mock 5.2.0 was the bottleneck: the bare SDK took 13 ms per
 * HEAD and 30 ms per PUT, no faster on 16 threads, and slower as the bucket grew (10,000 single puts: 10/s). Use
 * MinIO for numbers that say something about the store.
 */
public final class S3StoreThroughput {

    private S3StoreThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        try (S3MockServer server = S3MockServer.start(); S3Client s3 = server.client()) {
            s3.createBucket(b -> b.bucket("throughput"));
            run(s3, "warm-up", 1_000, batch, false);
            run(s3, "measured", n, batch, true);
        }
    }

    private static void run(S3Client s3, String name, int n, int batch, boolean print) {
        System.out.printf("%s: %d values%n", name, n);
        Map<ValueAddress, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Object value = Map.of("name", name + "-" + i, "x", i, "weights", List.of(0.5, 1.5, (double) i));
            values.put(ValueAddress.of(value), value);
        }
        List<ValueAddress> addresses = new ArrayList<>(values.keySet());
        List<List<ValueAddress>> chunks = new ArrayList<>();
        for (int i = 0; i < n; i += batch) {
            chunks.add(addresses.subList(i, Math.min(n, i + batch)));
        }
        List<String> rows = new ArrayList<>();
        // Fresh stores (and prefixes) so no put is answered by the known-address cache of an earlier one.
        try (S3ValueStore single = store(s3, name + "-single"); S3ValueStore batched = store(s3, name + "-batched")) {
            rows.add(time("put, one call per value", n, () -> values.forEach(single::put)));
            rows.add(time("get, one call per value", n, () -> addresses.forEach(single::get)));
            rows.add(time("putAll, batches of " + batch, n, () -> chunks.forEach(chunk -> {
                Map<ValueAddress, Object> part = new LinkedHashMap<>();
                chunk.forEach(address -> part.put(address, values.get(address)));
                batched.putAll(part);
            })));
            rows.add(time("getAll, batches of " + batch, n, () -> chunks.forEach(batched::getAll)));
            rows.add(time("missing, batches of " + batch + " (fresh store: HEADs)", n, () -> {
                try (S3ValueStore fresh = new S3ValueStore(s3, new S3Location("throughput", name + "-batched"),
                        StoreTally.inMemory())) {
                    chunks.forEach(fresh::missing);
                }
            }));
            if (print) {
                System.out.printf("%n%d small values (%d bytes stored on average), S3Mock on loopback, %d cores%n",
                        n, batched.size().bytes() / n, Runtime.getRuntime().availableProcessors());
                System.out.printf("%-45s %10s %12s%n", "operation", "seconds", "values/s");
                rows.forEach(System.out::println);
            }
        }
    }

    private static S3ValueStore store(S3Client s3, String prefix) {
        return new S3ValueStore(s3, new S3Location("throughput", prefix), StoreTally.inMemory());
    }

    private static String time(String operation, int n, Runnable work) {
        long start = System.nanoTime();
        work.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        String row = String.format("%-45s %10.2f %12.0f", operation, seconds, n / seconds);
        System.out.println("  " + row); // as it goes: a slow server shows early
        return row;
    }
}
