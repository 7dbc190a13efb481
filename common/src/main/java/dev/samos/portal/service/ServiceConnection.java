package dev.samos.portal.service;

import dev.samos.codec.CorruptValueException;
import dev.samos.codec.StorageCodec;
import dev.samos.portal.PortalStorageException;
import dev.samos.portal.UnknownAddressException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One client's HTTP connection to portal-service: sends wire-codec bodies ({@link ServiceProtocol#WIRE}) and turns every failure into the
 * exception a {@link dev.samos.store.ValueStore} or {@link dev.samos.index.ExecutionIndex} caller expects. An
 * unreachable service or a 5xx is a {@link PortalStorageException} (the portal's "storage is down", which callers
 * already retry or report); a 4xx is the caller's mistake, raised as the exception its problem type names.
 */
final class ServiceConnection implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final ServiceOptions options;
    private final ExecutorService executor;
    private final HttpClient http;
    private final StorageCodec codec;

    ServiceConnection(URI base, ServiceOptions options) {
        String text = Objects.requireNonNull(base, "base").toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.options = Objects.requireNonNull(options, "options");
        // HTTP/1.1: the service is on the cluster's network, keep-alive connections are enough, and an h2c upgrade
        // attempt on every new connection would cost a round trip for nothing.
        //
        // Virtual threads as the client's executor: with the default (a cached pool of platform threads) every call
        // hands its response from the selector thread to a pool thread and then to the caller, and on a loaded
        // machine each of those hops waits for a core — measured, it was most of the ~5 ms round trip (HEAD p50
        // 4.7 ms default, 0.9 ms on virtual threads, 0.5 ms for a raw socket, same run). Not a direct executor: the
        // settled news listeners and body handlers would then run on, and could stall, the selector thread.
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout())
                .executor(executor)
                .build();
        this.codec = new StorageCodec(ServiceConnection.class.getClassLoader());
    }

    URI base() {
        return base;
    }

    ServiceOptions options() {
        return options;
    }

    /** The shared HTTP client, for the settled news stream (which is not a request-and-answer call). */
    HttpClient http() {
        return http;
    }

    /** The storage codec, for values themselves (a batch's container is {@link ServiceProtocol#WIRE}'s). */
    StorageCodec codec() {
        return codec;
    }

    /** A request to {@code path} under the service's base URL, with the timeout and content type set. */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(options.requestTimeout())
                .header("Content-Type", ServiceProtocol.CONTENT_TYPE)
                .header("Accept", ServiceProtocol.CONTENT_TYPE + ", application/problem+json");
    }

    HttpRequest.BodyPublisher encoded(Object body) {
        return HttpRequest.BodyPublishers.ofByteArray(ServiceProtocol.WIRE.encode(body));
    }

    /**
     * Sends {@code request} and gives the response when it is 2xx or one of {@code accepted} (e.g. 404 for a look-up);
     * any other answer is raised.
     *
     * @param operation what the caller was doing, for messages: {@code put value list_3:…}, {@code index claim-next}
     */
    HttpResponse<byte[]> send(HttpRequest request, String operation, int... accepted) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new PortalStorageException("portal-service at " + base + " is unreachable (" + operation + "): "
                    + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PortalStorageException("interrupted while waiting for portal-service at " + base + " ("
                    + operation + ")", e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return response;
        }
        for (int ok : accepted) {
            if (status == ok) {
                return response;
            }
        }
        throw failure(response, operation);
    }

    /** Decodes a 2xx body, refusing an answer of another type than the operation promises. */
    <T> T decode(HttpResponse<byte[]> response, Class<T> type, String operation) {
        Object value;
        try {
            value = ServiceProtocol.WIRE.decode(response.body());
        } catch (CorruptValueException e) {
            throw new PortalStorageException("portal-service at " + base + " sent a damaged answer to " + operation
                    + ": " + e.getMessage(), e);
        }
        if (value != null && !type.isInstance(value)) {
            throw new PortalStorageException("portal-service at " + base + " answered " + operation + " with a "
                    + value.getClass().getName() + ", expected a " + type.getName(), null);
        }
        return type.cast(value);
    }

    private RuntimeException failure(HttpResponse<byte[]> response, String operation) {
        int status = response.statusCode();
        String type = "";
        String detail = "HTTP " + status;
        try {
            JsonNode problem = JSON.readTree(response.body());
            type = problem.path("type").asString("");
            detail = problem.path("detail").asString(detail);
        } catch (RuntimeException notJson) {
            // Not a problem document (a proxy's error page): the status alone decides.
        }
        String message = "portal-service at " + base + " refused " + operation + ": " + detail;
        if (type.equals(ServiceProtocol.PROBLEM_CORRUPT_VALUE)) {
            // 400 (the bytes sent) or 502 (a stored value found damaged and forgotten): either way, corrupt data.
            return new CorruptValueException(message);
        }
        if (status >= 500 || status == 429 || status == 408) {
            return new PortalStorageException("portal-service at " + base + " failed " + operation + " (HTTP "
                    + status + "): " + detail, null);
        }
        return switch (type) {
            case ServiceProtocol.PROBLEM_UNKNOWN_ADDRESS -> new UnknownAddressException(operation, base.toString());
            default -> new IllegalArgumentException(message);
        };
    }

    /**
     * Ends the client now: {@code HttpClient.close()} would wait for every request to complete, and the settled-news
     * stream never does; what is still in flight fails, as it would if the service went away.
     */
    @Override
    public void close() {
        http.shutdownNow();
        try {
            http.awaitTermination(java.time.Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow(); // the client does not shut down an executor it was given
    }
}
