package dev.samos.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway jar as its own JVM, with a small heap and a private temp folder: it starts without JDK
 * warnings a user cannot act on (restricted methods, {@code sun.misc.Unsafe}), answers a 15 MB value it has no
 * memory for with a clear 503 (never a 500) and stays up, and killed with {@code kill -9} leaves no native library
 * in the temp folder.
 */
class GatewayJvmIT {

    @Test
    void aSmallHeapGatewayAnswersALargeValueWithoutA500AndStartsAndDiesCleanly() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path workDir = Files.createTempDirectory("samos-jvm");
        Path tmp = Files.createDirectories(workDir.resolve("tmp"));
        Path log = workDir.resolve("gateway.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx56m", "-Djava.io.tmpdir=" + tmp, "-Dsamos.nativeDir=" + workDir.resolve("native"),
                "-jar", Path.of("target", "samos-gateway.jar").toAbsolutePath().toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("SAMOS_PORT", Integer.toString(port));
        Process gateway = builder.start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            String base = "http://localhost:" + port;
            GatewayReadmeIT.awaitHealthy(http, base, gateway, workDir);

            // 150,000 strings of 100 characters: 15.6 MB of JSON, several times that on a 56 MB heap.
            StringBuilder big = new StringBuilder("[");
            for (int i = 0; i < 150_000; i++) {
                big.append(i == 0 ? "\"" : ",\"").append(String.format("%0100d", i)).append('"');
            }
            String body = big.append(']').toString();
            for (int attempt = 0; attempt < 2; attempt++) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/values"))
                        .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(answer.body()).isNotEqualTo(500).isIn(201, 413, 503);
                if (answer.statusCode() == 503) {
                    assertThat(answer.headers().firstValue("Retry-After")).isPresent();
                    assertThat(answer.body()).contains("insufficient-memory");
                }
            }
            assertThat(GatewayReadmeIT.get(http, base + "/actuator/health")).contains("UP");
            assertThat(GatewayReadmeIT.get(http, base + "/api/v1/portal")).isNotBlank();
            // A function registered and called, so the codec (Kryo, LZ4) and the index have all been used.
            String fn = GatewayReadmeIT.field(GatewayReadmeIT.post(http, base + "/api/v1/functions", """
                    {"source": "public final class Cube implements dev.samos.function.PureFunction { public Object \
                    call(dev.samos.function.Kwargs kwargs) { long x = kwargs.getLong(\\"x\\"); return x * x * x; } }"}\
                    """), "address");
            assertThat(GatewayReadmeIT.post(http, base + "/api/v1/functions/" + fn + "/calls",
                    "{\"kwargs\": {\"x\": 3}}")).contains("\"result\":27");

            String output = Files.readString(log);
            assertThat(output).contains("Started GatewayApplication")
                    .doesNotContain("WARNING: A restricted method")
                    .doesNotContain("sun.misc.Unsafe");
        } finally {
            gateway.destroyForcibly(); // SIGKILL, as a stuck worker JVM is ended
            assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).as("the gateway stopped").isTrue();
        }
        try (Stream<Path> left = Files.walk(tmp)) {
            assertThat(left.filter(f -> f.getFileName().toString().contains(".so")).toList())
                    .as("native libraries left in the temp folder").isEmpty();
        }
    }
}
