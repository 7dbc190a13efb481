package dev.samos.portalservice.cluster;

import dev.samos.portalservice.store.StoreTally;
import dev.samos.store.ValueStore.StoreSize;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The value store's counts in Redis ({@code HINCRBY}), shared by every portal-service replica, so describe() tells
 * the cluster's counts, not one replica's. Lost with Redis; the rebuild counts S3 again.
 */
final class RedisStoreTally implements StoreTally {

    private static final byte[] VALUES = "values".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BYTES = "bytes".getBytes(StandardCharsets.UTF_8);

    private final RedisConnectionFactory connections;
    private final byte[] key;

    RedisStoreTally(RedisConnectionFactory connections, String prefix) {
        this.connections = connections;
        this.key = (prefix + "store").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void add(long values, long bytes) {
        try (RedisConnection connection = connections.getConnection()) {
            connection.hashCommands().hIncrBy(key, VALUES, values);
            connection.hashCommands().hIncrBy(key, BYTES, bytes);
        }
    }

    @Override
    public StoreSize read() {
        try (RedisConnection connection = connections.getConnection()) {
            List<byte[]> counts = connection.hashCommands().hMGet(key, VALUES, BYTES);
            return new StoreSize(number(counts.get(0)), number(counts.get(1)));
        }
    }

    /** Sets the counts to {@code size} (after counting S3 again). */
    void reset(StoreSize size) {
        StoreSize now = read();
        add(size.values() - now.values(), size.bytes() - now.bytes());
    }

    private static long number(byte[] reply) {
        return reply == null ? 0 : Long.parseLong(new String(reply, StandardCharsets.UTF_8));
    }
}
