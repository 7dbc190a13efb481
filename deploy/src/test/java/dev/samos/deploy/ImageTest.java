package dev.samos.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;

/**
 * The image recipe without a Docker engine: the Dockerfile's rules (pinned bases, non-root, health check, labels,
 * container-aware heap), and its layers done for real — each service's jar extracted with
 * {@code java -Djarmode=tools} exactly as the Dockerfile's RUN does, the layers it COPYs checked against those the
 * jar has, merged as COPY merges them, and the gateway started from the result with the image's ENTRYPOINT, health
 * check and structured logs.
 */
class ImageTest {

    static final List<String> SERVICES = DeployFiles.SERVICES;
    private static final Pattern LAYER_COPY =
            Pattern.compile("--from=extract /build/extracted/([a-z-]+)/ /opt/samos/");

    private static Dockerfile dockerfile;
    private static Dockerfile image;

    @BeforeAll
    static void read() throws IOException {
        dockerfile = Dockerfile.read(DeployFiles.file("deploy/docker/Dockerfile"));
        image = dockerfile.finalStage();
    }

    @Test
    void basesArePinnedMaintainedJdk25Images() {
        List<String> bases = new ArrayList<>();
        for (String from : dockerfile.all("FROM")) {
            String base = from.split("\\s+")[0];
            bases.add(base.equals("${RUNTIME}") ? dockerfile.argDefault("RUNTIME") : base);
        }
        assertThat(bases).isNotEmpty().allSatisfy(base -> assertThat(base).matches("eclipse-temurin:25-(jre|jdk)"));
    }

    @Test
    void runsAsAnUnprivilegedNumericUser() {
        List<String> users = image.all("USER");
        assertThat(users).hasSize(1);
        assertThat(users.getFirst()).matches("[1-9]\\d*:[1-9]\\d*");
        // USER comes after the last RUN that needs root, and before the process starts.
        List<String> order = image.instructions().stream().map(Dockerfile.Instruction::keyword).toList();
        assertThat(order.lastIndexOf("USER")).isGreaterThan(order.lastIndexOf("RUN"))
                .isLessThan(order.indexOf("ENTRYPOINT"));
    }

    @Test
    void hasAHealthCheckLabelsAndAContainerAwareHeap() {
        assertThat(image.all("HEALTHCHECK")).singleElement().asString().contains("CMD [\"/opt/samos/healthcheck.sh\"]");
        String labels = String.join(" ", image.all("LABEL"));
        for (String label : List.of("title", "description", "version", "revision", "vendor", "licenses",
                "base.name")) {
            assertThat(labels).contains("org.opencontainers.image." + label + "=");
        }
        assertThat(String.join(" ", image.all("ENV"))).contains("-XX:MaxRAMPercentage=");
        assertThat(image.all("ENTRYPOINT")).singleElement().asString().startsWith("[\"java\"");
    }

    /** Only what the Dockerfile COPYs from the build context is sent to the daemon. */
    @Test
    void dockerignoreLetsThroughExactlyWhatIsCopied() throws IOException {
        List<String> allowed = Files.readAllLines(DeployFiles.file(".dockerignore")).stream()
                .filter(l -> l.startsWith("!")).map(l -> l.substring(1)).toList();
        List<String> copied = new ArrayList<>();
        for (String copy : dockerfile.all("COPY")) {
            if (!copy.startsWith("--from")) {
                String source = copy.split("\\s+")[0];
                for (String service : SERVICES) {
                    copied.add(source.replace("${SERVICE}", service));
                }
            }
        }
        assertThat(copied.stream().distinct()).containsExactlyInAnyOrderElementsOf(allowed);
        assertThat(Files.readAllLines(DeployFiles.file(".dockerignore"))).contains("*");
    }

