package dev.samos.gateway.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A request to the gateway under test on this machine: JSON in (or no body), the answer as text. */
final class LocalApi {

    private LocalApi() {
    }

    /** Sends {@code method path} with {@code body} (null: none) to the gateway on {@code port}. */
    static HttpResponse<String> send(HttpClient http, int port, String method, String path, String body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
