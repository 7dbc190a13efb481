package dev.samos.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's run command and curl session, for real: the packaged gateway jar started as its own process with
 * {@code java -jar}, the session's requests sent over HTTP (the function's JSON taken from the README itself), then
 * a graceful stop.
 */
class GatewayReadmeIT {

    @Test
    void theReadmeSessionWorksAgainstThePackagedJar() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(readme).contains("java -jar gateway/target/samos-gateway.jar");
        Matcher function = Pattern.compile("cat > square.json <<'EOF'\\n(.*?)\\nEOF", Pattern.DOTALL).matcher(readme);
        assertThat(function.find()).as("the README's square.json").isTrue();

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path workDir = Files.createTempDirectory("samos-readme");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "samos-gateway.jar").toAbsolutePath().toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("gateway.log").toFile());
        builder.environment().put("SAMOS_PORT", Integer.toString(port));
        Process gateway = builder.start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            String base = "http://localhost:" + port;
            awaitHealthy(http, base, gateway, workDir);

            String fn = field(post(http, base + "/api/v1/functions", function.group(1)), "address");
            String call = post(http, base + "/api/v1/functions/" + fn + "/calls", "{\"kwargs\": {\"x\": 12}}");
            assertThat(call).contains("\"status\":\"DONE\"").contains("\"result\":144");
            String ex = field(post(http, base + "/api/v1/functions/" + fn + "/swarm", "{\"kwargs\": {\"x\": 7}}"),
                    "execution");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!get(http, base + "/api/v1/executions/" + ex).contains("\"status\":\"DONE\"")) {
                assertThat(System.nanoTime()).as("swarmed call done").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(get(http, base + "/api/v1/executions/" + ex + "/result")).isEqualTo("49");
            assertThat(Files.readString(workDir.resolve("gateway.log")))
                    .contains("Samos standalone portal folder: " + workDir.resolve("samos-portal"));
        } finally {
            gateway.destroy(); // SIGTERM: a graceful shutdown
            assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).as("the gateway stopped").isTrue();
        }
    }

    static void awaitHealthy(HttpClient http, String base, Process gateway, Path workDir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            assertThat(gateway.isAlive()).as("gateway running; log: %s", workDir.resolve("gateway.log")).isTrue();
            try {
                if (get(http, base + "/actuator/health").contains("UP")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            assertThat(System.nanoTime()).as("gateway healthy in time").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    static String post(HttpClient http, String url, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return response.body();
    }

    static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** What the README's sed does: the first string value of the field. */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return m.group(1);
    }
}
