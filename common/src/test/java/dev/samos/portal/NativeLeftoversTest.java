package dev.samos.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samos.codec.StorageCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that used SQLite and LZ4 and was killed with {@code kill -9} (as a worker JVM past its time limit is) leaves
 * nothing in the temp folder; its native library sits once in the per-user cache folder, reused by the next JVM.
 */
class NativeLeftoversTest {

    @TempDir
    Path dir;

    @Test
    void aKilledJvmLeavesNothingInTheTempFolderAndTheCachedLibraryIsReused() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path nativeDir = dir.resolve("native");
        for (int run = 0; run < 2; run++) {
            killedAfterUse(tmp, nativeDir, dir.resolve("portal"));
            assertThat(listing(tmp)).as("temp folder after kill -9 (run %d)", run).isEmpty();
            assertThat(listing(nativeDir)).as("per-user native folder after run %d", run)
                    .singleElement().asString().endsWith(".so");
        }
    }

    private static void killedAfterUse(Path tmp, Path nativeDir, Path portal) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-Dsamos.nativeDir=" + nativeDir,
                "-cp", System.getProperty("java.class.path"), UsesSqliteAndLz4.class.getName(), portal.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = out.readLine()) != null && !line.equals("ready")) {
                seen.append(line).append('\n');
            }
            assertThat(line).as("the child's output: " + seen).isEqualTo("ready");
            child.destroyForcibly();    // SIGKILL: no shutdown hook, no deleteOnExit
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static List<String> listing(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).map(f -> folder.relativize(f).toString()).toList();
        }
    }

    /** Opens a portal (SQLite), stores and reads back a value (LZ4), says so, and waits to be killed. */
    public static final class UsesSqliteAndLz4 {
        public static void main(String[] args) throws Exception {
            try (Portal portal = Portal.local(Path.of(args[0]))) {
                StorageCodec codec = new StorageCodec();
                byte[] encoded = codec.encode(List.of("x".repeat(100_000)));
                if (!codec.decode(encoded).equals(List.of("x".repeat(100_000)))) {
                    throw new AssertionError("round trip");
                }
                portal.describe();
                System.out.println("ready");
                System.out.flush();
                Thread.sleep(600_000);
            }
        }
    }
}
