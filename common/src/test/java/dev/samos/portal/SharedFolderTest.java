package dev.samos.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samos.examples.MyLongRunningFunction;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several real JVMs share one portal folder: they see each other's results and compute a call once. */
class SharedFolderTest {

    @TempDir
    Path folder;

    private Process child(String a, String b) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SharedFolder.class.getName(),
                folder.toString(), a, b).redirectErrorStream(true).start();
    }

    @Test
    void threeJvmsCallingTheSameFunctionAtOnceComputeItOnce() throws Exception {
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            children.add(child("1", "2"));
        }
        for (Process child : children) {
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child finished").isTrue();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(output).contains("RESULT 21.0");
            assertThat(child.exitValue()).as(output).isZero();
        }
        try (Portal portal = Portal.local(folder)) {
            Pure slow = portal.pure(MyLongRunningFunction.class);
            var address = portal.executionAddress(slow, Kwargs.of("a", 1.0, "b", 2.0, "sleepMillis", 1500));
            assertThat(portal.record(address).orElseThrow().attempts()).hasSize(1);
            assertThat(slow.call("a", 1.0, "b", 2.0, "sleepMillis", 1500)).isEqualTo(21.0);
            assertThat(portal.record(address).orElseThrow().attempts()).hasSize(1);
        }
    }

    @Test
    void aResultStoredByAnotherJvmIsFound() throws Exception {
        Process child = child("5", "6");
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();
        try (Portal portal = Portal.local(folder)) {
            Pure slow = portal.pure(MyLongRunningFunction.class);
            var address = portal.executionAddress(slow, Kwargs.of("a", 5.0, "b", 6.0, "sleepMillis", 1500));
            assertThat(portal.record(address).orElseThrow().attempts().getFirst().worker())
                    .doesNotContain("/" + ProcessHandle.current().pid() + "/");
            assertThat(slow.call("a", 5.0, "b", 6.0, "sleepMillis", 1500)).isEqualTo(65.0);
            assertThat(portal.record(address).orElseThrow().attempts()).hasSize(1);
        }
    }
}
