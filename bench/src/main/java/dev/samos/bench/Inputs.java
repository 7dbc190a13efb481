package dev.samos.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The benchmark inputs, seeded, so the forked JMH JVMs and BenchMain's sha256sum runs see the same bytes. */
final class Inputs {

    static final int KIB = 1 << 10;
    static final int MIB = 1 << 20;

    /** Size of the double[] of CodecBench: 100 MiB. */
    static final int DOUBLES = 100 * MIB / Double.BYTES;
    static final int MAP_ENTRIES = 100_000;

    private static final long SEED = 0x5A305L;

    private Inputs() {
    }

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(SEED).nextBytes(bytes);
        return bytes;
    }

    /** Gaussian doubles: high-entropy mantissas, like most measured or simulated data, so compression cannot cheat. */
    static double[] randomDoubles(int n) {
        double[] values = new double[n];
        java.util.Random random = new java.util.Random(SEED);
        for (int i = 0; i < n; i++) {
            values[i] = random.nextGaussian();
        }
        return values;
    }

    static Map<String, Integer> smallEntries(int n) {
        Map<String, Integer> map = HashMap.newHashMap(n);
        for (int i = 0; i < n; i++) {
            map.put("key-" + i, i);
        }
        return map;
    }

    /** A typical call's kwargs: five entries of mixed kinds. */
    static Map<String, Object> kwargs() {
        return Map.of("n", 42, "x", 3.5, "name", "alice", "flags", List.of(true, false), "data", new byte[16]);
    }
}
