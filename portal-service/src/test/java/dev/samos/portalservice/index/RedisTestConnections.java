package dev.samos.portalservice.index;

import java.time.Duration;
import io.lettuce.core.ClientOptions;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Connections of the tests to a test Redis ({@link dev.samos.portalservice.testkit.RedisTestServer}). */
public final class RedisTestConnections {

    private RedisTestConnections() {
    }

    /**
     * A started connection factory for the Redis on {@code port}. Commands fail at once while disconnected (rather
     * than queueing until the timeout), so an unreachable Redis is an error the caller sees straight away.
     */
    public static LettuceConnectionFactory to(int port) {
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
}
