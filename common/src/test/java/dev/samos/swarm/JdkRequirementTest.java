package dev.samos.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Where the default {@code java} is older than 25 (here {@code /usr/bin/java} is 17): {@code bin/samos} finds a JDK
 * 25 as {@code .ci/run} does (JAVA_HOME, the java on the PATH, then {@code /usr/lib/jvm}), and the build stops
 * before compiling with a message that says what to do (was: javac's "release version 25 not supported").
 */
class JdkRequirementTest {

    private static final Path SCRIPT = Path.of("..", "bin", "samos").toAbsolutePath().normalize();

    @Test
    void withAnOlderJavaOnThePathAndNoJavaHomeItFindsAJdk25() throws Exception {
        String jdk = run(Map.of("PATH", "/usr/bin:/bin"));
        assertThat(javaVersion(Path.of(jdk))).startsWith("25");
    }

    @Test
    void aJavaHomeThatIsNot25IsPassedOver() throws Exception {
        Path older = Path.of("/usr/bin/java").toRealPath().getParent().getParent();
        String jdk = run(Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", older.toString()));
        assertThat(Path.of(jdk)).isNotEqualTo(older);
        assertThat(javaVersion(Path.of(jdk))).startsWith("25");
    }

    @Test
    void theBuildOnAnOlderJdkSaysToPointJavaHomeAtAJdk25() throws Exception {
        Path older = Path.of("/usr/bin/java").toRealPath().getParent().getParent();
        Assumptions.assumeFalse(javaVersion(older).startsWith("25"), "the default java here is already 25");
        ProcessBuilder builder = new ProcessBuilder(Path.of("..", "mvnw").toAbsolutePath().normalize().toString(),
                "-B", "-o", "-N", "validate").directory(Path.of("..").toAbsolutePath().normalize().toFile())
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", older.toString());
        builder.environment().put("PATH", older.resolve("bin") + ":/usr/bin:/bin");
        Process maven = builder.start();
        String out = new String(maven.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(maven.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(maven.exitValue()).as(out).isNotZero();
        assertThat(out).contains("Samos builds with JDK 25").contains("Point JAVA_HOME at a JDK 25")
                .contains("/usr/lib/jvm/temurin-25-jdk-amd64").doesNotContain("release version 25 not supported");
    }

    private static String run(Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), "jdk").redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    /** What {@code java -version} of the JDK at {@code home} reports, e.g. "25.0.3". */
    private static String javaVersion(Path home) throws IOException, InterruptedException {
        assertThat(Files.isExecutable(home.resolve("bin").resolve("java"))).as(home + "/bin/java").isTrue();
        Process process = new ProcessBuilder(home.resolve("bin").resolve("java").toString(), "-version")
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int quote = out.indexOf('"');
        return out.substring(quote + 1, out.indexOf('"', quote + 1));
    }
}
