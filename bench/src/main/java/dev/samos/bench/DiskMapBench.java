package dev.samos.bench;

import dev.samos.address.CanonicalEncoding;
import dev.samos.codec.StorageCodec;
import dev.samos.collection.DiskList;
import dev.samos.collection.DiskMap;
import dev.samos.collection.DiskOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Disk-backed collections, one timed pass each over N small entries (an int key, a ~12-character string value) with
 * the default limits (16 MiB cache, 4 MiB write buffer): puts, then gets after reopening (cold cache) in key order
 * and in a scattered order (key i × 7,919 mod N: each get lands on another leaf page), with 1 and 2 threads, and
 * the heap in use afterwards. For comparison, an SQLite table (WAL, batched transactions, the store the portal index
 * uses) holding what a DiskMap of layout 1 stored: the canonical key bytes and the storage-codec bytes of
 * [key, value]. Prints markdown rows.
 *
 * <p>Usage: {@code java -Xmx256m -cp samos-bench.jar dev.samos.bench.DiskMapBench [N]} (default 1,000,000).
 */
public final class DiskMapBench {

    private DiskMapBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        System.out.println("| what | N | figure | unit | goal |");
        System.out.println("|---|---|---|---|---|");
        Path root = Files.createTempDirectory("samos-diskmap-bench");
        try {
            diskMap(root.resolve("map"), n);
            diskList(root.resolve("list"), n);
            sqlite(root.resolve("sqlite"), n);
        } finally {
            deleteTree(root);
        }
    }

    private static void diskMap(Path folder, int n) throws InterruptedException {
        try (DiskMap<Integer, String> map = DiskMap.open(folder)) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                map.set(i, "value-" + i);
            }
            map.flush();
            print("DiskMap set, 1 thread (incl. flush)", n, n / seconds(start), "puts/s", "≥ 500,000");
        }
        try (DiskMap<Integer, String> map = DiskMap.open(folder)) {
            print("DiskMap get after reopen, key order, 1 thread", n, getRate(map, n, 1, false), "gets/s",
                    "≥ 1,000,000");
            print("DiskMap get, scattered order, 1 thread", n, getRate(map, n, 1, true), "gets/s", "");
            print("DiskMap get, scattered order, 2 threads", n, getRate(map, n, 2, true), "gets/s", "");
            System.gc();
            Runtime rt = Runtime.getRuntime();
            print("heap in use with the map open, after the gets (after a GC)", n,
                    (rt.totalMemory() - rt.freeMemory()) / 1e6, "MB", "");
        }
        // The same map with a cache large enough for all of it (about 160 MB counted): a key-order pass loads it,
        // then scattered gets find every page in memory, as key-order gets do with the default cache.
        try (DiskMap<Integer, String> map = DiskMap.open(folder, DiskOptions.defaults().withCacheMegabytes(192))) {
            getRate(map, n, 1, false);
            print("DiskMap get, scattered order, 1 thread, 192 MiB cache holding the whole map", n,
                    getRate(map, n, 1, true), "gets/s", "");
        }
        Path twoThreads = folder.resolveSibling("map2");
        try (DiskMap<Integer, String> map = DiskMap.open(twoThreads)) {
            long start = System.nanoTime();
            runThreads(2, n, (from, to) -> {
                for (int i = from; i < to; i++) {
                    map.set(i, "value-" + i);
                }
            });
            map.flush();
            print("DiskMap set, 2 threads (incl. flush)", n, n / seconds(start), "puts/s", "");
        }
        try (Stream<Path> files = Files.list(folder)) {
            long bytes = files.mapToLong(p -> p.toFile().length()).sum();
            print("DiskMap file size", n, bytes / 1e6, "MB", "");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Runtime rt = Runtime.getRuntime();
        print("heap of this JVM (max, -Xmx)", n, rt.maxMemory() / 1e6, "MB", "");
    }

    private static void diskList(Path folder, int n) {
        try (DiskList<String> list = DiskList.open(folder, DiskOptions.defaults())) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                list.add("value-" + i);
            }
            list.flush();
            print("DiskList add, 1 thread (incl. flush)", n, n / seconds(start), "appends/s", "");
        }
        try (DiskList<String> list = DiskList.open(folder)) {
            long start = System.nanoTime();
            long chars = 0;
            for (int i = 0; i < n; i++) {
                chars += list.get(i).length();
            }
            print("DiskList get after reopen, index order", n, n / seconds(start), "gets/s", "");
            if (chars == 0) {
                throw new IllegalStateException();
            }
        }
    }

    private static double getRate(DiskMap<Integer, String> map, int n, int threads, boolean scattered)
            throws InterruptedException {
        long start = System.nanoTime();
        runThreads(threads, n, (from, to) -> {
            for (int i = from; i < to; i++) {
                int key = scattered ? (int) (i * 7_919L % n) : i;
                if (map.get(key) == null) {
                    throw new IllegalStateException("lost key " + key);
                }
            }
        });
        return n / seconds(start);
    }

    private static void sqlite(Path folder, int n) throws SQLException, IOException {
        Files.createDirectories(folder);
        StorageCodec codec = new StorageCodec();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("map.db"))) {
            try (Statement st = db.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=NORMAL");
                st.execute("PRAGMA cache_size=-16000");
                st.execute("CREATE TABLE entries(k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID");
            }
            db.setAutoCommit(false);
            long start = System.nanoTime();
            try (PreparedStatement put = db.prepareStatement("INSERT OR REPLACE INTO entries(k, v) VALUES (?, ?)")) {
                for (int i = 0; i < n; i++) {
                    put.setBytes(1, CanonicalEncoding.encode(i));
                    put.setBytes(2, codec.encode(List.of(i, "value-" + i)));
                    put.executeUpdate();
                    if (i % 10_000 == 9_999) {
                        db.commit();
                    }
                }
            }
            db.commit();
            print("SQLite put, layout-1 bytes, transactions of 10,000", n, n / seconds(start), "puts/s", "");
            db.setAutoCommit(true);
            start = System.nanoTime();
            try (PreparedStatement get = db.prepareStatement("SELECT v FROM entries WHERE k = ?")) {
                for (int i = 0; i < n; i++) {
                    get.setBytes(1, CanonicalEncoding.encode((int) (i * 7_919L % n)));
                    try (ResultSet rs = get.executeQuery()) {
                        if (!rs.next() || codec.decode(rs.getBytes(1)) == null) {
                            throw new IllegalStateException("lost key " + i);
                        }
                    }
                }
            }
            print("SQLite get, scattered order, 1 thread", n, n / seconds(start), "gets/s", "");
        }
    }

    private interface Range {
        void run(int from, int to);
    }

    private static void runThreads(int threads, int n, Range work) throws InterruptedException {
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int from = (int) ((long) n * t / threads);
            int to = (int) ((long) n * (t + 1) / threads);
            started.add(Thread.ofPlatform().start(() -> work.run(from, to)));
        }
        for (Thread thread : started) {
            thread.join();
        }
    }

    private static void print(String what, int n, double figure, String unit, String goal) {
        System.out.println(String.format("| %s | %,d | %,.0f | %s | %s |", what, n, figure, unit, goal));
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
