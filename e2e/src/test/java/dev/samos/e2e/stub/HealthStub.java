package dev.samos.e2e.stub;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A stand-in service for {@code ServiceProcessTest}: answers {@code GET /actuator/health} on {@code --server.port=N}
 * like Spring Boot. {@code --fail} exits with 3 at once, {@code --down} answers DOWN forever, {@code --child} starts a
 * long-running child process first. Prints a line from its shutdown hook, so a test sees whether SIGTERM or SIGKILL
 * ended it.
 */
public final class HealthStub {

    public static void main(String[] args) throws IOException {
        List<String> options = List.of(args);
        int port = options.stream().filter(a -> a.startsWith("--server.port=")).findFirst()
                .map(a -> Integer.parseInt(a.substring("--server.port=".length()))).orElseThrow();
        System.out.println("stub: starting on port " + port + " with " + options);
        if (options.contains("--fail")) {
            System.out.println("stub: failing on purpose");
            System.exit(3);
        }
        if (options.contains("--child")) {
            Process child = new ProcessBuilder("sleep", "600").start();
            System.out.println("stub: child pid " + child.pid());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("stub: shutdown hook ran")));
        String status = options.contains("--down") ? "DOWN" : "UP";
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/actuator/health", exchange -> {
            byte[] body = ("{\"status\":\"" + status + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.equals("UP") ? 200 : 503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        System.out.println("stub: listening");
    }

    private HealthStub() {
    }
}
