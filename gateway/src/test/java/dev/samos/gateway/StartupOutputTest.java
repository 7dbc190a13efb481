package dev.samos.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees when starting the gateway, from its main method in a JVM of its own: a refusal is one clear
 * message without a stack trace, and a normal start has no noise the user cannot act on.
 */
class StartupOutputTest {

    @TempDir
    Path portal;

    /** Starts the gateway's main with these arguments; reads its output until {@code until} or its exit. */
    private List<String> run(String until, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GatewayApplication.class.getName(),
                "--server.port=0", "--samos.gateway.portal=" + portal, "--samos.gateway.tokens="));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("SAMOS_GATEWAY_TOKENS");
        Process gateway = builder.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(gateway.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
                if (until != null && line.contains(until)) {
                    break;
                }
            }
        } finally {
            gateway.destroy();
            gateway.waitFor(60, TimeUnit.SECONDS);
        }
        return lines;
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
