package dev.samos.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Other JVMs on the same folder: reopening, the one-process rule, kill -9, and more data than the heap. */
class DiskProcessTest {

    @TempDir
    Path dir;

    @Test
    void anotherJvmFindsEveryKeyAndTheParentFindsItsWrites() throws Exception {
        try (DiskMap<Object, Object> map = DiskMap.open(dir)) {
            for (int i = 0; i < 10_000; i++) {
                map.put(i, "v" + i);
            }
        }
        assertThat(run(List.of(), "verify-map", dir.toString(), "10000")).contains("OK 10001");
        try (DiskMap<Object, Object> map = DiskMap.open(dir)) {
            assertThat(map.get("from child")).isEqualTo(List.of("yes", 1));
            assertThat(map).hasSize(10_001);
        }
    }

    @Test
    void aSecondProcessCannotOpenIt() throws Exception {
        Process child = start(List.of(), "hold", dir.toString());
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            awaitLine(out, "OPEN");
            assertThatThrownBy(() -> DiskMap.open(dir))
                    .isInstanceOf(DiskCollectionLockedException.class)
                    .hasMessageContaining("open in another process");
            child.getOutputStream().close();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isZero();
        } finally {
            child.destroyForcibly().waitFor();
        }
        try (DiskMap<Object, Object> map = DiskMap.open(dir)) {
            assertThat(map.get("held")).isEqualTo(true);
        }
    }

    @Test
    void killMinus9KeepsEverythingFlushedAndTheStoreReadable() throws Exception {
        int n = 20_000;
        Process child = start(List.of(), "flush-then-write", dir.toString(), Integer.toString(n));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            awaitLine(out, "FLUSHED");
            Thread.sleep(1_500);  // let it write (and commit on its own) past the flush before the kill
        } finally {
            child.destroyForcibly().waitFor();
        }
        try (DiskMap<Object, Object> map = DiskMap.open(dir.resolve("map"));
                DiskList<Object> list = DiskList.open(dir.resolve("list"))) {
            for (int i = 0; i < n; i++) {
                assertThat(map.get(i)).isEqualTo("v" + i);
                assertThat(list.get(i)).isEqualTo("e" + i);
            }
            assertThat(map.size()).isGreaterThanOrEqualTo(n);
            long entries = map.entrySet().stream().count();
            assertThat(entries).isEqualTo(map.size());
            // Elements after the flush were appended in order, with a remove(n) every 1000: contiguous, no hole.
            List<Object> all = new ArrayList<>(list);
            assertThat(all).hasSize(list.size()).doesNotContainNull();
        }
    }

    @Test
    void holdsMoreThanTheHeapOfTheJvmThatWroteAndReadsItBack() throws Exception {
        int mapEntries = 40_000;   // 160 MiB
        int listElements = 12_000; // 48 MiB
        String filled = run(List.of("-Xmx64m"), "fill", dir.toString(), Integer.toString(mapEntries),
                Integer.toString(listElements));
        assertThat(filled).contains("FILLED");
        String read = run(List.of("-Xmx64m"), "read-back", dir.toString(), Integer.toString(mapEntries),
                Integer.toString(listElements));
        assertThat(read).contains("READ " + 4096L * (mapEntries + listElements));
    }

    /**
     * 600,000 small map entries, then as many list elements, read back in a scattered order: the map's entries
     * decoded would need about 85 MB, the heap has 64 MiB. (The layout-1 store ran out of memory writing a million
     * of them: MVStore counted only the payload bytes of its byte arrays.)
     */
    @Test
    void holdsMoreSmallEntriesThanTheHeapCouldKeepDecoded() throws Exception {
        int n = 600_000;
        assertThat(run(List.of("-Xmx64m"), "fill-small", dir.toString(), Integer.toString(n))).contains("FILLED");
        assertThat(run(List.of("-Xmx64m"), "read-small", dir.toString(), Integer.toString(n))).contains("READ " + 2 * n);
    }

    private String run(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        Process child = start(jvmOptions, args);
        try {
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as(output).isZero();
            return output;
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    /** Skips the JVM's own warnings, which share the stream. */
    private static void awaitLine(BufferedReader out, String expected) throws IOException {
        List<String> seen = new ArrayList<>();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.equals(expected)) {
                return;
            }
            seen.add(line);
        }
        throw new AssertionError("the child ended without printing " + expected + ": " + seen);
    }

    private static Process start(List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), DiskChild.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