    @Test
    void copiesEveryLayerTheJarsHaveInTheirOrder() throws Exception {
        List<String> copied = copiedLayers();
        for (String service : SERVICES) {
            List<String> listed = run(DeployFiles.target(), java(), "-Djarmode=tools", "-jar",
                    DeployFiles.jar(service).toString(), "list-layers").lines().map(String::strip)
                    .filter(l -> !l.isEmpty()).toList();
            assertThat(copied).as(service).isEqualTo(listed);
        }
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void theExtractedLayersMergeIntoTheWholeApplication(String service, @TempDir Path work) throws Exception {
        Path merged = extractAndMerge(service, work);
        assertThat(merged.resolve("org/springframework/boot/loader/launch/JarLauncher.class")).isRegularFile();
        assertThat(merged.resolve("BOOT-INF/classes/application.properties")).isRegularFile();
        try (JarFile jar = new JarFile(DeployFiles.jar(service).toFile());
                Stream<Path> libs = Files.list(merged.resolve("BOOT-INF/lib"))) {
            long inJar = jar.stream().filter(e -> e.getName().matches("BOOT-INF/lib/[^/]+\\.jar")).count();
            assertThat(libs.count()).isEqualTo(inJar).isPositive();
        }
    }

    /**
     * The gateway (standalone, it needs no other server) from the merged layers with the ENTRYPOINT's command and
     * the image's JVM options: the health check script turns healthy, and {@code LOGGING_STRUCTURED_FORMAT_CONSOLE}
     * makes every log line a JSON object.
     */
    @Test
    void theGatewayStartsFromItsLayersAndTurnsHealthyWithJsonLogs(@TempDir Path work) throws Exception {
        Path merged = extractAndMerge("gateway", work);
        List<String> command = new ArrayList<>();
        for (JsonNode part : DeployFiles.JSON.readTree(image.all("ENTRYPOINT").getFirst())) {
            command.add(part.asString());
        }
        command.set(0, java());
        command.set(command.indexOf("/opt/samos"), merged.toString());
        int port = freePort();
        Path home = Files.createDirectories(work.resolve("home"));
        Path log = work.resolve("gateway.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("SAMOS_") || k.startsWith("SPRING_"));
        builder.environment().put("SAMOS_PORT", Integer.toString(port));
        builder.environment().put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
        builder.environment().put("JDK_JAVA_OPTIONS", jvmOptions() + " -Xmx192m -XX:TieredStopAtLevel=1");
        Process gateway = builder.start();
        try {
            assertThat(HealthCheck.run(port)).as("health check before start").isNotZero();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
            int status = 1;
            while (status != 0 && gateway.isAlive() && Instant.now().isBefore(deadline)) {
                Thread.sleep(500);
                status = HealthCheck.run(port);
            }
            assertThat(status).as("health check; log:\n" + Files.readString(log)).isZero();
            List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
            // The JVM's own notices (the launcher's "Picked up JDK_JAVA_OPTIONS", warnings) are not logging;
            // everything the application logs is one JSON object per line.
            List<String> logged = lines.stream().filter(l -> !l.startsWith("NOTE: ") && !l.startsWith("WARNING: "))
                    .toList();
            assertThat(lines.getFirst()).startsWith("NOTE: Picked up JDK_JAVA_OPTIONS: -XX:MaxRAMPercentage=");
            assertThat(logged).hasSizeGreaterThan(3);
            for (String line : logged) {
                JsonNode event = DeployFiles.JSON.readTree(line);
                assertThat(event.has("@timestamp") && event.path("log").has("level")).as(line).isTrue();
            }
            assertThat(lines).anyMatch(l -> l.contains("\"name\":\"samos-gateway\""));
        } finally {
            gateway.destroy();
            if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
                gateway.destroyForcibly(); // a gateway that does not stop must not outlive the test
            }
        }
    }

    private static List<String> copiedLayers() {
        List<String> layers = new ArrayList<>();
        for (String copy : image.all("COPY")) {
            Matcher layer = LAYER_COPY.matcher(copy);
            if (layer.find()) {
                layers.add(layer.group(1));
            }
        }
        return layers;
    }

    /** The Dockerfile's extract stage (its RUN, run here) followed by its COPYs, into {@code work/opt}. */
    private static Path extractAndMerge(String service, Path work) throws Exception {
        String extract = dockerfile.all("RUN").stream().filter(r -> r.contains("-Djarmode=tools")).findFirst()
                .orElseThrow();
        Files.copy(DeployFiles.jar(service), work.resolve("app.jar"));
        List<String> command = new ArrayList<>(List.of(extract.split("\\s+")));
        command.set(0, java());
        run(work, command.toArray(String[]::new));
        Path merged = Files.createDirectories(work.resolve("opt"));
        for (String layer : copiedLayers()) {
            Path from = work.resolve("extracted").resolve(layer);
            assertThat(from).as(service + " layer " + layer).isDirectory();
            try (Stream<Path> files = Files.walk(from)) {
                for (Path file : files.toList()) {
                    Path to = merged.resolve(from.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        return merged;
    }

    private static String jvmOptions() {
        Matcher options = Pattern.compile("JDK_JAVA_OPTIONS=\"([^\"]+)\"").matcher(String.join(" ", image.all("ENV")));
        assertThat(options.find()).isTrue();
        return options.group(1);
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String run(Path directory, String... command) throws Exception {
        Command run = Command.run(directory, List.of(command));
        assertThat(run.exit()).as(String.join(" ", command) + "\n" + run.output()).isZero();
        return run.output();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
