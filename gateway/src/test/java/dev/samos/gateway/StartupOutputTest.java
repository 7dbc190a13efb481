package dev.samos.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees when starting the gateway, from its main method in a JVM of its own: a refusal is one clear
 * message without a stack trace, and a normal start has no noise the user cannot act on.
 */
class StartupOutputTest {

    @TempDir
    Path portal;

    /** How long the child may take to print what a run waits for (a banner, or its refusal and exit). */
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    /**
     * Starts the gateway's main with these arguments; reads its output until {@code until} or its exit. A read
     * blocks for as long as the child is silent, so the lines are read on a thread of their own and waited for here
     * with a deadline: a missing banner fails the test in {@link #DEADLINE}, not at surefire's fork limit.
     */
    private List<String> run(String until, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", applicationClassPath(), GatewayApplication.class.getName(),
                "--server.port=0", "--samos.gateway.portal=" + portal, "--samos.gateway.tokens="));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("SAMOS_GATEWAY_TOKENS");
        Process gateway = builder.start();
        BlockingQueue<Optional<String>> output = new LinkedBlockingQueue<>(); // empty: the output has ended
        Thread.ofVirtual().name("gateway-output").start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(gateway.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    output.add(Optional.of(line));
                }
            } catch (IOException closed) {
                // the stream was closed under the read (the finally below): the output has ended for us too
            } finally {
                output.add(Optional.empty());
            }
        });
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        try {
            while (true) {
                Optional<String> line = output.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null) {
                    fail("%s within %d s; its output so far:%n%s", until == null ? "the gateway did not exit"
                            : "the gateway printed no line with '" + until + "'", DEADLINE.toSeconds(),
                            String.join("\n", lines));
                }
                if (line.isEmpty()) {
                    break;
                }
                lines.add(line.get());
                if (until != null && line.get().contains(until)) {
                    break;
                }
            }
        } finally {
            stop(gateway);
        }
        return lines;
    }

    /**
     * The test class path without test classes and test-jars: what a user's gateway has. Under {@code mvn test} the
     * reactor puts common's {@code target/test-classes} here, and its logback-test.xml (root off) silenced the child.
     */
    private static String applicationClassPath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("-tests.jar"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** Ends the child and whatever it started: gracefully if it will, by force if it will not within a minute. */
    private static void stop(Process gateway) throws Exception {
        List<ProcessHandle> descendants = gateway.descendants().toList(); // once it is gone they are no longer its
        gateway.destroy();
        if (!gateway.waitFor(60, TimeUnit.SECONDS)) {
            gateway.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        gateway.getInputStream().close(); // a descendant holding the pipe open would keep the reader thread waiting
    }

    @Test
    void withoutATokenOffLoopbackItRefusesInOneClearLine() throws Exception {
        List<String> output = run(null, "--server.address=0.0.0.0");
        assertThat(output).filteredOn(line -> line.contains("samos.gateway.tokens is empty but the gateway listens "
                + "on '0.0.0.0': set at least one token (SAMOS_GATEWAY_TOKENS) or listen on 127.0.0.1 only"))
                .hasSize(1);
        assertThat(output).as(String.join("\n", output))
                .noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by:"))
                .noneMatch(line -> line.contains("Exception"));
    }

    @Test
    void aNormalStartPrintsNoGeneratedPassword() throws Exception {
        List<String> output = run("Samos API:", "--server.address=127.0.0.1");
        assertThat(output).as(String.join("\n", output)).anyMatch(line -> line.contains("Samos API:"))
                .noneMatch(line -> line.contains("Using generated security password"))
                .noneMatch(line -> line.startsWith("\tat "));
        assertThat(Files.exists(portal)).isTrue();
    }
}
