package dev.samos.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command run to its end (a jar's layer tools, promtool): its exit status and its output, stdout and stderr
 * together. The output goes to a file, not a pipe read while the command runs, so a command that never ends fails
 * the test after {@link #DEADLINE} naming it, instead of blocking a read until surefire's fork limit.
 */
record Command(int exit, String output) {

    static final Duration DEADLINE = Duration.ofSeconds(120);

    static Command run(Path directory, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("samos-command-", ".log");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError(String.join(" ", command) + " did not end within " + DEADLINE.toSeconds()
                        + " s; its output so far:\n" + new String(Files.readAllBytes(log)));
            }
            return new Command(process.exitValue(), new String(Files.readAllBytes(log)));
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }
}
