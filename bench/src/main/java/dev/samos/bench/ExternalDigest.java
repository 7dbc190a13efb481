package dev.samos.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Times a system SHA-256 command ({@code sha256sum}, the yardstick of the address goal, or {@code openssl dgst})
 * on the bytes AddressBench hashes.
 *
 * <p>A single run pays process start (about a millisecond), which swamps 1 KiB and 1 MiB. For those the figure is
 * the marginal cost of one more file: {@code (t(K files) - t(1 file)) / (K - 1)}, so process start cancels and what
 * remains is open + read from page cache + hash, each run best of N. For 256 MiB one run is timed as it is: process
 * start is under 1% of it.
 */
final class ExternalDigest {

    private static final long BIG = 64L * Inputs.MIB;

    private final List<String> command;
    private final int repeats;

    /** {@code command} is run with file names appended, e.g. {@code sha256sum} or {@code openssl dgst -sha256}. */
    ExternalDigest(List<String> command, int repeats) {
        this.command = List.copyOf(command);
        this.repeats = repeats;
    }

    /** Whether {@code probe} (e.g. {@code sha256sum --version}) runs and exits 0. */
    static boolean available(List<String> probe) {
        try {
            return run(probe) >= 0;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    /** Seconds the command needs for {@code size} bytes, by the method in the class comment. */
    double secondsFor(int size) throws IOException {
        Path file = Files.createTempFile("samos-bench-" + size + "-", ".bin");
        try {
            Files.write(file, Inputs.randomBytes(size));
            int copies = size >= BIG ? 1 : (int) Math.min(2000, Math.max(16, BIG / size));
            double one = best(command(file, 1));
            if (copies == 1) {
                return one;
            }
            return (best(command(file, copies)) - one) / (copies - 1);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private List<String> command(Path file, int copies) {
        List<String> full = new ArrayList<>(command.size() + copies);
        full.addAll(command);
        for (int i = 0; i < copies; i++) {
            full.add(file.toString());
        }
        return full;
    }

    private double best(List<String> command) throws IOException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < repeats; i++) {
            best = Math.min(best, run(command));
        }
        return best / 1e9;
    }

    /** Nanoseconds from start to exit. */
    private static long run(List<String> command) throws IOException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            int exit = process.waitFor();
            long elapsed = System.nanoTime() - start;
            if (exit != 0) {
                throw new IllegalStateException(command.getFirst() + " exited with " + exit);
            }
            return elapsed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while timing " + command.getFirst(), e);
        }
    }
}
