package dev.samos.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * A real redis-server (the 6.2 binary embedded-redis ships; no Redis needs to be installed, none running is touched)
 * on a free port of 127.0.0.1, without persistence.
 */
public final class RedisServer implements AutoCloseable {

    private final redis.embedded.RedisServer server;
    private final int port;

    private RedisServer(redis.embedded.RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static RedisServer start() {
        long started = System.nanoTime();
        int port = E2e.freePort();
        try {
            redis.embedded.RedisServer server = redis.embedded.RedisServer.newRedisServer().port(port)
                    .bind("127.0.0.1").setting("save \"\"").setting("appendonly no").build();
            E2e.killLeftovers();
            server.start();
            RedisServer running = new RedisServer(server, port);
            running.process().ifPresent(E2e::remember);
            System.out.printf("[e2e] %s started in %.1f s%n", running, (System.nanoTime() - started) / 1e9);
            return running;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start redis-server on port " + port, e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public URI url() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    /** The redis-server process (a child of this JVM). */
    private java.util.Optional<ProcessHandle> process() {
        String portText = Integer.toString(port);
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().map(c -> c.contains("redis-server") && c.contains(portText))
                        .orElse(false))
                .findFirst();
    }

    @Override
    public void close() {
        process().ifPresent(E2e::forget);
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "redis-server " + url();
    }
}
