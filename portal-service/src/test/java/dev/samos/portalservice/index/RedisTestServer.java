package dev.samos.portalservice.index;

import io.lettuce.core.ClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import redis.embedded.RedisServer;

/**
 * A real redis-server (the 6.2 binary embedded-redis ships) on a free port, for tests and the benchmark: no Redis
 * needs to be running, and none that is running is touched. Persistence is off unless a directory is given.
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
            }
            this.server = builder.build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RedisTestServer start() {
        return new RedisTestServer(freePort(), null);
    }

    /** A server that writes every change to an append-only file in {@code directory} and reloads it on start. */
    static RedisTestServer persistent(int port, Path directory) {
        return new RedisTestServer(port, directory);
    }

    public int port() {
        return port;
    }

    /**
     * A started connection factory for this server. Commands fail at once while disconnected (rather than queueing
     * until the timeout), so an unreachable Redis is an error the caller sees straight away.
     */
    LettuceConnectionFactory connections() {
        return connections(port);
    }

    public static LettuceConnectionFactory connections(int port) {
        LettuceClientConfiguration client = LettuceClientConfiguration.builder()
                .commandTimeout(Duration.ofSeconds(10))
                .clientOptions(ClientOptions.builder()
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build())
                .build();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", port), client);
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
