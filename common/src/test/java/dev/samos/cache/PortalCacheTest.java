package dev.samos.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samos.execution.ExecutionAddress;
import dev.samos.function.Kwargs;
import dev.samos.portal.LocalPortal;
import dev.samos.portal.Portal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The persistent form: results live in the portal folder, so a second cache over it computes nothing. */
class PortalCacheTest {

    private static final BigInteger FIBONACCI_100 = new BigInteger("573147844013817084101");

    @TempDir
    Path folder;

    private static long done(Portal portal) {
        return portal.describe().executions().getOrDefault("DONE", 0L);
    }

    @Test
    void aSecondCacheOverTheSameFolderComputesNothing() {
        ExecutionAddress top;
        long stored;
        try (LocalPortal portal = LocalPortal.open(folder)) {
            PortalCache fibonacci = PortalCache.of(portal, portal.pure(Fibonacci.class));
            assertThat(fibonacci.apply(BigInteger.class, "n", 100)).isEqualTo(FIBONACCI_100);
            assertThat(done(portal)).isEqualTo(101);
            // Branches swarmed to the portal's workers; the ones above 100 are new, the rest are stored already.
            List<Kwargs> calls = IntStream.rangeClosed(95, 105).mapToObj(n -> Kwargs.of("n", n)).toList();
            List<Object> results = fibonacci.batchAsync(calls).join();
            assertThat(results.get(5)).isEqualTo(FIBONACCI_100);
            assertThat(results.get(10)).isEqualTo(new BigInteger("6356306993006846248183"));
            assertThat(fibonacci.applyAsync(Kwargs.of("n", 106)).join())
                    .isEqualTo(((BigInteger) results.get(10)).add((BigInteger) results.get(9)));
            stored = done(portal);
            assertThat(stored).isEqualTo(107);
            top = fibonacci.address(Kwargs.of("n", 100));
        }
        try (LocalPortal portal = LocalPortal.open(folder)) {
            PortalCache again = PortalCache.of(portal, portal.pure(Fibonacci.class));
            assertThat(again.apply(BigInteger.class, "n", 100)).isEqualTo(FIBONACCI_100);
            assertThat(again.batchAsync(List.of(Kwargs.of("n", 50), Kwargs.of("n", 106))).join())
                    .containsExactly(new BigInteger("20365011074"), new BigInteger("10284720757613717413913"));
            assertThat(done(portal)).isEqualTo(stored);
            assertThat(portal.record(top).orElseThrow().attempts()).hasSize(1);
        }
    }
}
