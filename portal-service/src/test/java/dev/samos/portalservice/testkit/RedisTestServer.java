package dev.samos.portalservice.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import redis.embedded.RedisServer;

/**
 * A real redis-server (the 6.2 binary embedded-redis ships) on a free port of 127.0.0.1, for tests and benchmarks:
 * no Redis needs to be installed or running, and none that is running is touched. Persistence is off unless a
 * directory is given. Used by portal-service's tests and by e2e (through this test-jar); it needs only embedded-redis,
 * so a module that talks to Redis through a service, not a client, can use it.
 */
public final class RedisTestServer implements AutoCloseable {

    private final RedisServer server;
    private final int port;

    private RedisTestServer(int port, Path appendOnlyDirectory) {
        this.port = port;
        try {
            var builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"");
            if (appendOnlyDirectory != null) {
                builder.setting("dir " + appendOnlyDirectory).setting("appendonly yes")
                        .setting("appendfsync always");
            } else {
                builder.setting("appendonly no");
            }
            this.server = builder.build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start redis-server on port " + port, e);
        }
    }

    public static RedisTestServer start() {
        return new RedisTestServer(freePort(), null);
    }

    /** A server that writes every change to an append-only file in {@code directory} and reloads it on start. */
    public static RedisTestServer persistent(int port, Path directory) {
        return new RedisTestServer(port, directory);
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public URI url() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    /** The redis-server process (a child of this JVM), if it is still there. */
    public Optional<ProcessHandle> process() {
        String portText = Integer.toString(port);
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().map(c -> c.contains("redis-server") && c.contains(portText))
                        .orElse(false))
                .findFirst();
    }

    @Override
    public void close() {
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

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
