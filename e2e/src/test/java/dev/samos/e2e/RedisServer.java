package dev.samos.e2e;

import dev.samos.portalservice.testkit.RedisTestServer;
import java.net.URI;

/**
 * The suite's redis-server: portal-service's test server (no persistence, a free port of 127.0.0.1), with the e2e
 * bookkeeping around it — leftovers of a run that was cut short are killed first, and its process is remembered
 * until it stops, so the next run can do the same.
 */
public final class RedisServer implements AutoCloseable {

    private final RedisTestServer server;

    private RedisServer(RedisTestServer server) {
        this.server = server;
    }

    public static RedisServer start() {
        long started = System.nanoTime();
        E2e.killLeftovers();
        RedisServer running = new RedisServer(RedisTestServer.start());
        running.server.process().ifPresent(E2e::remember);
        System.out.printf("[e2e] %s started in %.1f s%n", running, (System.nanoTime() - started) / 1e9);
        return running;
    }

    public int port() {
        return server.port();
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public URI url() {
        return server.url();
    }

    @Override
    public void close() {
        server.process().ifPresent(E2e::forget);
        server.close();
    }

    @Override
    public String toString() {
        return server.toString();
    }
}
