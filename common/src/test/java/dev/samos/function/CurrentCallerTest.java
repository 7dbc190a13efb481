package dev.samos.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurrentCallerTest {

    @Test
    void aPureUsedBeforeAnyPortalClassFindsTheDefaultPortal(@TempDir Path folder) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dsamos.portal=" + folder, "-cp", System.getProperty("java.class.path"),
                FirstCallIsAPure.class.getName())
                .redirectErrorStream(true).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output.lines()).as(output).contains("RESULT 144");
        assertThat(folder).isNotEmptyDirectory();
    }

    @Test
    void theProviderIsTheOnlyOne() throws Exception {
        Class.forName(CurrentCaller.DEFAULT_PROVIDER);     // registers, opening no portal
        assertThatThrownBy(() -> CurrentCaller.provide(() -> null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("provided already");
    }
}
